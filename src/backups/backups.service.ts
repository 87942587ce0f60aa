/**
 * Use cases of config backups: store a capture (verify → normalise → compare → seal → index),
 * read a stored version back, list versions, prune by retention, search the fleet's latest
 * configs. Capturing itself (SSH through device-access, schedules) builds on these.
 */
import { createHmac, hkdfSync } from 'node:crypto'
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { appendEdgeOutbox } from '../db/edge-outbox.ts'
import { dataKeyFor, openingKeyFor } from '../device-access/index.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import { openBytes, sealBytes, type SecretContext } from '../lib/secretbox.ts'
import {
  deleteBackups,
  deviceExists,
  findBackup,
  findLatestBackup,
  insertBackup,
  listBackups as listBackupRows,
  replaceSearchEntry,
  searchLatestConfigs,
  type BackupMeta,
  type BackupRow,
} from './backups.repo.ts'
import type { BackupView, ConfigSearchHit, ExportCapture, StoreOutcome } from './backups.types.ts'
import { compress, decompress, DEFAULT_CODEC } from './codec.ts'
import { maskSecrets } from './mask.ts'
import { exportHeaderVersion, normalizeExport } from './normalize.ts'
import { DEFAULT_RETENTION, selectForDeletion, type RetentionPolicy } from './retention.ts'
import { summarizeChange } from './summary.ts'
import { verifyCapture } from './verify-capture.ts'

export interface BackupsDeps {
  readonly secrets: { readonly masterKey: Buffer }
  readonly clock: { now(): number }
}

export interface BackupCtx {
  deps: BackupsDeps
  scope: TenantScope
}

const notFound = (what: string) =>
  new NotFoundError(`${what} not found.`, { code: `${what.toLowerCase()}_not_found` })

const hashKeys = new WeakMap<Uint8Array, Buffer>()

/** HMAC of the normalised text: equal configs compare equal without a public guessable hash. */
function contentHash(dataKey: Uint8Array, normalized: string): string {
  let k = hashKeys.get(dataKey)
  if (!k)
    hashKeys.set(
      dataKey,
      (k = Buffer.from(
        hkdfSync('sha256', dataKey, new Uint8Array(0), 'outpost backup content hash v1', 32),
      )),
    )
  return createHmac('sha256', k).update(normalized).digest('hex')
}

const sealContext = (tenantId: string, deviceId: string, backupId: string): SecretContext => ({
  tenantId,
  rowId: `${deviceId}/${backupId}`,
  field: 'device_backups.sealed',
})

function toView(r: BackupMeta): BackupView {
  return {
    id: r.id,
    deviceId: r.device_id,
    capturedAt: r.captured_at,
    status: r.status,
    statusReason: r.status_reason,
    routerosVersion: r.routeros_version,
    rawSize: r.raw_size,
    storedSize: r.stored_size,
    linesAdded: r.lines_added,
    linesRemoved: r.lines_removed,
    sections: JSON.parse(r.sections_json) as BackupView['sections'],
  }
}

function openRow(key: Uint8Array, tenantId: string, row: BackupRow): string {
  const plain = openBytes(key, row.sealed, sealContext(tenantId, row.device_id, row.id))
  return decompress(plain, row.codec).toString('utf8')
}

/**
 * Stores a capture as a new version when its normalised text changed; an unchanged config writes
 * nothing at all. A capture that fails verification is never stored (the outcome says why); an
 * unexplained shrink asks for one retry, and a retried capture that is still small is stored
 * marked `suspect`.
 */
