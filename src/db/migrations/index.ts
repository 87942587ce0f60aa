// The ordered list of migrations. A static map instead of a directory scan, because the bundled
// dist/ has no folder to scan. Append new entries at the end; never rename or reorder applied ones.
import type { Migration } from 'kysely'
import { migration0001Core } from './0001-core.ts'
import { migration0002Devices } from './0002-devices.ts'
import { migration0003Poller } from './0003-poller.ts'
import { migration0004DeviceAccess } from './0004-device-access.ts'
import { migration0009Backups } from './0009-backups.ts'
import { migration0010Alerts } from './0010-alerts.ts'
import { migration0013BackupRuns } from './0013-backup-runs.ts'
import { migration0014Notifications } from './0014-notifications.ts'
import { migration0015MaintenanceSyslog } from './0015-maintenance-syslog.ts'
import { migration0016BackupSchedules } from './0016-backup-schedules.ts'
import { migration0017Totp } from './0017-totp.ts'
import { migration0018Changes } from './0018-changes.ts'
import { migration0019Jobs } from './0019-jobs.ts'
import { migration0020Overlay } from './0020-overlay.ts'
import { migration0021RemoteAccess } from './0021-remote-access.ts'
import { migration0022CredentialProfilesCertificates } from './0022-credential-profiles-certificates.ts'
import { migration0024UserTimeZone } from './0024-user-time-zone.ts'
import { migration0025Discovery } from './0025-discovery.ts'
import { migration0026TopologyCompliance } from './0026-topology-compliance.ts'
import { migration0027Reports } from './0027-reports.ts'
import { migration0028Privacy } from './0028-privacy.ts'
import { migration0029Passkeys } from './0029-passkeys.ts'
import { migration0030SealedAudit } from './0030-sealed-audit.ts'
import { migration0031Cluster } from './0031-cluster.ts'
import { migration0032Edge } from './0032-edge.ts'

export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-core': migration0001Core,
  '0002-devices': migration0002Devices,
  '0003-poller': migration0003Poller,
  '0004-device-access': migration0004DeviceAccess,
  '0009-backups': migration0009Backups,
  '0010-alerts': migration0010Alerts,
  '0013-backup-runs': migration0013BackupRuns,
  '0014-notifications': migration0014Notifications,
  '0015-maintenance-syslog': migration0015MaintenanceSyslog,
  '0016-backup-schedules': migration0016BackupSchedules,
  '0017-totp': migration0017Totp,
  '0018-changes': migration0018Changes,
  '0019-jobs': migration0019Jobs,
  '0020-overlay': migration0020Overlay,
  '0021-remote-access': migration0021RemoteAccess,
  '0022-credential-profiles-certificates': migration0022CredentialProfilesCertificates,
  '0024-user-time-zone': migration0024UserTimeZone,
  '0025-discovery': migration0025Discovery,
  '0026-topology-compliance': migration0026TopologyCompliance,
  '0027-reports': migration0027Reports,
  '0028-privacy': migration0028Privacy,
  '0029-passkeys': migration0029Passkeys,
  '0030-sealed-audit': migration0030SealedAudit,
  '0031-cluster': migration0031Cluster,
  '0032-edge': migration0032Edge,
})
