// The application role on PostgreSQL. The tables belong to the role that runs the migrations
// (the owner); the running app connects as another role that may read and write rows but owns
// nothing, is no superuser and has no BYPASSRLS, so row-level security always applies to it.
// The audit log is insert-only for it (SELECT, INSERT), the migration bookkeeping read-only.
import { sql, type Kysely } from 'kysely'

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/

interface RoleRow {
  rolsuper: boolean
  rolbypassrls: boolean
  owned: string
}

function checkedName(role: string): string {
  if (!ROLE_NAME.test(role))
    throw new Error(`invalid role name "${role}" (lower-case letters, digits, _)`)
  return role
}

/**
 * Creates the app role when it does not exist (needs CREATEROLE) and grants it row access.
 * Run as the owner after the migrations (migratePostgres does it when given a role).
 * @example await setupPostgresRoles(ownerDb, { appRole: 'outpost_app', password })
 */
export async function setupPostgresRoles(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs on any schema
  db: Kysely<any>,
  opts: { appRole: string; password?: string | undefined },
): Promise<void> {
  const role = checkedName(opts.appRole)
  const exists = await sql`SELECT 1 FROM pg_roles WHERE rolname = ${role}`.execute(db)
  if (exists.rows.length === 0) {
    const password =
      opts.password === undefined ? '' : ` PASSWORD '${opts.password.replaceAll("'", "''")}'`
    await sql
      .raw(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE${password}`)
      .execute(db)
  }
  await grantAppRole(db, role)
}

/**
 * Grants the app role what the running app needs and nothing more; refuses a role that would
 * bypass row-level security (superuser, BYPASSRLS, or owner of a table).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs on any schema
export async function grantAppRole(db: Kysely<any>, appRole: string): Promise<void> {
  const role = checkedName(appRole)
  const r = await sql<RoleRow>`SELECT rolsuper, rolbypassrls,
      (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tableowner = ${role})::text AS owned
    FROM pg_roles WHERE rolname = ${role}`.execute(db)
  const row = r.rows[0]
  if (row === undefined) throw new Error(`role ${role} does not exist`)
  if (row.rolsuper || row.rolbypassrls) {
    throw new Error(
      `role ${role} bypasses row-level security (superuser or BYPASSRLS): use a plain role`,
    )
  }
  if (row.owned !== '0')
    throw new Error(`role ${role} owns tables: the app role must not own the schema`)
  const statements = [
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${role}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON kysely_migration, kysely_migration_lock FROM ${role}`,
    // tables and sequences the owner creates later (other domains' runtime-managed tables)
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
  ]
  for (const s of statements) await sql.raw(s).execute(db)
}
