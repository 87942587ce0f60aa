// "Check now": connect with the settings being saved, log in, read identity, resource and
// routerboard, and report either the facts or precisely what went wrong. Tries the second
// management address when the first cannot be reached.
import { connect } from '../routeros/connect.ts'
import type { RouterOsSession } from '../routeros/session.ts'
import { checkMessages } from './check-messages.ts'
import {
  deviceConnectOptions,
  deviceHosts,
  type DeviceCredentials,
  type DeviceEndpoint,
} from './device-connect.ts'
import type { DeviceCheckResult } from './devices.types.ts'

/** Errors that say nothing about the device itself, so the next address is worth a try. */
const NETWORK_CODES = new Set(['unreachable', 'refused', 'timeout'])

async function readFacts(s: RouterOsSession, host: string): Promise<DeviceCheckResult> {
  const [identity] = await s.print('/system/identity', { timeoutMs: 10_000 })
  const [resource] = await s.print('/system/resource', { timeoutMs: 10_000 })
  // CHR and x86 have no routerboard menu; a missing serial is not a failure.
  const board = await s.print('/system/routerboard', { timeoutMs: 10_000 }).catch(() => [])
  return {
    ok: true,
    host,
    identity: identity?.name ?? '',
    board: resource?.['board-name'] ?? '',
    version: resource?.version ?? '',
    serial: board[0]?.['serial-number'] ?? null,
  }
}

async function checkOne(
  endpoint: DeviceEndpoint,
  creds: DeviceCredentials,
  host: string,
  timeoutMs: number,
): Promise<DeviceCheckResult> {
  let session: RouterOsSession | undefined
  try {
    session = await connect(deviceConnectOptions(endpoint, creds, { host, connectTimeoutMs: timeoutMs }))
    return await readFacts(session, host)
  } catch (err) {
    return { ok: false, ...checkMessages(err, host, endpoint.api_port) }
  } finally {
    await session?.close()
  }
}

/**
 * Connects to the device and reads its facts. Never throws for device problems: the failure
 * comes back as `{ ok: false, code, message }`.
 */
export async function checkDevice(
  endpoint: DeviceEndpoint,
  creds: DeviceCredentials,
  opts: { timeoutMs?: number } = {},
): Promise<DeviceCheckResult> {
  const timeoutMs = opts.timeoutMs ?? 10_000
  const failures: Extract<DeviceCheckResult, { ok: false }>[] = []
  for (const host of deviceHosts(endpoint)) {
    const result = await checkOne(endpoint, creds, host, timeoutMs)
    if (result.ok || !NETWORK_CODES.has(result.code)) return result
    failures.push(result)
  }
  const [first, ...rest] = failures
  if (!first) throw new Error('device has no address')
  const also = rest.map((f) => ` Second address: ${f.message}`).join('')
  return { ...first, message: first.message + also }
}
