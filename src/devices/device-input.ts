// Validated input → column values, shared by the form, the JSON API, CSV import and bulk add.
import type { SiteId } from '../db/schema-devices.ts'
import type { DeviceEndpoint } from '../device-access/index.ts'
import type { DeviceCreateInput, DeviceUpdateInput } from './devices.schema.ts'

type Input = DeviceCreateInput | DeviceUpdateInput

/** The settings columns (everything but ids, credentials, poll results and timestamps). */
export function settingsColumns(input: Input) {
  return {
    name: input.name,
    host: input.host,
    host2: input.host2,
    api_port: input.api_port ?? (input.transport === 'api-ssl' ? 8729 : 8728),
    transport: input.transport,
    tls_mode: input.tls_mode,
    tls_fingerprint: input.tls_fingerprint,
    tls_ca_pem: input.tls_ca_pem,
    ssh_port: input.ssh_port ?? 22,
    ssh_host_key: input.ssh_host_key,
    site_id: input.site_id as SiteId | null,
    notes: input.notes,
    latitude: input.latitude,
    longitude: input.longitude,
    is_enabled: (input.is_enabled ? 1 : 0) as 0 | 1,
    poll_interval_s: input.poll_interval_s,
  }
}

/** Where and how the device is reached: what the check and the credential binding need. */
export function endpointOf(input: Input): DeviceEndpoint {
  const c = settingsColumns(input)
  return {
    host: c.host,
    host2: c.host2,
    api_port: c.api_port,
    transport: c.transport,
    tls_mode: c.tls_mode,
    tls_fingerprint: c.tls_fingerprint,
    tls_ca_pem: c.tls_ca_pem,
    ssh_port: c.ssh_port,
    ssh_host_key: c.ssh_host_key,
  }
}

/** Names of the settings that differ between a stored row and the new input (for the audit). */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  return Object.keys(after).filter((k) => before[k] !== after[k])
}
