import { deviceConnectOptions, deviceHosts } from '../devices/device-connect.ts'
import type { ConnectTarget } from './device-connection.ts'
import type { DeviceRow } from './poller.repo.ts'

export interface Credentials {
  username: string
  password: string
}

/**
 * Connect target of a device row. `credentials` is called by the connection only when it
 * actually connects, so the decrypted values exist in memory just for the login.
 */
export function deviceTarget(
  device: DeviceRow,
  credentials: Credentials,
  opts: { connectTimeoutMs: number; commandTimeoutMs: number },
): ConnectTarget {
  return {
    hosts: deviceHosts(device),
    options: (host) => ({
      ...deviceConnectOptions(device, credentials, { host, connectTimeoutMs: opts.connectTimeoutMs }),
      commandTimeoutMs: opts.commandTimeoutMs,
    }),
  }
}
