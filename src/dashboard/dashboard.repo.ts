import type { TenantScope } from '../db/tenant-scope.ts'

/** Devices of the tenant, disabled ones included (the dashboard's empty state needs "none at all"). */
export async function countAllDevices(scope: TenantScope): Promise<number> {
  const row = await scope
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
