// Alerts (issue 13): rules, alerts (history), per-tenant alerting state, channels and the
// notification outbox. All tenant-scoped; alerts reference devices by (tenant_id, id) and go with
// the device. Rules and channels are referenced by id only, so history survives their deletion.
import { sql, type Kysely, type Migration } from 'kysely'

const SEVERITY = `CHECK (severity IN ('info', 'warning', 'critical'))`
const SCOPE = `CHECK (scope_kind IN ('tenant', 'site', 'tag', 'device'))`

const statements = [
  `CREATE TABLE alert_rules (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    label TEXT,
    comparison TEXT NOT NULL CHECK (comparison IN ('>', '<')),
    threshold REAL NOT NULL,
    duration_s INTEGER NOT NULL,
    polls INTEGER NOT NULL,
    hysteresis REAL NOT NULL,
    severity TEXT NOT NULL ${SEVERITY},
    scope_kind TEXT NOT NULL ${SCOPE},
    scope_id TEXT,
    is_enabled INTEGER NOT NULL DEFAULT 1,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id)
  ) STRICT`,
  `CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    rule_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    label TEXT,
    severity TEXT NOT NULL ${SEVERITY},
    state TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
    value REAL,
    threshold REAL,
    message TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    acked_at INTEGER,
    acked_by TEXT,
    ack_note TEXT,
    resolved_at INTEGER,
    is_silenced INTEGER NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE INDEX alerts_tenant_state ON alerts (tenant_id, state, opened_at)`,
  `CREATE INDEX alerts_tenant_device ON alerts (tenant_id, device_id, opened_at)`,
  `CREATE TABLE alert_tenant_state (
    tenant_id TEXT NOT NULL PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    defaults_created_at INTEGER NOT NULL
  ) STRICT`,
  `CREATE TABLE alert_channels (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('email', 'webhook', 'slack', 'teams', 'telegram', 'ntfy')),
    name TEXT NOT NULL,
    config_json TEXT NOT NULL,
    secret_enc TEXT,
    min_severity TEXT NOT NULL CHECK (min_severity IN ('info', 'warning', 'critical')),
    scope_kind TEXT NOT NULL ${SCOPE},
    scope_id TEXT,
    is_enabled INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id)
  ) STRICT`,
  `CREATE TABLE alert_outbox (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    channel_id TEXT NOT NULL,
    alert_id TEXT,
    event TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    UNIQUE (tenant_id, id)
  ) STRICT`,
  // the sender's query runs across tenants: what is due, oldest first
  `CREATE INDEX alert_outbox_due ON alert_outbox (state, next_attempt_at)`,
  `CREATE INDEX alert_outbox_tenant_alert ON alert_outbox (tenant_id, alert_id)`,
]

export const migration0010Alerts: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
