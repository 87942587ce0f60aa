// Table interfaces of migration 0026-topology-compliance (owned by TOPOLOGY and COMPLIANCE).
// Merged into the Database interface by schema.ts.
import type { Generated } from 'kysely'
import type { TenantId } from '../lib/ids.ts'
import type { DeviceId, SiteId } from './schema-devices.ts'

/** A site's coordinates for the site map (devices carry their own on the device row). */
export interface SiteLocationsTable {
  tenant_id: TenantId
  site_id: SiteId
  latitude: number
  longitude: number
  updated_at: number
}

export interface ComplianceSettingsTable {
  tenant_id: TenantId
  /** firmware currency: how many releases of the channel a router may be behind */
  firmware_max_behind: Generated<number>
  updated_at: number
}

export type ComplianceRuleMode = 'must_contain' | 'must_not_contain'

/** A custom rule: a RouterOS menu path and a pattern its exported lines must (not) contain. */
export interface ComplianceRulesTable {
  id: string
  tenant_id: TenantId
  name: string
  path: string
  mode: ComplianceRuleMode
  pattern: string
  created_at: number
}

export type ComplianceTrigger = 'backup' | 'daily' | 'manual'

/** One evaluation of one device; `is_latest` marks the current one. */
export interface ComplianceResultsTable {
  id: string
  tenant_id: TenantId
  device_id: DeviceId
  evaluated_at: number
  trigger: ComplianceTrigger
  backup_id: string | null
  passed: number
  failed: number
  unknown: number
  results_json: string
  is_latest: Generated<0 | 1>
}

export interface TopologyComplianceTables {
  site_locations: SiteLocationsTable
  compliance_settings: ComplianceSettingsTable
  compliance_rules: ComplianceRulesTable
  compliance_results: ComplianceResultsTable
}

export const topologyComplianceTableNames = {
  site_locations: true,
  compliance_settings: true,
  compliance_rules: true,
  compliance_results: true,
} as const satisfies Record<keyof TopologyComplianceTables, true>
