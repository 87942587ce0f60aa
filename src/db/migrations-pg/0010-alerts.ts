// PostgreSQL mirror of migrations/0010-alerts.ts (rules, alerts, channels, notification outbox).
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

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
    threshold DOUBLE PRECISION NOT NULL,
    duration_s BIGINT NOT NULL,
    polls BIGINT NOT NULL,
    hysteresis DOUBLE PRECISION NOT NULL,
    severity TEXT NOT NULL ${SEVERITY},
    scope_kind TEXT NOT NULL ${SCOPE},
    scope_id TEXT,
    is_enabled BIGINT NOT NULL DEFAULT 1,
    is_default BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (tenant_id, id)
  )`,
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
    value DOUBLE PRECISION,
    threshold DOUBLE PRECISION,
    message TEXT NOT NULL,
    opened_at BIGINT NOT NULL,
    acked_at BIGINT,
    acked_by TEXT,
    ack_note TEXT,
    resolved_at BIGINT,
    is_silenced BIGINT NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE INDEX alerts_tenant_state ON alerts (tenant_id, state, opened_at)`,
  `CREATE INDEX alerts_tenant_device ON alerts (tenant_id, device_id, opened_at)`,
  `CREATE TABLE alert_tenant_state (
    tenant_id TEXT NOT NULL PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    defaults_created_at BIGINT NOT NULL
  )`,
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
    is_enabled BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (tenant_id, id)
  )`,
  `CREATE TABLE alert_outbox (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    channel_id TEXT NOT NULL,
    alert_id TEXT,
    event TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'cancelled')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    UNIQUE (tenant_id, id)
  )`,
  // the sender's query runs across tenants: what is due, oldest first
  `CREATE INDEX alert_outbox_due ON alert_outbox (state, next_attempt_at)`,
  `CREATE INDEX alert_outbox_tenant_alert ON alert_outbox (tenant_id, alert_id)`,
]

export const migrationPg0010Alerts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
