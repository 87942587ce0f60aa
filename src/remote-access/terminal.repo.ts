// Terminal session rows (migration 0021): opened, finished, listed for the recordings page.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { TerminalSessionsTable } from '../db/schema-remote-access.ts'

type NewSession = Omit<
  TerminalSessionsTable,
  | 'tenant_id'
  | 'ended_at'
  | 'bytes_in'
  | 'bytes_out'
  | 'end_reason'
  | 'recording'
  | 'recording_bytes'
>

export async function insertTerminalSession(scope: TenantScope, row: NewSession): Promise<void> {
  await scope.insertInto('terminal_sessions', { ...row, bytes_in: 0, bytes_out: 0 }).execute()
}

export async function finishTerminalSession(
  scope: TenantScope,
  id: string,
  end: Pick<
    TerminalSessionsTable,
    'ended_at' | 'bytes_in' | 'bytes_out' | 'end_reason' | 'recording' | 'recording_bytes'
  >,
): Promise<void> {
  await scope.updateTable('terminal_sessions').set(end).where('id', '=', id).execute()
}

/** Newest first, without the recording itself. */
export function listTerminalSessions(scope: TenantScope, limit: number) {
  return scope
    .selectFrom('terminal_sessions')
    .select([
      'id',
      'device_id',
      'device_name',
      'user_name',
      'ip',
      'started_at',
      'ended_at',
      'bytes_in',
      'bytes_out',
      'end_reason',
      'recording_bytes',
    ])
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute()
}

export function findTerminalSession(scope: TenantScope, id: string) {
  return scope.selectFrom('terminal_sessions').selectAll().where('id', '=', id).executeTakeFirst()
}
