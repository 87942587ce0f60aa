import type pg from 'pg'

/**
 * Whose rows a metrics statement may see (issue 20: row-level security on the metrics tables
 * too). A flush writes many tenants' samples at once, so it runs as the poller's cross-tenant
 * scope; chart reads and device removals run as their tenant.
 */
export type MetricsScope = { readonly tenantId: string } | 'global'

/** The policy every metrics table gets: the same rule as the app's tenant tables. */
export const TENANT_POLICY = `tenant_id = current_setting('outpost.tenant_id', true)
  OR current_setting('outpost.scope', true) = 'global'`

/**
 * Runs `fn` in one transaction whose settings (SET LOCAL, so they end with it) name the scope;
 * without them the policies let no row through.
 */
export async function inScope<T>(
  pool: pg.Pool,
  scope: MetricsScope,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    if (scope === 'global') await client.query(`SELECT set_config('outpost.scope', 'global', true)`)
    else await client.query(`SELECT set_config('outpost.tenant_id', $1, true)`, [scope.tenantId])
    const out = await fn(client)
    await client.query('COMMIT')
    return out
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}
