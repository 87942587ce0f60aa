// The wizard's few reads and writes: whether it was closed (appliance_settings) and what exists.
import type { GlobalDb } from '../db/global-db.ts'
import type { TenantScope } from '../db/tenant-scope.ts'

export const WIZARD_SETTING = 'setup_wizard'

export async function findWizardState(db: GlobalDb): Promise<string | undefined> {
  const row = await db
    .selectFrom('appliance_settings')
    .select('value_json')
    .where('key', '=', WIZARD_SETTING)
    .executeTakeFirst()
  return row?.value_json
}

export async function saveWizardState(
  db: GlobalDb,
  state: 'finished' | 'skipped',
  now: number,
): Promise<void> {
  const value_json = JSON.stringify({ state, at: now })
  await db
    .insertInto('appliance_settings')
    .values({ key: WIZARD_SETTING, value_json, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at: now }))
    .execute()
}

export async function countTenants(db: GlobalDb): Promise<number> {
  const row = await db
    .selectFrom('tenants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function countDevices(scope: TenantScope): Promise<number> {
  const row = await scope
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
