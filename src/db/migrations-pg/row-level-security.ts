// Row-level security on PostgreSQL: the second wall between tenants, under the TenantScope guard.
// Every tenant table (TENANT_TABLES; device_log_search is a security_invoker view, covered by
// device_logs) gets ENABLE + FORCE ROW LEVEL SECURITY and one policy:
//   tenant_id = current_setting('outpost.tenant_id', true)      -- a TenantScope transaction
//   OR current_setting('outpost.scope', true) = 'global'         -- a reviewed cross-tenant path
// Unset settings read as NULL (or '' after a SET LOCAL ended), which matches no row: a query
// without a setting sees no tenant rows and cannot write any. Who sets what (the runtime's side):
// - TenantScope transactions: SELECT set_config('outpost.tenant_id', <tenant id>, true)
// - Unscoped handles (src/db/unscoped.ts: logins across memberships, scheduler, jobs runner,
//   super admin, migrate-to-postgres): SELECT set_config('outpost.scope', 'global', true)
// - GlobalDb: nothing; its guard refuses tenant tables, and global tables carry no policy.
// Applied after the migrations (not inside each one) so the migration keys stay identical between
// dialects, a table added by a later migration is covered without remembering to, and the whole
// policy is in one reviewable place. It is idempotent and runs after every migrate; tables already
// carrying the current policy are not touched.
// FORCE makes the owner subject to it too (belt and braces: the app role must not own the tables,
// grantAppRole checks that); foreign-key checks and cascades bypass RLS by design.
import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { TENANT_TABLES } from '../schema.ts'

export const TENANT_SETTING = 'outpost.tenant_id'
export const SCOPE_SETTING = 'outpost.scope'
export const GLOBAL_SCOPE = 'global'
export const TENANT_POLICY = 'outpost_tenant_isolation'

/** Tenant tables that are views on PostgreSQL; the policy of the table under them applies. */
export const TENANT_VIEWS: readonly string[] = ['device_log_search']

/** The tenant tables that carry the policy. */
export function rowSecuredTables(): string[] {
  return TENANT_TABLES.filter((t) => !TENANT_VIEWS.includes(t))
}

const POLICY_EXPR = `tenant_id = current_setting('${TENANT_SETTING}', true)
  OR current_setting('${SCOPE_SETTING}', true) = '${GLOBAL_SCOPE}'`
/** stored on each policy: a policy carrying it is current (a changed expression re-creates it) */
const POLICY_NOTE = `outpost ${createHash('sha256').update(POLICY_EXPR).digest('hex').slice(0, 16)}`

/**
 * Enables and forces row-level security with the tenant policy on every tenant table; throws
 * naming the table when one is missing or has no tenant_id column (a SQLite migration without
 * its PostgreSQL mirror).
 * @example await migrateToLatest(db, pgMigrations); await applyRowLevelSecurity(db)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs on any schema, like migrations
export async function applyRowLevelSecurity(db: Kysely<any>): Promise<void> {
  const tables = rowSecuredTables()
  const found = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name = 'tenant_id'`.execute(db)
  const withTenant = new Set(found.rows.map((r) => r.table_name))
  const missing = tables.filter((t) => !withTenant.has(t))
  if (missing.length > 0) {
    throw new Error(
      `row-level security: no table with a tenant_id column for ${missing.join(', ')}`,
    )
  }
  // a table already set up is left alone: a process joining a running cluster must not drop the
  // policy under the others (a forced table without a policy shows nobody any row)
  const current = await sql<{ relname: string; on: boolean; forced: boolean; note: string | null }>`
    SELECT c.relname, c.relrowsecurity AS on, c.relforcerowsecurity AS forced, d.description AS note
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
    LEFT JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = ${TENANT_POLICY}
    LEFT JOIN pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_policy'::regclass
    WHERE c.relkind IN ('r', 'p')`.execute(db)
  const done = new Set(
    current.rows.filter((r) => r.on && r.forced && r.note === POLICY_NOTE).map((r) => r.relname),
  )
  for (const t of tables) {
    if (done.has(t)) continue
    await sql.raw(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`).execute(db)
    await sql.raw(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`).execute(db)
    await sql.raw(`DROP POLICY IF EXISTS ${TENANT_POLICY} ON ${t}`).execute(db)
    await sql
      .raw(
        `CREATE POLICY ${TENANT_POLICY} ON ${t} USING (${POLICY_EXPR}) WITH CHECK (${POLICY_EXPR})`,
      )
      .execute(db)
    await sql.raw(`COMMENT ON POLICY ${TENANT_POLICY} ON ${t} IS '${POLICY_NOTE}'`).execute(db)
  }
}
