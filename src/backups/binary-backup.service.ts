/**
 * The optional binary `.backup` of a device (off by default): `/system backup save` encrypted with
 * a per-device password kept sealed with the tenant key (or `dont-encrypt=yes` by choice), fetched
 * over SFTP on the same SSH session through device access (pinned host key, session limits), and
 * removed from the device afterwards. Files are sealed with the tenant key; the last few are kept.
 */
import { randomBytes } from 'node:crypto'
import type { BinaryBackupMode, DeviceBinaryBackupsTable } from '../db/schema-backups.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { appendEdgeOutbox } from '../db/edge-outbox.ts'
import { classifyError, dataKeyFor, openingKeyFor } from '../device-access/index.ts'
import { NotFoundError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import { openBytes, sealBytes } from '../lib/secretbox.ts'
import type { CaptureCtx } from './capture.service.ts'

export type { BinaryBackupMode }
export const KEEP_BINARY_BACKUPS = 5
const MAX_BACKUP_BYTES = 64 * 1024 * 1024

export interface BinaryBackupView {
  id: string
  capturedAt: number
  encrypted: boolean
  size: number
}

const pwContext = (tenantId: string, deviceId: string) => ({
  tenantId,
  rowId: deviceId,
  field: 'device_backup_options.password_sealed',
})
const fileContext = (tenantId: string, deviceId: string, id: string) => ({
  tenantId,
  rowId: `${deviceId}/${id}`,
  field: 'device_binary_backups.sealed',
})

async function findOption(scope: TenantScope, deviceId: DeviceId) {
  return scope
    .selectFrom('device_backup_options')
    .selectAll()
    .where('device_id', '=', deviceId)
    .executeTakeFirst()
}

export async function binaryMode(
  scope: TenantScope,
  deviceId: DeviceId,
): Promise<BinaryBackupMode> {
  return (await findOption(scope, deviceId))?.binary_mode ?? 'off'
}

/** Turns the `.backup` on (encrypted: a password is generated once and kept) or off. */
export async function setBinaryMode(
  ctx: Pick<CaptureCtx, 'deps' | 'scope'>,
  deviceId: DeviceId,
  mode: BinaryBackupMode,
): Promise<void> {
  const { scope } = ctx
  if (
    !(await scope.selectFrom('devices').select('id').where('id', '=', deviceId).executeTakeFirst())
  )
    throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  const old = await findOption(scope, deviceId)
  let sealed = old?.password_sealed ?? null
  if (mode === 'encrypted' && sealed === null) {
    const key = await dataKeyFor(ctx.deps, scope)
    sealed = sealBytes(
      key,
      Buffer.from(randomBytes(18).toString('base64url')),
      pwContext(scope.tenantId, deviceId),
    )
  }
  const values = { binary_mode: mode, password_sealed: sealed, updated_at: ctx.deps.clock.now() }
  await scope
    .insertInto('device_backup_options', { device_id: deviceId, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'device_id']).doUpdateSet(values))
    .execute()
}

/** The `.backup` password (needed to restore one on the router); the route audits the reveal. */
export async function binaryPassword(
  ctx: Pick<CaptureCtx, 'deps' | 'scope'>,
  deviceId: DeviceId,
): Promise<string | null> {
  const o = await findOption(ctx.scope, deviceId)
  if (!o?.password_sealed) return null
  return Buffer.from(
    openBytes(
      await openingKeyFor(ctx.deps, ctx.scope, 'backup-password', {
        type: 'device',
        id: deviceId,
        label: deviceId,
      }),
      o.password_sealed,
      pwContext(ctx.scope.tenantId, deviceId),
    ),
  ).toString('utf8')
}

/**
 * Makes, fetches and removes a `.backup` when the device has it on. Never throws for device
 * trouble: the words say what failed (without the password, which is on the command line).
 */
