// View models of compliance: what the fleet page, the device history, the JSON API and the
// reports domain read. Stable: the reports helper depends on these names.
import type { ComplianceRuleMode, ComplianceTrigger } from '../db/schema-topology-compliance.ts'

export type RuleStatus = 'pass' | 'fail' | 'unknown'

/** The built-in rules, by key (custom rules are `custom:<id>`). */
export type BuiltinRuleKey =
  | 'firmware_current'
  | 'admin_password'
  | 'services_exposed'
  | 'input_drop'
  | 'ntp_configured'
  | 'syslog_configured'

/** One rule's verdict on one device: why, and the export line that decided it (secrets masked). */
export interface RuleResult {
  rule: string
  title: string
  status: RuleStatus
  reason: string
  line: { number: number; text: string } | null
}

/** One evaluation of one device. */
export interface DeviceCompliance {
  deviceId: string
  deviceName: string
  evaluatedAt: number
  trigger: ComplianceTrigger
  /** the stored configuration version evaluated (null: none stored yet) */
  backupId: string | null
  passed: number
  failed: number
  unknown: number
  results: RuleResult[]
}

/** The fleet view: each device's latest evaluation, and counts. */
export interface ComplianceSummary {
  devices: DeviceCompliance[]
  counts: {
    /** devices in the tenant */
    devices: number
    /** evaluated against a stored configuration with no failing rule */
    compliant: number
    /** evaluated with at least one failing rule */
    failing: number
    /** never evaluated, or no stored configuration yet (and nothing failing) */
    notEvaluated: number
  }
  /** failing devices per rule, worst first */
  byRule: { rule: string; title: string; failed: number }[]
}

export interface CustomRuleView {
  id: string
  name: string
  path: string
  mode: ComplianceRuleMode
  pattern: string
}

export interface ComplianceSettingsView {
  firmwareMaxBehind: number
  rules: CustomRuleView[]
}
