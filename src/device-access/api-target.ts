import type { ConnectTarget } from './api-connection.ts'
import { deviceConnectOptions, deviceHosts } from './connect-options.ts'
import type { DeviceCredentials } from './credentials.ts'
import type { DeviceEndpoint } from './endpoint.ts'

/**
 * Connect target of a device row, with credentials opened for that same row's endpoint
 * (openCredentials). The connection calls this only when it actually connects, so the decrypted
 * values exist in memory just for the login.
 * @example const t = deviceTarget(row, await openCredentials(deps, scope, row), timeouts)
 */
export function deviceTarget(
  device: DeviceEndpoint,
  credentials: DeviceCredentials,
  opts: { connectTimeoutMs: number; commandTimeoutMs: number },
): ConnectTarget {
  return {
    hosts: deviceHosts(device),
    options: (host) => ({
      ...deviceConnectOptions(device, credentials, {
        host,
        connectTimeoutMs: opts.connectTimeoutMs,
      }),
      commandTimeoutMs: opts.commandTimeoutMs,
    }),
  }
}
