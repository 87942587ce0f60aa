// Table interfaces of migration 0032-edge (owned by the edge domain, issue 20). Merged into the
// Database interface by schema.ts, like schema-changes.ts.
import type { Generated } from 'kysely'
import type { TenantId } from '../lib/ids.ts'
import type { DeviceId } from './schema-devices.ts'

/** Central side: one edge appliance registered (or waiting to register) with this tenant. */
export interface EdgesTable {
  id: string
  tenant_id: TenantId
  name: string
  /** sha256 hex of the one-time registration token; null once used */
  token_hash: string | null
  token_expires_at: number
  /** sha256 hex of the edge's long-lived credential; null until registered */
  secret_hash: string | null
  created_at: number
  created_by: string
  registered_at: number | null
  revoked_at: number | null
  last_contact_at: number | null
  /** the highest outbox sequence applied: a replay at or below it is ignored */
  last_seq: Generated<number>
  /** outbox entries the edge said it still holds, at its last contact */
  backlog: Generated<number>
  version: string | null
}

export type EdgeChangeState = 'queued' | 'delivered' | 'done'

/** Central side: a change set for a device behind an edge, waiting to be pulled or reported. */
export interface EdgeChangesTable {
  id: string
  tenant_id: TenantId
  edge_id: string
  device_id: DeviceId
  /** the central device_changes row this request stands for */
  change_id: string
  /** { operations, mode, confirm, windowS }; cleared to '{}' once the edge reported */
  request_json: string
  state: EdgeChangeState
  result_json: string | null
  created_at: number
  delivered_at: number | null
  finished_at: number | null
}

/** Edge side: this appliance's registration with a central Outpost (one per appliance). */
export interface EdgeLinksTable {
  id: string
  tenant_id: TenantId
  central_url: string
  /** the central's id of this edge */
  edge_id: string
  /** the credential, sealed with the tenant data key */
  secret_sealed: string
  /** SHA-256 of the central's certificate (AA:BB:…), pinned at registration; null: CA chain */
  tls_fingerprint: string | null
  registered_at: number
  acked_seq: Generated<number>
  last_success_at: number | null
  last_attempt_at: number | null
  last_error: string | null
}

export type EdgeOutboxKind = 'poll' | 'backup' | 'device' | 'binary' | 'delete'

/** Edge side: what still has to reach the central, in seq order. */
export interface EdgeOutboxTable {
  tenant_id: TenantId
  seq: Generated<number>
  kind: EdgeOutboxKind
  device_id: string
  at: number
  payload_json: string
}

export interface EdgeTables {
  edges: EdgesTable
  edge_changes: EdgeChangesTable
  edge_links: EdgeLinksTable
  edge_outbox: EdgeOutboxTable
}

export const edgeTableNames = {
  edges: true,
  edge_changes: true,
  edge_links: true,
  edge_outbox: true,
} as const satisfies Record<keyof EdgeTables, true>
