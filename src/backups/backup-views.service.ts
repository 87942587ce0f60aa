/**
 * Reading stored versions for people: a version's text (masked unless the caller may see
 * secrets), the unified diff between two versions or a version and the live config (captured on
 * the spot, never stored), and the audited `.rsc` download. Diffs compare normalised text, so a
 * moved header date is not a change.
 */
import type { Actor } from '../lib/actor.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { GlobalDb } from '../db/global-db.ts'
import { recordAudit } from '../audit/index.ts'
import { ConflictError, NotFoundError } from '../lib/errors.ts'
import { readBackupText } from './backups.service.ts'
import { captureLive, type CaptureCtx, type CaptureDeps } from './capture.service.ts'
import { diffLines, sideBySide, unifiedDiff, type DiffResult, type SideBySideRow } from './diff.ts'
import { maskSecrets } from './mask.ts'
import { normalizeExport } from './normalize.ts'

export interface ReaderCtx extends CaptureCtx {
  deps: CaptureDeps & { readonly db: GlobalDb }
}

export interface Reader extends Actor {
  /** operators and admins see secrets (each reveal audited); viewers get them masked */
  mayReveal: boolean
}

async function audit(
  ctx: ReaderCtx,
  who: Reader,
  action: string,
  deviceId: DeviceId,
  backupId: string,
): Promise<void> {
  await recordAudit(
    ctx.deps.db,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: who.kind, id: who.id, name: who.name },
      ip: who.ip,
      action,
      target: { type: 'device_backup', id: backupId, label: deviceId },
      outcome: 'success',
      details: { deviceId },
    },
    ctx.deps.clock.now(),
  )
}

/** A version's raw text for viewing: masked for viewers; `reveal` (operators) is audited. */
export async function versionText(
  ctx: ReaderCtx,
  who: Reader,
  deviceId: DeviceId,
  backupId: string,
  reveal: boolean,
): Promise<{ text: string; revealed: boolean }> {
  const raw = await readBackupText(ctx, deviceId, backupId)
  if (!reveal || !who.mayReveal) return { text: maskSecrets(raw), revealed: false }
  await audit(ctx, who, 'backup.reveal', deviceId, backupId)
  return { text: raw, revealed: true }
}

/** The `.rsc` download: raw text exactly as captured, for operators, audited. */
export async function downloadExport(
  ctx: ReaderCtx,
  who: Reader,
  deviceId: DeviceId,
  backupId: string,
): Promise<string> {
  const raw = await readBackupText(ctx, deviceId, backupId)
  await audit(ctx, who, 'backup.download', deviceId, backupId)
  return raw
}

/** Unified diff `from` → `to` (a version id or `live`); masked for viewers, raw (audited) for operators. */
export async function diffVersions(
  ctx: ReaderCtx,
  who: Reader,
  deviceId: DeviceId,
  from: string,
  to: string,
): Promise<string> {
  return unifiedDiff(await compareVersions(ctx, who, deviceId, from, to), {
    fromLabel: `${deviceId}/${from}.rsc`,
    toLabel: `${deviceId}/${to}.rsc`,
  })
}

/**
 * The same comparison as rows of a two-column (side-by-side) view, only the changed rows and
 * `context` rows around each run (a 350 KB config must not become a 10,000-row page); null rows
 * stand for skipped unchanged lines.
 */
export async function diffSideBySide(
  ctx: ReaderCtx,
  who: Reader,
  deviceId: DeviceId,
  from: string,
  to: string,
  context = 3,
): Promise<(SideBySideRow | null)[]> {
  const rows = sideBySide(await compareVersions(ctx, who, deviceId, from, to))
  const keep = new Set<number>()
  rows.forEach((r, i) => {
    if (r.kind === 'equal') return
    for (let j = Math.max(0, i - context); j <= Math.min(rows.length - 1, i + context); j++)
      keep.add(j)
  })
  const out: (SideBySideRow | null)[] = []
  rows.forEach((r, i) => {
    if (keep.has(i)) out.push(r)
    else if (out.length > 0 && out[out.length - 1] !== null) out.push(null)
  })
  if (out.length > 0 && out[out.length - 1] === null) out.pop()
  return out
}

async function compareVersions(
  ctx: ReaderCtx,
  who: Reader,
  deviceId: DeviceId,
  from: string,
  to: string,
): Promise<DiffResult> {
  const a = await readBackupText(ctx, deviceId, from)
  let b: string
  if (to === 'live') {
    const live = await captureLive(ctx, deviceId)
    if (!live.ok) {
      if (live.code === 'device_not_found')
        throw new NotFoundError('Device not found.', { code: 'device_not_found' })
      throw new ConflictError(live.reason, { code: 'live_capture_failed' })
    }
    b = live.text
  } else {
    b = await readBackupText(ctx, deviceId, to)
  }
  if (who.mayReveal) await audit(ctx, who, 'backup.reveal', deviceId, from)
  const view = (t: string) => (who.mayReveal ? normalizeExport(t) : maskSecrets(normalizeExport(t)))
  return diffLines(view(a), view(b))
}