export async function storeCapture(
  ctx: BackupCtx,
  deviceId: DeviceId,
  capture: ExportCapture,
): Promise<StoreOutcome> {
  const { deps, scope } = ctx
  const key = await dataKeyFor(deps, scope)
  return scope.transaction(async (tx) => {
    if (!(await deviceExists(tx, deviceId))) throw notFound('Device')
    const latest = await findLatestBackup(tx, deviceId)
    const verdict = verifyCapture(capture, {
      ...(latest ? { previousSize: latest.normalized_size } : {}),
      ...(capture.changeRecorded !== undefined ? { changeRecorded: capture.changeRecorded } : {}),
    })
    if (verdict.status === 'incomplete')
      return { ok: false, problem: verdict.problem, reason: verdict.reason, retry: false }
    if (verdict.status === 'suspect' && capture.retried !== true) {
      return { ok: false, problem: 'suspect_shrink', reason: verdict.reason, retry: true }
    }
    const hash = contentHash(key, verdict.normalized)
    if (latest && latest.content_hash === hash)
      return { ok: true, backup: toView(latest), changed: false }
    const before = latest ? normalizeExport(openRow(key, tx.tenantId, latest)) : ''
    const summary = summarizeChange(before, verdict.normalized)
    const id = newId(deps.clock.now())
    const raw = Buffer.from(capture.stdout, 'utf8')
    const sealed = sealBytes(
      key,
      compress(raw, DEFAULT_CODEC),
      sealContext(tx.tenantId, deviceId, id),
    )
    const row = {
      id,
      device_id: deviceId,
      captured_at: capture.capturedAt ?? deps.clock.now(),
      status: verdict.status === 'suspect' ? ('suspect' as const) : ('ok' as const),
      status_reason: verdict.status === 'suspect' ? verdict.reason : null,
      routeros_version: exportHeaderVersion(capture.stdout) ?? null,
      raw_size: raw.length,
      normalized_size: verdict.normalized.length,
      stored_size: sealed.length,
      content_hash: hash,
      codec: DEFAULT_CODEC,
      sealed,
      lines_added: summary.added,
      lines_removed: summary.removed,
      sections_json: JSON.stringify(summary.sections),
    }
    await insertBackup(tx, row)
    await replaceSearchEntry(tx, deviceId, id, maskSecrets(verdict.normalized))
    // edge appliances (issue 20): the text is read back (sealed here) when it is sent
    await appendEdgeOutbox(tx, 'backup', deviceId, row.captured_at, () => ({ backupId: id }))
    return {
      ok: true,
      backup: toView({ ...row, tenant_id: tx.tenantId }),
      changed: true,
      first: latest === undefined,
    }
  })
}

/** A version's raw text with the tenant key already at hand (the history export reads them all). */
export async function openVersion(
  ctx: BackupCtx,
  key: Uint8Array,
  deviceId: DeviceId,
  backupId: string,
): Promise<string> {
  const row = await findBackup(ctx.scope, deviceId, backupId)
  if (!row) throw notFound('Backup')
  return openRow(key, ctx.scope.tenantId, row)
}

/** The raw text of a stored version, exactly as captured (contains secrets: operators only). */
export async function readBackupText(
  ctx: BackupCtx,
  deviceId: DeviceId,
  backupId: string,
): Promise<string> {
  const row = await findBackup(ctx.scope, deviceId, backupId)
  if (!row) throw notFound('Backup')
  const key = await openingKeyFor(ctx.deps, ctx.scope, 'backup-view', {
    type: 'backup',
    id: row.id,
    label: deviceId,
  })
  return openRow(key, ctx.scope.tenantId, row)
}

export async function listBackups(
  ctx: BackupCtx,
  deviceId: DeviceId,
  limit = 100,
): Promise<BackupView[]> {
  return (await listBackupRows(ctx.scope, deviceId, limit)).map(toView)
}

/** Deletes the versions the retention policy no longer keeps; returns how many went. */
export async function pruneBackups(
  ctx: BackupCtx,
  deviceId: DeviceId,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): Promise<number> {
  return ctx.scope.transaction(async (tx) => {
    const all = await listBackupRows(tx, deviceId, 1_000_000)
    const doomed = selectForDeletion(
      all.map((r) => ({ id: r.id, capturedAt: r.captured_at })),
      ctx.deps.clock.now(),
      policy,
    )
    return deleteBackups(tx, deviceId, doomed)
  })
}

/** Whitespace-separated words, each matched as a phrase (`10.20.0.1`, `log-prefix=#VPN`), all required. */
export function toFtsQuery(q: string): string | undefined {
  const terms = q
    .trim()
    .split(/\s+/)
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .slice(0, 8)
  if (terms.length === 0) return undefined
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' ')
}

/** Fleet search across the latest config of every device of the tenant. */
export async function searchConfigs(
  ctx: BackupCtx,
  q: string,
  limit = 50,
): Promise<ConfigSearchHit[]> {
  const fts = toFtsQuery(q)
  if (fts === undefined || q.length > 200) {
    throw new ValidationError({
      q: 'Enter up to 200 characters with at least one letter or digit.',
    })
  }
  const words = q.trim().toLowerCase().split(/\s+/)
  const rows = await searchLatestConfigs(ctx.scope, fts, Math.min(Math.max(limit, 1), 200))
  return rows.map((r) => {
    const lines: ConfigSearchHit['lines'] = []
    r.body.split('\n').forEach((text, i) => {
      const low = text.toLowerCase()
      if (lines.length < 5 && words.some((w) => low.includes(w))) lines.push({ n: i + 1, text })
    })
    return { deviceId: r.device_id, backupId: r.backup_id, lines }
  })
}
