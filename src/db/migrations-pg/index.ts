// The PostgreSQL migrations: one per SQLite migration, under the same key and in the same order
// (test/integration/db/pg-schema.test.ts compares the two schemas and fails when one side lacks a
// migration). Append new entries at the end, together with the SQLite one.
// Conventions (so the repos run unchanged): INTEGER → BIGINT (node-pg returns int8 as a string:
// the runtime installs a type parser for OID 20), REAL → DOUBLE PRECISION, BLOB → BYTEA,
// COLLATE NOCASE → CITEXT, AUTOINCREMENT / rowid keys → identity, FTS5 → GIN over to_tsvector.
// A migration that changes data must first `SELECT set_config('outpost.scope', 'global', true)`:
// row-level security (row-level-security.ts, applied after the migrations) applies to the owner too.
// What the runtime must do on PostgreSQL (the contract these migrations assume):
// - run migratePostgres(ownerDb, { appRole }) as the owner; serve requests as the app role
// - type parsers: int8 (OID 20, count(*) too) and numeric (1700, sum/avg) to Number; bytea is a
//   Buffer; 0/1 flags are compared to 1, never used as booleans
// - TenantScope transactions: set_config('outpost.tenant_id', id, true); Unscoped handles:
//   set_config('outpost.scope', 'global', true); GlobalDb: nothing (row-level-security.ts)
// - full text: outpost_fts_vector(col) @@ to_tsquery('simple', fts5ToTsquery(q)) (full-text.ts)
// - `like` on a TEXT column is case-sensitive here (citext columns are not): use ILIKE where
//   SQLite's ASCII-case-insensitive LIKE was meant; instr(lower(c), x) > 0 is strpos(lower(c), x) > 0
// - audit: seq is written explicitly (last + 1) and nobody may delete rows, so the "highest seq
//   issued" check (sqlite_sequence on SQLite) is max(seq) here
import type { Migration } from 'kysely'
import { migrationPg0001Core } from './0001-core.ts'
import { migrationPg0002Devices } from './0002-devices.ts'
import { migrationPg0003Poller } from './0003-poller.ts'
import { migrationPg0004DeviceAccess } from './0004-device-access.ts'
import { migrationPg0009Backups } from './0009-backups.ts'
import { migrationPg0010Alerts } from './0010-alerts.ts'
import { migrationPg0013BackupRuns } from './0013-backup-runs.ts'
import { migrationPg0014Notifications } from './0014-notifications.ts'
import { migrationPg0015MaintenanceSyslog } from './0015-maintenance-syslog.ts'
import { migrationPg0016BackupSchedules } from './0016-backup-schedules.ts'
import { migrationPg0017Totp } from './0017-totp.ts'
import { migrationPg0018Changes } from './0018-changes.ts'
import { migrationPg0019Jobs } from './0019-jobs.ts'
import { migrationPg0020Overlay } from './0020-overlay.ts'
import { migrationPg0021RemoteAccess } from './0021-remote-access.ts'
import { migrationPg0022CredentialProfilesCertificates } from './0022-credential-profiles-certificates.ts'
import { migrationPg0024UserTimeZone } from './0024-user-time-zone.ts'
import { migrationPg0025Discovery } from './0025-discovery.ts'
import { migrationPg0026TopologyCompliance } from './0026-topology-compliance.ts'
import { migrationPg0027Reports } from './0027-reports.ts'
import { migrationPg0028Privacy } from './0028-privacy.ts'

export const pgMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-core': migrationPg0001Core,
  '0002-devices': migrationPg0002Devices,
  '0003-poller': migrationPg0003Poller,
  '0004-device-access': migrationPg0004DeviceAccess,
  '0009-backups': migrationPg0009Backups,
  '0010-alerts': migrationPg0010Alerts,
  '0013-backup-runs': migrationPg0013BackupRuns,
  '0014-notifications': migrationPg0014Notifications,
  '0015-maintenance-syslog': migrationPg0015MaintenanceSyslog,
  '0016-backup-schedules': migrationPg0016BackupSchedules,
  '0017-totp': migrationPg0017Totp,
  '0018-changes': migrationPg0018Changes,
  '0019-jobs': migrationPg0019Jobs,
  '0020-overlay': migrationPg0020Overlay,
  '0021-remote-access': migrationPg0021RemoteAccess,
  '0022-credential-profiles-certificates': migrationPg0022CredentialProfilesCertificates,
  '0024-user-time-zone': migrationPg0024UserTimeZone,
  '0025-discovery': migrationPg0025Discovery,
  '0026-topology-compliance': migrationPg0026TopologyCompliance,
  '0027-reports': migrationPg0027Reports,
  '0028-privacy': migrationPg0028Privacy,
})
