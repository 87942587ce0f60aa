// "Needs attention" on the dashboard (issue 15): every enabled device that is not fully online,
// worst first (auth failed, offline, degraded; longest unseen first within each), in pages, so
// nothing hides behind the first eight.
import { sql } from 'kysely'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { FleetSummary } from './fleet-summary.ts'

export const ATTENTION_PER_PAGE = 8

export interface AttentionPage {
  entries: FleetSummary['attention']
  total: number
  page: number
  pageCount: number
}

/** The requested page of problem devices (clamped to the last page). */
export async function attentionPage(scope: TenantScope, requested: number): Promise<AttentionPage> {
  const problem = () =>
    scope
      .selectFrom('devices')
      .where('is_enabled', '=', 1)
      .where('last_status', 'in', ['auth_failed', 'offline', 'degraded'])
  const count = await problem()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const total = Number(count.n)
  const pageCount = Math.max(1, Math.ceil(total / ATTENTION_PER_PAGE))
  const page = Math.min(Math.max(1, Math.floor(requested) || 1), pageCount)
  const rows = await problem()
    .select(['id', 'name', 'last_status', 'last_error', 'last_seen_at'])
    .orderBy(sql`CASE last_status WHEN 'auth_failed' THEN 0 WHEN 'offline' THEN 1 ELSE 2 END`)
    .orderBy(sql`last_seen_at IS NOT NULL`)
    .orderBy('last_seen_at')
    .orderBy('name')
    .limit(ATTENTION_PER_PAGE)
    .offset((page - 1) * ATTENTION_PER_PAGE)
    .execute()
  return {
    entries: rows.map((a) => ({
      deviceId: a.id,
      name: a.name,
      status: a.last_status,
      lastError: a.last_error,
      lastSeenAt: a.last_seen_at,
    })),
    total,
    page,
    pageCount,
  }
}
