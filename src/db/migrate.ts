// Applies the static migration list with Kysely's Migrator. SQLite has transactional DDL, so a
// run is all-or-nothing: a failing migration leaves the database as it was. On PostgreSQL (issue
// 20) the list is pgMigrations (same keys), chosen by the handle's dialect.
import {
  Migrator,
  PostgresAdapter,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely'
import { migrations as defaultMigrations } from './migrations/index.ts'
import { pgMigrations } from './migrations-pg/index.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
function migrationsFor(db: Kysely<any>): Record<string, Migration> {
  return db.getExecutor().adapter instanceof PostgresAdapter ? pgMigrations : defaultMigrations
}

class StaticMigrationProvider implements MigrationProvider {
  readonly #migrations: Record<string, Migration>
  constructor(migrations: Record<string, Migration>) {
    this.#migrations = migrations
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...this.#migrations }
  }
}

export interface MigrateResult {
  applied: string[]
}

/**
 * Brings the schema to the latest migration; throws (with the failing migration named) on error.
 * @example await migrateToLatest(kysely)
 */
export async function migrateToLatest(
  // migrations run against whatever schema is there, so untyped (Kysely's documented pattern)
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  migrations: Record<string, Migration> = migrationsFor(db),
): Promise<MigrateResult> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(migrations) })
  const { error, results = [] } = await migrator.migrateToLatest()
  const failed = results.find((r) => r.status === 'Error')
  if (error !== undefined) {
    const name = failed?.migrationName ?? 'unknown'
    throw new Error(`migration ${name} failed`, { cause: error })
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) }
}

/** Names of the migrations this build knows, in order. */
export function knownMigrations(): string[] {
  return Object.keys(defaultMigrations)
}

/**
 * Names of the known migrations not yet applied to the database (empty when up to date).
 * @example if ((await pendingMigrations(kysely)).length > 0) …
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped like migrateToLatest
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(migrationsFor(db)) })
  const all = await migrator.getMigrations()
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name)
}
