// Where and how a device's credentials travel. Stored credentials are sealed for one endpoint
// (see credentials.ts): the digest below is part of their associated data, so a changed endpoint
// cannot open them. Only the settings that actually affect the connection count.
import { createHash } from 'node:crypto'
import type { DeviceTlsMode, DeviceTransport } from '../db/schema-devices.ts'

/** The connection-relevant settings of a device (a DevicesTable row has all of them). */
export interface DeviceEndpoint {
  host: string
  host2: string | null
  api_port: number
  transport: DeviceTransport
  tls_mode: DeviceTlsMode
  tls_fingerprint: string | null
  tls_ca_pem: string | null
  ssh_port: number
  /** pinned SSH host key (`SHA256:…`), null before the first SSH contact */
  ssh_host_key: string | null
}

/** The endpoint with everything that does not change the connection normalised away. */
export function effectiveEndpoint(e: DeviceEndpoint) {
  const tls = e.transport === 'api-ssl'
  const host = e.host.trim().toLowerCase()
  const host2 = e.host2?.trim().toLowerCase() || null
  return {
    host,
    host2: host2 === host ? null : host2,
    api_port: e.api_port,
    transport: e.transport,
    tls_mode: tls ? e.tls_mode : null,
    // a fingerprint or CA only matters in the mode that uses it
    tls_fingerprint:
      tls && e.tls_mode === 'pin'
        ? (e.tls_fingerprint ?? '').replace(/:/g, '').toLowerCase()
        : null,
    tls_ca_pem: tls && e.tls_mode === 'verify' ? (e.tls_ca_pem ?? '').trim() : null,
    ssh_port: e.ssh_port,
    ssh_host_key: e.ssh_host_key?.trim() || null,
  }
}

type Effective = ReturnType<typeof effectiveEndpoint>
const FIELDS = [
  'host',
  'host2',
  'api_port',
  'transport',
  'tls_mode',
  'tls_fingerprint',
  'tls_ca_pem',
  'ssh_port',
  'ssh_host_key',
] as const

/**
 * A short, stable digest of the effective endpoint (version 1). Migration 0004 holds a frozen
 * copy of this function; a unit test keeps the two equal.
 * @example endpointDigest(row) // 'q3…' (43 characters, base64url)
 */
export function endpointDigest(e: DeviceEndpoint): string {
  const x = effectiveEndpoint(e)
  const json = JSON.stringify(['outpost-endpoint', 1, ...FIELDS.map((f) => x[f])])
  return createHash('sha256').update(json).digest('base64url')
}

/** 0 = plain API, 1 = TLS without authenticating the router, 2 = TLS with a verified or pinned certificate. */
function apiSecurity(x: Effective): number {
  if (x.transport !== 'api-ssl') return 0
  return x.tls_mode === 'verify' || x.tls_mode === 'pin' ? 2 : 1
}

export interface EndpointChange {
  /** effective settings that differ (form field names) */
  changed: string[]
  /** plain-words reasons why the new endpoint protects the credentials less than the old one */
  weakened: { field: string; message: string }[]
}

/**
 * What differs between the endpoint the credentials were entered for and a new one.
 * @example endpointChange(row, endpointOf(input)).changed // ['host']
 */
export function endpointChange(before: DeviceEndpoint, after: DeviceEndpoint): EndpointChange {
  const a = effectiveEndpoint(before)
  const b = effectiveEndpoint(after)
  const changed = FIELDS.filter((f) => a[f] !== b[f])
  const weakened: EndpointChange['weakened'] = []
  if (apiSecurity(b) < apiSecurity(a)) {
    const field = a.transport !== b.transport ? 'transport' : 'tls_mode'
    const message =
      b.transport !== 'api-ssl'
        ? 'Plain API sends the password unencrypted.'
        : 'This TLS mode does not check who answers, so the password could reach an impostor.'
    weakened.push({ field, message })
  }
  if (a.ssh_host_key !== null && b.ssh_host_key === null) {
    weakened.push({
      field: 'ssh_host_key',
      message: 'Removing the pinned SSH host key lets any host answer for the router.',
    })
  }
  return { changed, weakened }
}

/**
 * An endpoint with the database defaults filled in (API on 8728/8729, TLS insecure, SSH on 22),
 * for code that inserts device rows directly (seeds, benchmarks, tests).
 * @example sealCredentials(key, tenantId, id, creds, endpointWithDefaults({ host: '10.0.0.1', api_port: 8728 }))
 */
export function endpointWithDefaults(
  e: Partial<DeviceEndpoint> & { host: string },
): DeviceEndpoint {
  const transport = e.transport ?? 'api'
  return {
    host: e.host,
    host2: e.host2 ?? null,
    api_port: e.api_port ?? (transport === 'api-ssl' ? 8729 : 8728),
    transport,
    tls_mode: e.tls_mode ?? 'insecure',
    tls_fingerprint: e.tls_fingerprint ?? null,
    tls_ca_pem: e.tls_ca_pem ?? null,
    ssh_port: e.ssh_port ?? 22,
    ssh_host_key: e.ssh_host_key ?? null,
  }
}
