// "Check now": connect with the settings being saved, log in, read identity, resource and
// routerboard through the same typed parsers as the poller's collectors, and report either the
// facts or precisely what went wrong (failure-words.ts). Tries the second management address when
// the first cannot be reached.
import { IDENTITY_PATH, parseIdentity } from '../routeros/commands/system-identity.ts'
import { parseResource, RESOURCE_PATH } from '../routeros/commands/system-resource.ts'
import { parseRouterboard, ROUTERBOARD_PATH } from '../routeros/commands/system-routerboard.ts'
import { connect } from '../routeros/connect.ts'
import type { RouterOsSession } from '../routeros/session.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { deviceConnectOptions, deviceHosts } from './connect-options.ts'
import {
  openCredentials,
  type DeviceCredentials,
  type KeyDeps,
  type SealedDevice,
} from './credentials.ts'
import type { DeviceEndpoint } from './endpoint.ts'
import { classifyError, type CheckFailureCode } from './failure-words.ts'

/** Outcome of connecting to a device with the given settings. */
export type DeviceCheckResult =
  | {
      ok: true
      host: string
      identity: string
      board: string
      version: string
      serial: string | null
    }
  | { ok: false; code: CheckFailureCode; message: string }

type CheckEndpoint = Omit<DeviceEndpoint, 'ssh_port' | 'ssh_host_key'>

/** Errors that say nothing about the device itself, so the next address is worth a try. */
const NETWORK_CODES = new Set<CheckFailureCode>(['unreachable', 'refused', 'timeout'])

async function readFacts(s: RouterOsSession, host: string): Promise<DeviceCheckResult> {
  const identity = parseIdentity(await s.print(IDENTITY_PATH, { timeoutMs: 10_000 }))
  const resource = parseResource(await s.print(RESOURCE_PATH, { timeoutMs: 10_000 }))
  // CHR and x86 have no routerboard menu; a missing serial is not a failure.
  const board = await s
    .print(ROUTERBOARD_PATH, { timeoutMs: 10_000 })
    .then(parseRouterboard, () => undefined)
  return {
    ok: true,
    host,
    identity: identity.name,
    board: resource.boardName ?? '',
    version: resource.version,
    serial: board?.serialNumber ?? null,
  }
}

async function checkOne(
  endpoint: CheckEndpoint,
  creds: DeviceCredentials,
  host: string,
  timeoutMs: number,
): Promise<DeviceCheckResult> {
  let session: RouterOsSession | undefined
  try {
    session = await connect(
      deviceConnectOptions(endpoint, creds, { host, connectTimeoutMs: timeoutMs }),
    )
    return await readFacts(session, host)
  } catch (err) {
    const c = classifyError(err, { host, port: endpoint.api_port })
    return { ok: false, code: c.check, message: c.reason }
  } finally {
    await session?.close()
  }
}

/**
 * Connects to the device and reads its facts. Never throws for device problems: the failure
 * comes back as `{ ok: false, code, message }`. The caller decides which credentials may go to
 * `endpoint` (binding.ts).
 */
export async function checkDevice(
  endpoint: CheckEndpoint,
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

/**
 * "Check now" of a stored device: its credentials, opened for its own endpoint only. Credentials
 * sealed for other settings come back as a failed check, never sent anywhere.
 */
export async function checkStoredDevice(
  deps: KeyDeps,
  scope: TenantScope,
  device: SealedDevice,
): Promise<DeviceCheckResult> {
  let creds: DeviceCredentials
  try {
    creds = await openCredentials(deps, scope, device, 'check')
  } catch (err) {
    const c = classifyError(err, { host: device.host, port: device.api_port })
    if (c.status === 'internal_error') throw err
    return { ok: false, code: c.check, message: c.reason }
  }
  return checkDevice(device, creds)
}
