import { sql, type QueryExecutorProvider } from 'kysely'

/**
 * The shared PostgreSQL as the cluster code needs it: any Kysely instance or transaction on it
 * (the app's Kysely<Database>, a test's Kysely<ClusterTables>); the cluster runs raw SQL only.
 */
export type ClusterDb = QueryExecutorProvider

/**
 * The database server's clock in epoch ms (the statement's transaction start). Every expiry
 * decision (heartbeats, leases, claims) compares against it, never against a process's clock:
 * two processes with skewed clocks still agree on who is alive and which lease ran out.
 */
export const dbNowMs = sql<string>`(extract(epoch from now()) * 1000)::bigint`

/** pg returns BIGINT as a string unless an int8 parser is installed: both are accepted. */
export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v)
}
