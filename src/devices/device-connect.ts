// Maps a device's stored settings (plus credentials decrypted in memory) to the options of the
// RouterOS client. Shared by the add/edit check and the poller (via src/devices/index.ts).
import type { ConnectOptions } from '../routeros/connect.ts'
import type { TlsMode } from '../routeros/transport.ts'
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
}

export interface DeviceCredentials {
  username: string
  password: string
}

function tlsFor(d: DeviceEndpoint): TlsMode | undefined {
  if (d.transport !== 'api-ssl') return undefined
  switch (d.tls_mode) {
    case 'verify':
      // Routers are usually addressed by IP and their certificates rarely carry IP SANs, so the
      // chain to the tenant's own CA is what we check, not the name.
      return { mode: 'verify', ca: d.tls_ca_pem ?? '', checkHostname: false }
    case 'pin':
      return { mode: 'pin', fingerprint256: d.tls_fingerprint ?? '' }
    case 'certless':
      return { mode: 'certless' }
    default:
      return { mode: 'insecure' }
  }
}

/** Addresses to try, in order: the primary host, then the second management address. */
export function deviceHosts(d: DeviceEndpoint): string[] {
  return d.host2 && d.host2 !== d.host ? [d.host, d.host2] : [d.host]
}

/** Connect options for one of the device's addresses. */
export function deviceConnectOptions(
  d: DeviceEndpoint,
  creds: DeviceCredentials,
  opts: { host?: string; connectTimeoutMs?: number } = {},
): ConnectOptions {
  const tls = tlsFor(d)
  return {
    host: opts.host ?? d.host,
    port: d.api_port,
    ...(tls ? { tls } : {}),
    connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
    loginTimeoutMs: opts.connectTimeoutMs ?? 10_000,
    username: creds.username,
    password: creds.password,
  }
}
