// Compliance tables (settings, custom rules, results) plus the device rows and latest backup ids
// an evaluation reads. Queries only; rules live in the service.
import type { Selectable } from 'kysely'
import type { DeviceId } from '../db/schema-devices.ts'
import type {
  ComplianceResultsTable,
  ComplianceRuleMode,
} from '../db/schema-topology-compliance.ts'
import type { TenantScope } from '../db/tenant-scope.ts'

export type ResultRow = Selectable<ComplianceResultsTable> & { device_name: string }

const DEFAULT_MAX_BEHIND = 2
/** Evaluations kept per device (about three months of daily runs plus backups). */
export const HISTORY_KEPT = 120

export async function findMaxBehind(scope: TenantScope): Promise<number> {
  const row = await scope
    .selectFrom('compliance_settings')
    .select('firmware_max_behind')
    .executeTakeFirst()
  return row?.firmware_max_behind ?? DEFAULT_MAX_BEHIND
}

export async function upsertMaxBehind(scope: TenantScope, n: number, now: number): Promise<void> {
  await scope
    .insertInto('compliance_settings', { firmware_max_behind: n, updated_at: now })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({ firmware_max_behind: n, updated_at: now }),
    )
    .execute()
}

export function listRules(scope: TenantScope) {
  return scope
    .selectFrom('compliance_rules')
    .select(['id', 'name', 'path', 'mode', 'pattern'])
    .orderBy('name')
    .limit(200)
    .execute()
}

export async function insertRule(
  scope: TenantScope,
  row: {
    id: string
    name: string
    path: string
    mode: ComplianceRuleMode
    pattern: string
    created_at: number
  },
): Promise<void> {
  await scope.insertInto('compliance_rules', row).execute()
}

export async function deleteRule(scope: TenantScope, id: string): Promise<number> {
  const r = await scope.deleteFrom('compliance_rules').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows)
}

/** The device columns an evaluation needs, sealed credentials included (opened in memory only). */
export function listEvalDevices(scope: TenantScope, deviceId?: DeviceId) {
  let q = scope
    .selectFrom('devices')
    .select([
      'id',
      'name',
      'version',
      'host',
      'host2',
      'api_port',
      'transport',
      'tls_mode',
      'tls_fingerprint',
      'tls_ca_pem',
      'ssh_port',
      'ssh_host_key',
      'username_enc',
      'password_enc',
      'credentials_legacy_digest',
    ])
    .orderBy('name')
    .limit(100_000)
  if (deviceId !== undefined) q = q.where('id', '=', deviceId)
  return q.execute()
}

/** The newest stored backup id of a device. */
export async function findLatestBackupId(
  scope: TenantScope,
  deviceId: DeviceId,
): Promise<string | undefined> {
  const row = await scope
    .selectFrom('device_backups')
    .select('id')
    .where('device_id', '=', deviceId)
    .orderBy('captured_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row?.id
}

/** Stores an evaluation as the device's latest and trims its history. */
export async function insertResult(
  scope: TenantScope,
  row: Omit<Selectable<ComplianceResultsTable>, 'tenant_id' | 'is_latest'>,
): Promise<void> {
  await scope.transaction(async (tx) => {
    await tx
      .updateTable('compliance_results')
      .set({ is_latest: 0 })
      .where('device_id', '=', row.device_id)
      .where('is_latest', '=', 1)
      .execute()
    await tx.insertInto('compliance_results', { ...row, is_latest: 1 }).execute()
    const old = await tx
      .selectFrom('compliance_results')
      .select('id')
      .where('device_id', '=', row.device_id)
      .orderBy('evaluated_at', 'desc')
      .orderBy('id', 'desc')
      .offset(HISTORY_KEPT)
      .limit(1000)
      .execute()
    if (old.length > 0)
      await tx
        .deleteFrom('compliance_results')
        .where(
          'id',
          'in',
          old.map((o) => o.id),
        )
        .execute()
  })
}

const withName = (scope: TenantScope) =>
  scope
    .selectFrom('compliance_results')
    .innerJoin('devices', (j) =>
      j
        .onRef('devices.id', '=', 'compliance_results.device_id')
        .onRef('devices.tenant_id', '=', 'compliance_results.tenant_id'),
    )
    .selectAll('compliance_results')
    .select('devices.name as device_name')

export function listLatestResults(scope: TenantScope): Promise<ResultRow[]> {
  return withName(scope)
    .where('compliance_results.is_latest', '=', 1)
    .orderBy('devices.name')
    .limit(100_000)
    .execute()
}

export function listDeviceResults(
  scope: TenantScope,
  deviceId: DeviceId,
  limit: number,
): Promise<ResultRow[]> {
  return (
    withName(scope)
      .where('compliance_results.device_id', '=', deviceId)
      // the current result first even when two evaluations share a millisecond
      .orderBy('compliance_results.is_latest', 'desc')
      .orderBy('compliance_results.evaluated_at', 'desc')
      .orderBy('compliance_results.id', 'desc')
      .limit(limit)
      .execute()
  )
}

export async function countDevices(scope: TenantScope): Promise<number> {
  const r = await scope
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}
