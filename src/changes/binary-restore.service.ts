// Restore of a stored binary `.backup`: the device reboots onto that file's configuration (the
// whole of it, users and passwords included), so the preview says exactly that, and a file
// captured on another RouterOS major is refused with the reason. Applying is one change in the
// history (one at a time per device, audited): see binary-restore-run.ts for the steps.
import {
  binaryPassword,
  listBackups,
  listBinaryBackups,
  readBinaryBackup,
  type BinaryBackupView,
} from '../backups/index.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import { ConflictError, NotFoundError } from '../lib/errors.ts'
import { majorOf } from './catalogue.ts'
import { runnerFor } from './change-runner.ts'
import { startChange, type ChangeCtx } from './changes.service.ts'
import type { ChangeActor, ChangeRecord } from './changes.types.ts'
import { askDevice } from './device-link.ts'
import { runBinaryRestore } from './binary-restore-run.ts'
import { words } from './run-context.ts'

export interface BinaryRestorePreview {
  binaryBackupId: string
  capturedAt: number
  encrypted: boolean
  size: number
  /** the RouterOS version the device ran when the file was made (from that capture's export) */
  capturedOn: string | null
  runningVersion: string
  ok: boolean
  /** why it is refused, when it is */
  reason: string | null
  /** what applying does, in order */
  steps: string[]
}

const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`

async function findBinary(ctx: ChangeCtx, deviceId: string, id: string): Promise<BinaryBackupView> {
  const found = (await listBinaryBackups(ctx.scope, deviceId as DeviceId)).find((b) => b.id === id)
  if (!found) throw new NotFoundError('Backup not found.', { code: 'backup_not_found' })
  return found
}

/** The version of the export captured with the `.backup` (it is made right after a good export). */
async function capturedOn(
  ctx: ChangeCtx,
  deviceId: string,
  b: BinaryBackupView,
): Promise<string | null> {
  const versions = await listBackups(ctx, deviceId as DeviceId, 100_000)
  return (
    versions
      .filter((v) => v.capturedAt <= b.capturedAt && v.routerosVersion)
      .sort((x, y) => y.capturedAt - x.capturedAt)[0]?.routerosVersion ?? null
  )
}

/** What restoring the `.backup` would do (nothing is applied). */
export async function previewBinaryRestore(
  ctx: ChangeCtx,
  deviceId: string,
  id: string,
): Promise<BinaryRestorePreview> {
  const b = await findBinary(ctx, deviceId, id)
  const stored = await capturedOn(ctx, deviceId, b)
  const running = await askDevice(
    ctx.deps,
    ctx.scope,
    deviceId,
    runnerFor(ctx.deps).timings,
    async (s) => (await s.print('/system/resource'))[0]?.version ?? '',
  )
  const reason =
    stored === null
      ? 'The RouterOS version this .backup was made on is no longer known (its export is gone), so it cannot be checked against the device; it is not restored.'
      : majorOf(stored) !== majorOf(running)
        ? `This .backup was made on RouterOS ${stored} and the device now runs ${running}: a .backup of another major version cannot be loaded.`
        : null
  return {
    binaryBackupId: b.id,
    capturedAt: b.capturedAt,
    encrypted: b.encrypted,
    size: b.size,
    capturedOn: stored,
    runningVersion: running,
    ok: reason === null,
    reason,
    steps: [
      `Upload the .backup of ${when(b.capturedAt)} to the device over SFTP.`,
      `Run /system backup load${b.encrypted ? ' with the password Outpost keeps for this device' : ' (the file is not encrypted)'}.`,
      "The device reboots onto that file's configuration: everything made since then is lost, including users and passwords changed since.",
      'Outpost waits for the device to go away and answer again (up to 5 minutes), checks it, and removes the uploaded file.',
    ],
  }
}

/** Starts the restore as a change (`source: restore-backup`); refused when the preview is. */
export async function restoreBinaryBackup(
  ctx: ChangeCtx,
  deviceId: string,
  id: string,
  actor: ChangeActor,
): Promise<{ preview: BinaryRestorePreview; change: ChangeRecord; done: Promise<ChangeRecord> }> {
  const preview = await previewBinaryRestore(ctx, deviceId, id)
  if (!preview.ok)
    throw new ConflictError(preview.reason ?? 'The .backup cannot be restored.', {
      code: 'restore_version_mismatch',
    })
  const data = await readBinaryBackup(ctx, deviceId as DeviceId, id)
  const password = preview.encrypted ? await binaryPassword(ctx, deviceId as DeviceId) : null
  if (preview.encrypted && password === null)
    throw new ConflictError(
      "This .backup is encrypted and the device's backup password is no longer kept.",
      { code: 'restore_no_password' },
    )
  const name = `outpost-restore-${id.toLowerCase()}.backup`
  const label = `the .backup of ${when(preview.capturedAt)}`
  const script = `# upload ${label} as ${name}\n/system backup load name=${name}${password !== null ? ' password="********"' : ''}\n`
  const execute = async (run: Parameters<typeof runBinaryRestore>[0]) => {
    try {
      await runBinaryRestore(run, { name, data, password, label })
    } catch (err) {
      run.deps.log.error(
        { err: words(err), changeId: run.progress.row.id, deviceId },
        'binary restore failed unexpectedly',
      )
      await run.progress
        .finish(
          'failed',
          'an internal error stopped the restore; see the appliance log',
          ctx.deps.clock.now(),
        )
        .catch(() => undefined)
    }
  }
  const { change, done } = await startChange(
    ctx,
    deviceId,
    { operations: [], mode: 'standard', confirm: 'auto' },
    actor,
    { source: 'restore-backup', custom: { script, execute } },
  )
  return { preview, change, done }
}
