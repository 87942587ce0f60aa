/**
 * Capturing a device's configuration: `/export` over SSH through device access (pinned host
 * key, session limits), the right flags per RouterOS version, verified before storing, one retry
 * for an incomplete or suspiciously small capture, and the outcome recorded per device in plain
 * words. A stored change goes out on the event bus (`backup.changed`).
 */
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { classifyError, errorCode, type DeviceAccess } from '../device-access/index.ts'
import { DISK_FULL_MESSAGE, isDiskFull } from '../lib/disk-full.ts'
import { AppError } from '../lib/errors.ts'
import type { EventBus } from '../poller/index.ts'
import {
  findDeviceFacts,
  insertConfigChangedEvent,
  upsertBackupStatus,
} from './backup-status.repo.ts'
import { captureBinary } from './binary-backup.service.ts'
import { findTerse } from './schedule.repo.ts'
import { storeCapture, type BackupsDeps } from './backups.service.ts'
import type { BackupView, ExportCapture } from './backups.types.ts'
import { exportHeaderVersion } from './normalize.ts'
import { describeChange } from './summary.ts'
import { verifyCapture } from './verify-capture.ts'

export interface CaptureDeps extends BackupsDeps {
  readonly deviceAccess: DeviceAccess
}

export interface CaptureCtx {
  deps: CaptureDeps
  scope: TenantScope
  /** where `backup.changed` goes (the poller's bus); none in the CLI and some tests */
  bus?: EventBus | undefined
  /** how long an export may take (default 2 minutes; tests of a hanging router use less) */
  exportTimeoutMs?: number
}

export type CaptureResult =
  | {
      ok: true
      backup: BackupView
      changed: boolean
      summary: string
      first?: boolean
      binaryError?: string
    }
  | { ok: false; code: string; reason: string }

/** A 350 KB export takes well under a second; a router that stalls must not hold a session forever. */
const EXPORT_TIMEOUT_MS = 120_000

const isV7 = (version: string | null | undefined): boolean => /^[7-9]\./.test(version ?? '')

/**
 * v7 hides secrets unless asked; v6 prints them by default and has no `show-sensitive`. `terse`
 * (a per-tenant option) prints every item on one full line, which greps and diffs better.
 */
export function exportCommand(version: string | null | undefined, terse = false): string {
  return `${isV7(version) ? '/export show-sensitive' : '/export'}${terse ? ' terse' : ''}`
}

export interface BackUpOptions {
  /** the poller saw a configuration change since the last capture (a big shrink is then expected) */
  changeRecorded?: boolean
}

/** The SSH client's socket errors, said the way an operator can act on them. */
function plainSsh(reason: string): string {
  if (/ECONNREFUSED/.test(reason))
    return `${reason.replace(/: connect ECONNREFUSED .*$/, '')}: the router refused the connection (is SSH enabled under /ip service, on this port?).`
  if (/ETIMEDOUT|timed out/i.test(reason))
    return `${reason}. The host is down or a firewall drops SSH.`
  return reason
}

class CaptureFailed extends Error {
  readonly code: string
  readonly reason: string
  constructor(code: string, reason: string) {
    super(reason)
    this.code = code
    this.reason = reason
  }
}

async function runExport(
  ctx: CaptureCtx,
  deviceId: DeviceId,
  version: string | null,
): Promise<ExportCapture> {
  const terse = await findTerse(ctx.scope)
  const exec = async (cmd: string): Promise<ExportCapture> => {
    const capturedAt = ctx.deps.clock.now()
    try {
      const r = await ctx.deps.deviceAccess.sshExec(ctx.scope, deviceId, cmd, {
        timeoutMs: ctx.exportTimeoutMs ?? EXPORT_TIMEOUT_MS,
      })
      return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, capturedAt }
    } catch (e) {
      if (e instanceof AppError && e.status === 404)
        throw new CaptureFailed('device_deleted', 'The device was deleted during its backup.')
      // unknown errors (bugs) keep their detail out of the page; the words say where to look
      throw new CaptureFailed(
        errorCode(e),
        plainSsh(classifyError(e).reason.replace('while polling', 'during the backup')),
      )
    }
  }
  const first = await exec(exportCommand(version, terse))
  // version not known yet (never polled): the header tells; a v7 export without secrets is useless
  const seen =
    version === null && first.exitCode === 0 ? exportHeaderVersion(first.stdout) : undefined
  if (isV7(seen)) return exec(exportCommand(seen, terse))
  return first
}

/** Captures `/export` and verifies it without storing (diff against live). Throws nothing: failures are words. */
export async function captureLive(
  ctx: CaptureCtx,
  deviceId: DeviceId,
): Promise<{ ok: true; text: string } | { ok: false; code: string; reason: string }> {
  const facts = await findDeviceFacts(ctx.scope, deviceId)
  if (!facts) return { ok: false, code: 'device_not_found', reason: 'Device not found.' }
  try {
    const once = () =>
      runExport(ctx, deviceId, facts.version).catch((e: unknown) => {
        if (transient(e)) return runExport(ctx, deviceId, facts.version)
        throw e
      })
    let cap = await once()
    if (verifyCapture(cap).status === 'incomplete') cap = await once()
    const v = verifyCapture(cap)
    if (v.status === 'incomplete')
      return {
        ok: false,
        code: `capture_${v.problem}`,
        reason: `The live configuration could not be read: ${v.reason}.`,
      }
    return { ok: true, text: cap.stdout }
  } catch (e) {
    if (e instanceof CaptureFailed) return { ok: false, code: e.code, reason: e.reason }
    throw e
  }
}