export async function captureBinary(
  ctx: CaptureCtx,
  deviceId: DeviceId,
): Promise<{ ok: true; backup: BinaryBackupView } | { ok: false; reason: string } | undefined> {
  const mode = await binaryMode(ctx.scope, deviceId)
  if (mode === 'off') return undefined
  const password = mode === 'encrypted' ? await binaryPassword(ctx, deviceId) : null
  const name = `outpost-${newId(ctx.deps.clock.now()).toLowerCase()}`
  const cmd = `/system backup save name=${name} ${password !== null ? `password="${password}"` : 'dont-encrypt=yes'}`
  const hide = (s: string) => (password === null ? s : s.replaceAll(password, '********'))
  try {
    const r = await ctx.deps.deviceAccess.sshExec(ctx.scope, deviceId, cmd, {
      timeoutMs: ctx.exportTimeoutMs ?? 120_000,
      maxOutputBytes: MAX_BACKUP_BYTES,
      fetchFile: { path: `${name}.backup`, remove: true },
    })
    const said = `${r.stdout}${r.stderr}`.trim()
    if (!r.file || r.file.length === 0)
      return { ok: false, reason: `The router made no .backup${said ? `: ${hide(said)}` : ''}.` }
    const key = await dataKeyFor(ctx.deps, ctx.scope)
    const id = newId(ctx.deps.clock.now())
    const row = {
      id,
      device_id: deviceId,
      captured_at: ctx.deps.clock.now(),
      encrypted: password !== null ? (1 as const) : (0 as const),
      size: r.file.length,
      sealed: sealBytes(key, r.file, fileContext(ctx.scope.tenantId, deviceId, id)),
    }
    await ctx.scope.transaction(async (tx) => {
      await insertAndPrune(tx, row)
      // edge appliances (issue 20): the file is read back (sealed here) when it is sent
      await appendEdgeOutbox(tx, 'binary', deviceId, row.captured_at, () => ({ backupId: id }))
    })
    return {
      ok: true,
      backup: { id, capturedAt: row.captured_at, encrypted: row.encrypted === 1, size: row.size },
    }
  } catch (e) {
    return {
      ok: false,
      reason: `The .backup could not be made: ${hide(classifyError(e).reason.replace('while polling', 'during the backup'))}`,
    }
  }
}

type BinaryRow = Omit<DeviceBinaryBackupsTable, 'tenant_id'>

/** Stores a fetched file and drops the oldest beyond the last KEEP_BINARY_BACKUPS. */
async function insertAndPrune(tx: TenantScope, row: BinaryRow): Promise<void> {
  const deviceId = row.device_id
  await tx.insertInto('device_binary_backups', row).execute()
  const old = await tx
    .selectFrom('device_binary_backups')
    .select('id')
    .where('device_id', '=', deviceId)
    .orderBy('captured_at', 'desc')
    .orderBy('id', 'desc')
    .offset(KEEP_BINARY_BACKUPS)
    .limit(1000)
    .execute()
  if (old.length > 0)
    await tx
      .deleteFrom('device_binary_backups')
      .where('device_id', '=', deviceId)
      .where(
        'id',
        'in',
        old.map((o) => o.id),
      )
      .execute()
}

/**
 * A `.backup` an edge appliance forwarded (issue 20), with the router's password for it; stored
 * like a fetched one, inside the caller's transaction, sealed with the tenant key `key`.
 */
export async function storeForwardedBinary(
  tx: TenantScope,
  key: Uint8Array,
  deviceId: DeviceId,
  file: { id: string; capturedAt: number; bytes: Buffer; password: string | null; now: number },
): Promise<void> {
  const tenantId = tx.tenantId
  const options = {
    binary_mode: (file.password === null ? 'plain' : 'encrypted') as BinaryBackupMode,
    password_sealed:
      file.password === null
        ? null
        : sealBytes(key, Buffer.from(file.password), pwContext(tenantId, deviceId)),
    updated_at: file.now,
  }
  await tx
    .insertInto('device_backup_options', { device_id: deviceId, ...options })
    .onConflict((oc) => oc.columns(['tenant_id', 'device_id']).doUpdateSet(options))
    .execute()
  await insertAndPrune(tx, {
    id: file.id,
    device_id: deviceId,
    captured_at: file.capturedAt,
    encrypted: file.password === null ? 0 : 1,
    size: file.bytes.length,
    sealed: sealBytes(key, file.bytes, fileContext(tenantId, deviceId, file.id)),
  })
}

export async function listBinaryBackups(
  scope: TenantScope,
  deviceId: DeviceId,
): Promise<BinaryBackupView[]> {
  const rows = await scope
    .selectFrom('device_binary_backups')
    .select(['id', 'captured_at', 'encrypted', 'size'])
    .where('device_id', '=', deviceId)
    .orderBy('captured_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    capturedAt: r.captured_at,
    encrypted: r.encrypted === 1,
    size: r.size,
  }))
}

/** The `.backup` bytes as fetched (operators; the route audits the download). */
export async function readBinaryBackup(
  ctx: Pick<CaptureCtx, 'deps' | 'scope'>,
  deviceId: DeviceId,
  id: string,
): Promise<Buffer> {
  const row = await ctx.scope
    .selectFrom('device_binary_backups')
    .select(['sealed'])
    .where('device_id', '=', deviceId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw new NotFoundError('Backup not found.', { code: 'backup_not_found' })
  return Buffer.from(
    openBytes(
      await openingKeyFor(ctx.deps, ctx.scope, 'backup-file', {
        type: 'backup',
        id,
        label: deviceId,
      }),
      row.sealed,
      fileContext(ctx.scope.tenantId, deviceId, id),
    ),
  )
}
