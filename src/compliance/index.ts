// Public surface of compliance for other domains. Reports read complianceSummary (latest result
// per device and counts) and deviceComplianceHistory; these names are stable.
export {
  complianceSummary,
  deviceComplianceHistory,
  evaluateDevices,
  type ComplianceCtx,
  type ComplianceDeps,
} from './compliance.service.ts'
export type {
  BuiltinRuleKey,
  ComplianceSettingsView,
  ComplianceSummary,
  CustomRuleView,
  DeviceCompliance,
  RuleResult,
  RuleStatus,
} from './compliance.types.ts'
export { ComplianceRunner } from './compliance-runner.ts'
export {
  addCustomRule,
  complianceSettings,
  removeCustomRule,
  saveFirmwareMaxBehind,
  type ComplianceAdminCtx,
} from './compliance-settings.service.ts'
export { customRuleSchema, settingsSchema } from './compliance.schema.ts'
