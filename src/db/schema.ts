// Table interfaces for Kysely, and the decision every table must make: tenant-scoped or global.
// A tenant table has `tenant_id` right after `id`, UNIQUE (tenant_id, id), and its children
// reference it by (tenant_id, id). test/unit/db/schema.test.ts enforces this on the real schema.
import type { Generated } from 'kysely'
import type {
  ApiKeyId,
  MembershipId,
  RefreshTokenId,
  TenantId,
  TokenFamilyId,
  UserId,
} from '../lib/ids.ts'
import { alertTableNames, type AlertTables } from './schema-alerts.ts'
import { deviceTableNames, type DeviceTables } from './schema-devices.ts'
import { pollerTableNames, type PollerTables } from './schema-poller.ts'
import {
  BACKUP_SEARCH_SHADOW_TABLES,
  backupTableNames,
  type BackupTables,
} from './schema-backups.ts'
import { changeTableNames, type ChangeTables } from './schema-changes.ts'
import {
  LOG_SEARCH_SHADOW_TABLES,
  maintenanceSyslogTableNames,
  type MaintenanceSyslogTables,
} from './schema-maintenance-syslog.ts'
import { jobTableNames, type JobTables } from './schema-jobs.ts'
import { remoteAccessTableNames, type RemoteAccessTables } from './schema-remote-access.ts'
import { overlayTableNames, type OverlayTables } from './schema-overlay.ts'
// topology and compliance (issue 18)
import {
  topologyComplianceTableNames,
  type TopologyComplianceTables,
} from './schema-topology-compliance.ts'
// reports (issue 18)
import { reportTableNames, type ReportTables } from './schema-reports.ts'
import {
  credentialProfileTableNames,
  type ApplianceCaTable,
  type CredentialProfileTables,
} from './schema-credential-profiles.ts'
// discovery (issue 18)
import {
  discoveryGlobalTableNames,
  discoveryTenantTableNames,
  type DiscoveryGlobalTables,
  type DiscoveryTenantTables,
} from './schema-discovery.ts'
// edge appliances (issue 20)
import { edgeTableNames, type EdgeTables } from './schema-edge.ts'
// several pollers (issue 20)
import { clusterTableNames, type ClusterTables } from './schema-cluster.ts'

/** 0 or 1: SQLite has no boolean type. */
export type Bool = 0 | 1

// ---- global tables ----

export interface TenantsTable {
  id: TenantId
  name: string
  created_at: number
  is_disabled: Generated<Bool>
  /** members must enrol a TOTP second factor (issue 17) */
  require_second_factor: Generated<Bool>
  /** IANA time zone of recurring maintenance windows (0015) */
  time_zone: Generated<string>
}

export interface UsersTable {
  id: UserId
  username: string
  display_name: string | null
  password_hash: string
  is_super_admin: Generated<Bool>
  must_change_password: Generated<Bool>
  is_disabled: Generated<Bool>
  created_at: number
  updated_at: number
  password_changed_at: number | null
  /** where password reset links go (issue 19); null: only an admin can reset */
  email: string | null
  /** IANA zone for charts and exact times (issue 15, migration 0024) */
  time_zone: Generated<string>
}

export interface RefreshTokensTable {
  id: RefreshTokenId
  user_id: UserId
  family_id: TokenFamilyId
  /** sha256 hex of the token; the token itself is never stored */
  token_hash: string
  active_tenant_id: TenantId | null
  created_at: number
  expires_at: number
  used_at: number | null
  revoked_at: number | null
  ip: string | null
  user_agent: string | null
}

export type AuditActorKind = 'user' | 'api_key' | 'system' | 'anonymous'
export type AuditOutcome = 'success' | 'failure'

export interface AuditLogTable {
  seq: Generated<number>
  at: number
  tenant_id: string | null
  actor_kind: AuditActorKind
  actor_id: string | null
  actor_name: string
  ip: string | null
  action: string
  target_type: string | null
  target_id: string | null
  target_label: string | null
  outcome: AuditOutcome
  /** plaintext details of v1 entries not yet sealed; '{}' once sealed (v2) */
  details_json: Generated<string>
  prev_hash: string
  hash: string
  // sealed audit details, chain v2 (issue 19, migration 0030)
  /** 1: legacy clear entry (sealed at startup), 2: sealed details + identity digest */
  chain_version: number
  details_sealed: string | null
  details_digest: string | null
  identity_salt: string | null
  identity_digest: string | null
  /** when a deleted account's identity was replaced by its pseudonym */
  erased_at: number | null
}

export interface ApplianceSettingsTable {
  key: string
  value_json: string
  updated_at: number
}

// TOTP second factor (issue 17)
export interface UserSecondFactorsTable {
  user_id: UserId
  /** base32 secret, sealed with a key derived from the master key */
  secret_sealed: string
  created_at: number
  /** null while the enrolment waits for its first code */
  confirmed_at: number | null
  /** last time step accepted, so a code cannot be replayed */
  last_step: Generated<number>
}

export interface UserRecoveryCodesTable {
  id: string
  user_id: UserId
  /** sha256 hex of the normalised code */
  code_hash: string
  created_at: number
  used_at: number | null
}

// Accounts and privacy (issue 19)
export interface PasswordResetTokensTable {
  id: string
  user_id: UserId
  /** sha256 hex of the token; the token itself is only in the e-mail */
  token_hash: string
  created_at: number
  expires_at: number
  used_at: number | null
}

