// Restore of a stored text version through the change pipeline: the change set that turns the
// live config into the stored one is computed on a fresh session, validated there, previewed,
// and applied (safe mode by default) like any other change. A version of another device or
// tenant is a 404; one taken on another RouterOS major is refused with the reason.
import { listBackups, readBackupText } from '../backups/index.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import { ConflictError, NotFoundError } from '../lib/errors.ts'
import { TrapError, type Row } from '../routeros/index.ts'
import { isOrdered, majorOf } from './catalogue.ts'
import { runnerFor } from './change-runner.ts'
import { startChange, type ChangeCtx } from './changes.service.ts'
import type {
  ChangeActor,
  ChangeMode,
  ChangeOperation,
  ChangeRecord,
  ConfirmMode,
} from './changes.types.ts'
import { askDevice } from './device-link.ts'
import { renderScript } from './render.ts'
import { planRestore, REMOVABLE } from './restore-plan.ts'
import { parseRsc } from './rsc-parse.ts'
import { maskOperations } from './secrets.ts'
import { validateOnDevice, type Problem } from './validate.ts'

export interface RestorePreview {
  backupId: string
  operations: ChangeOperation[]
  script: string
  ok: boolean
  problems: Problem[]
  notes: string[]
}

async function computeRestore(
  ctx: ChangeCtx,
  deviceId: string,
  backupId: string,
): Promise<{ preview: RestorePreview; ops: ChangeOperation[] }> {
  const versions = await listBackups(ctx, deviceId as DeviceId, 100_000)
  const version = versions.find((v) => v.id === backupId)
  if (!version) throw new NotFoundError('Backup not found.', { code: 'backup_not_found' })
  const parsed = parseRsc(await readBackupText(ctx, deviceId as DeviceId, backupId))
  const storedVersion = version.routerosVersion ?? parsed.version ?? null
  return askDevice(ctx.deps, ctx.scope, deviceId, runnerFor(ctx.deps).timings, async (s) => {
    const liveVersion = (await s.print('/system/resource'))[0]?.version ?? ''
    if (storedVersion && majorOf(storedVersion) !== majorOf(liveVersion)) {
      throw new ConflictError(
        `This version was taken on RouterOS ${storedVersion} and the device now runs ${liveVersion}: a config from another major version cannot be restored as a change set (menus and properties differ).`,
        { code: 'restore_version_mismatch' },
      )
    }
    const live = new Map<string, Row[]>()
    for (const path of new Set([...parsed.sections.map((x) => x.path), ...REMOVABLE])) {
      try {
        live.set(path, await s.print(path))
      } catch (e) {
        if (!(e instanceof TrapError)) throw e
      }
    }
    const plan = planRestore(parsed.sections, live, isOrdered)
    const problems = plan.operations.length > 0 ? await validateOnDevice(s, plan.operations) : []
    const masked = maskOperations(plan.operations)
    return {
      ops: plan.operations,
      preview: {
        backupId,
        operations: masked,
        script: renderScript(masked),
        ok: problems.length === 0,
        problems,
        notes: [...parsed.notes, ...plan.notes],
      },
    }
  })
}

/** What restoring the version would change (nothing is applied). */
export async function previewRestore(
  ctx: ChangeCtx,
  deviceId: string,
  backupId: string,
): Promise<RestorePreview> {
  return (await computeRestore(ctx, deviceId, backupId)).preview
}

/** Computes and starts the restore as a change (`source: restore`); no change when nothing differs. */
export async function restoreBackup(
  ctx: ChangeCtx,
  deviceId: string,
  backupId: string,
  how: { mode: ChangeMode; confirm: ConfirmMode; windowS?: number },
  actor: ChangeActor,
): Promise<{ preview: RestorePreview; change?: ChangeRecord; done?: Promise<ChangeRecord> }> {
  const { preview, ops } = await computeRestore(ctx, deviceId, backupId)
  if (ops.length === 0) return { preview }
  if (!preview.ok)
    throw new ConflictError(
      `The restore cannot be applied: ${preview.problems.map((p) => p.message).join('; ')}`,
      { code: 'restore_invalid' },
    )
  const { change, done } = await startChange(ctx, deviceId, { operations: ops, ...how }, actor, {
    source: 'restore',
  })
  return { preview, change, done }
}
