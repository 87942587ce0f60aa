// Maps a device's stored settings (plus credentials decrypted in memory) to the options of the
// RouterOS client: the one place that applies the TLS mode. Used by the check and the poller.
import type { ConnectOptions } from '../routeros/connect.ts'
import type { TlsMode } from '../routeros/transport.ts'
import type { DeviceCredentials } from './credentials.ts'
import type { DeviceEndpoint } from './endpoint.ts'

/** What the API connection needs of an endpoint. */
type ApiEndpoint = Pick<
  DeviceEndpoint,
  'host' | 'host2' | 'api_port' | 'transport' | 'tls_mode' | 'tls_fingerprint' | 'tls_ca_pem'
>

function tlsFor(d: ApiEndpoint): TlsMode | undefined {
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
export function deviceHosts(d: ApiEndpoint): string[] {
  return d.host2 && d.host2 !== d.host ? [d.host, d.host2] : [d.host]
}

/** Connect options for one of the device's addresses. */
export function deviceConnectOptions(
  d: ApiEndpoint,
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