export interface UserPasskeysTable {
  id: string
  user_id: UserId
  /** base64url credential id, as the browser reports it */
  credential_id: string
  /** base64url COSE public key */
  public_key: string
  counter: Generated<number>
  /** comma-separated authenticator transports */
  transports: Generated<string>
  name: string
  created_at: number
  last_used_at: number | null
  /** 1 when the authenticator says the passkey is synced/backed up (migration 0029) */
  backed_up: Generated<number>
}

// Passkeys (issue 19, migration 0029): a challenge handed to a browser, spent once
export interface WebauthnChallengesTable {
  /** base64url, as it comes back in clientDataJSON */
  challenge: string
  purpose: 'register' | 'sign_in' | 'second_factor'
  /** the user it was issued for (null for a username-less sign-in) */
  user_id: UserId | null
  created_at: number
  expires_at: number
  used_at: number | null
}

export interface AccountDeletionsTable {
  id: string
  /** what the deleted user's audit entries now show as actor */
  pseudonym: string
  deleted_at: number
  /** 'self' or the pseudonymous description of the admin who deleted the account */
  deleted_by: string
  receipt_json: string
  receipt_hash: string
}

// ---- tenant tables ----

export type TenantRole = 'admin' | 'operator' | 'viewer'
export type ApiKeyRole = 'operator' | 'viewer'

export interface MembershipsTable {
  id: MembershipId
  tenant_id: TenantId
  user_id: UserId
  role: TenantRole
  created_at: number
}

/** One row per tenant, hour, purpose, subject and actor: how often a tenant key was used. */
export interface KeyUseEventsTable {
  id: string
  tenant_id: TenantId
  /** epoch ms of the start of the hour */
  hour: number
  key_name: string
  purpose: string
  subject_type: string
  subject_id: string
  subject_label: string
  actor_kind: string
  /** '' for the system (poller, schedules) */
  actor_id: string
  actor_name: string
  count: number
  first_at: number
  last_at: number
}

export interface ApiKeysTable {
  id: ApiKeyId
  tenant_id: TenantId
  name: string
  /** visible start of the key, e.g. `opk_3F9A` */
  prefix: string
  /** sha256 hex of the whole key */
  key_hash: string
  role: ApiKeyRole
  created_by_user_id: UserId | null
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

/** Tables that hold one tenant's data. Reached only through a TenantScope (or Unscoped). */
export interface TenantTables
  extends
    DeviceTables,
    PollerTables,
    BackupTables,
    AlertTables,
    ChangeTables,
    MaintenanceSyslogTables,
    JobTables,
    RemoteAccessTables,
    OverlayTables,
    TopologyComplianceTables,
    ReportTables,
    CredentialProfileTables,
    DiscoveryTenantTables,
    EdgeTables {
  memberships: MembershipsTable
  api_keys: ApiKeysTable
  key_use_events: KeyUseEventsTable
}

/** Appliance-wide tables. Reached through GlobalDb. */
export interface GlobalTables extends DiscoveryGlobalTables, ClusterTables {
  tenants: TenantsTable
  users: UsersTable
  refresh_tokens: RefreshTokensTable
  audit_log: AuditLogTable
  appliance_settings: ApplianceSettingsTable
  user_second_factors: UserSecondFactorsTable
  user_recovery_codes: UserRecoveryCodesTable
  password_reset_tokens: PasswordResetTokensTable
  user_passkeys: UserPasskeysTable
  webauthn_challenges: WebauthnChallengesTable
  account_deletions: AccountDeletionsTable
  appliance_ca: ApplianceCaTable
}

export interface Database extends TenantTables, GlobalTables {}

export type TenantTable = keyof TenantTables
export type GlobalTable = keyof GlobalTables

// `satisfies Record<…>` makes forgetting a table in either list a compile error.
const tenantTables = {
  memberships: true,
  api_keys: true,
  key_use_events: true,
  ...deviceTableNames,
  ...pollerTableNames,
  ...backupTableNames,
  ...alertTableNames,
  ...changeTableNames,
  ...maintenanceSyslogTableNames,
  ...jobTableNames,
  ...remoteAccessTableNames,
  ...overlayTableNames,
  ...topologyComplianceTableNames,
  ...reportTableNames,
  ...credentialProfileTableNames,
  ...discoveryTenantTableNames,
  ...edgeTableNames,
} as const satisfies Record<TenantTable, true>
const globalTables = {
  tenants: true,
  users: true,
  refresh_tokens: true,
  audit_log: true,
  appliance_settings: true,
  user_second_factors: true,
  user_recovery_codes: true,
  password_reset_tokens: true,
  user_passkeys: true,
  webauthn_challenges: true,
  account_deletions: true,
  appliance_ca: true,
  ...discoveryGlobalTableNames,
  ...clusterTableNames,
} as const satisfies Record<GlobalTable, true>

export const TENANT_TABLES = Object.freeze(Object.keys(tenantTables) as TenantTable[])
export const GLOBAL_TABLES = Object.freeze(Object.keys(globalTables) as GlobalTable[])
/** Bookkeeping tables owned by Kysely's Migrator and SQLite itself. */
export const INTERNAL_TABLES = Object.freeze([
  'kysely_migration',
  'kysely_migration_lock',
  'sqlite_sequence',
  ...BACKUP_SEARCH_SHADOW_TABLES,
  ...LOG_SEARCH_SHADOW_TABLES,
])

const tenantTableSet: ReadonlySet<string> = new Set(TENANT_TABLES)

/** True for a tenant table name (SQLite names are case-insensitive). */
export function isTenantTable(name: string): name is TenantTable {
  return tenantTableSet.has(name.toLowerCase())
}
