// Terminal session history and recordings: listed for tenant admins, a recording opened (and the
// replay audited) only for an admin. Recordings are sealed with the tenant's data key, like
// device credentials and config backups.
import type { Deps } from '../deps.ts'
import { dataKeyFor } from '../device-access/index.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Actor } from '../lib/actor.ts'
import { NotFoundError } from '../lib/errors.ts'
import { openBytes, type SecretContext } from '../lib/secretbox.ts'
import { auditRemote } from './remote-audit.ts'
import type { TerminalSessionView } from './remote-access.types.ts'
import { findTerminalSession, listTerminalSessions } from './terminal.repo.ts'

export const recordingContext = (tenantId: string, sessionId: string): SecretContext => ({
  tenantId,
  rowId: sessionId,
  field: 'terminal_sessions.recording',
})

export async function listTerminalHistory(
  scope: TenantScope,
  limit = 200,
): Promise<TerminalSessionView[]> {
  return (await listTerminalSessions(scope, limit)).map(toView)
}

type Row = Awaited<ReturnType<typeof listTerminalSessions>>[number]

function toView(r: Row): TerminalSessionView {
  return {
    id: r.id,
    deviceId: r.device_id,
    deviceName: r.device_name,
    userName: r.user_name,
    ip: r.ip,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    bytesIn: r.bytes_in,
    bytesOut: r.bytes_out,
    endReason: r.end_reason,
    recorded: r.recording_bytes !== null,
  }
}

const notFound = () => new NotFoundError('Recording not found.', { code: 'recording_not_found' })

export async function getTerminalSession(
  scope: TenantScope,
  id: string,
): Promise<TerminalSessionView> {
  const row = await findTerminalSession(scope, id)
  if (!row) throw notFound()
  return toView(row)
}

/** The decrypted asciicast text; audited as a replay. */
export async function openRecording(
  ctx: { deps: Deps; scope: TenantScope; actor: Actor },
  id: string,
): Promise<string> {
  const row = await findTerminalSession(ctx.scope, id)
  if (!row?.recording) throw notFound()
  const key = await dataKeyFor(ctx.deps, ctx.scope)
  const plain = openBytes(key, row.recording, recordingContext(ctx.scope.tenantId, row.id))
  await auditRemote(
    ctx.deps,
    { tenantId: ctx.scope.tenantId, actor: ctx.actor, ip: ctx.actor.ip },
    'terminal.replay',
    { id: row.device_id, name: row.device_name },
    'success',
    { sessionId: row.id },
  )
  return Buffer.from(plain).toString('utf8')
}