/**
 * Backs up one device now: capture, verify, store (a new version only when the config changed),
 * record the result on the device and announce a change. Never throws for device trouble.
 */
export async function backUpDevice(
  ctx: CaptureCtx,
  deviceId: DeviceId,
  opts: BackUpOptions = {},
): Promise<CaptureResult> {
  const facts = await findDeviceFacts(ctx.scope, deviceId)
  if (!facts) return { ok: false, code: 'device_not_found', reason: 'Device not found.' }
  let result = await attempt(ctx, deviceId, facts.version, opts.changeRecorded === true)
  // the optional binary .backup (off unless chosen per device) follows a good export
  const binary = result.ok ? await captureBinary(ctx, deviceId) : undefined
  if (result.ok && binary?.ok === false) result = { ...result, binaryError: binary.reason }
  const now = ctx.deps.clock.now()
  if (!result.ok && result.code === 'device_deleted') return result
  const failure = !result.ok
    ? { code: result.code, reason: result.reason }
    : result.binaryError !== undefined
      ? { code: 'binary_failed', reason: result.binaryError }
      : null
  try {
    await upsertBackupStatus(ctx.scope, deviceId, now, failure)
  } catch (e) {
    // a full disk cannot take the record either: the answer (and the disk-full banner) says it
    if (isDiskFull(e))
      return result.ok ? result : { ok: false, code: 'disk_full', reason: DISK_FULL_MESSAGE }
    // the device went away between the capture and this write: nothing to record it on
    if (!(await findDeviceFacts(ctx.scope, deviceId)))
      return {
        ok: false,
        code: 'device_deleted',
        reason: 'The device was deleted during its backup.',
      }
    throw e
  }
  const ref = { tenantId: ctx.scope.tenantId, deviceId }
  if (result.ok && result.changed) {
    ctx.bus?.emit('backup.changed', {
      ...ref,
      backupId: result.backup.id,
      summary: result.summary,
      at: now,
    })
    // the first version is no change; a later one is an event on the device and the dashboard
    // (the live feed refreshes it) and the alert rules "config changed" and "backup failed" listen
    if (result.first !== true) {
      const message = `Configuration changed: ${result.summary}`
      await insertConfigChangedEvent(ctx.scope, deviceId, now, message)
      ctx.bus?.emit('config.changed', { ...ref, at: now, message })
    }
  } else if (!result.ok) {
    ctx.bus?.emit('backup.failed', { ...ref, at: now, message: result.reason })
  }
  return result
}

/** A connection cut during the export is worth one more try; a refused login or changed host key is not. */
const transient = (e: unknown): boolean =>
  e instanceof CaptureFailed &&
  ['ssh', 'closed', 'command_timeout', 'connect_timeout'].includes(e.code) &&
  !/authentication/i.test(e.reason)

async function attempt(
  ctx: CaptureCtx,
  deviceId: DeviceId,
  version: string | null,
  changeRecorded: boolean,
): Promise<CaptureResult> {
  try {
    let cap = await runExport(ctx, deviceId, version).catch((e: unknown) => {
      if (transient(e)) return runExport(ctx, deviceId, version)
      throw e
    })
    if (changeRecorded) cap = { ...cap, changeRecorded }
    let out = await storeCapture(ctx, deviceId, cap)
    if (!out.ok) {
      // one more try for a cut-off or suspiciously small export; a small one stays small → stored as suspect
      cap = {
        ...(await runExport(ctx, deviceId, version)),
        ...(out.retry ? { retried: true } : {}),
        ...(changeRecorded ? { changeRecorded } : {}),
      }
      out = await storeCapture(ctx, deviceId, cap)
    }
    if (!out.ok)
      return {
        ok: false,
        code: `capture_${out.problem}`,
        reason: `Nothing was stored: ${out.reason}.`,
      }
    const b = out.backup
    const summary = out.changed
      ? describeChange({ added: b.linesAdded, removed: b.linesRemoved, sections: b.sections })
      : 'no change'
    return {
      ok: true,
      backup: b,
      changed: out.changed,
      summary,
      ...(out.first === true ? { first: true } : {}),
    }
  } catch (e) {
    if (e instanceof CaptureFailed) return { ok: false, code: e.code, reason: e.reason }
    if (isDiskFull(e)) return { ok: false, code: 'disk_full', reason: DISK_FULL_MESSAGE }
    if (e instanceof AppError && e.status === 404)
      return {
        ok: false,
        code: 'device_deleted',
        reason: 'The device was deleted during its backup.',
      }
    if (e instanceof AppError) return { ok: false, code: e.code, reason: e.message }
    throw e
  }
}
