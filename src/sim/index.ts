/**
 * Simulated RouterOS devices for tests, benchmarks and the demo: `startDevice()` builds a virtual
 * router and starts its API, API-SSL and SSH listeners on loopback.
 * @example
 * const sim = await startDevice({ persona: 'chr-7.18' })
 * // connect to sim.host:sim.apiPort as sim.username / sim.password
 * sim.faults.set({ latencyMs: 300 })
 * await sim.close()
 */
import { ApiServer } from './api/api-server.ts'
import type { SimClock } from './device/clock.ts'
import { SimRouter, type DeviceOptions } from './device/device.ts'
import { ManualClock } from './device/clock.ts'
import type { Faults } from './device/faults.ts'
import type { Tree } from './device/tree.ts'
import { startSshServer, type SshServerHandle } from './ssh/ssh-server.ts'

export interface StartDeviceOptions extends DeviceOptions {
  persona?: string
  name?: string
  host?: string
  apiPort?: number
  apiSslPort?: number
  sshPort?: number
  clock?: SimClock
  /** API-SSL flavour: self-signed certificate (default) or certificate-less anonymous DH. */
  apiSslMode?: 'cert' | 'adh'
  /** Which services to start (all by default). */
  services?: { api?: boolean; apiSsl?: boolean; ssh?: boolean }
  maxPreLoginSentences?: number
}

export interface SimDevice {
  readonly name: string
  readonly persona: string
  readonly version: string
  readonly host: string
  readonly apiPort: number
  readonly apiSslPort: number
  readonly sshPort: number
  readonly username: string
  readonly password: string
  /** The device model (config tree, runtime state, commands). */
  readonly device: SimRouter
  /** Fault injection, switchable at run time. */
  readonly faults: Faults
  readonly ssh: SshServerHandle | undefined
  /** Reboots; resolves once the device is up and listening again (advance a manual clock first). */
  reboot(): Promise<void>
  /** Resolves when the device is up and its listeners are open. */
  waitUntilUp(): Promise<void>
  close(): Promise<void>
}

export async function startDevice(opts: StartDeviceOptions = {}): Promise<SimDevice> {
  const device = new SimRouter(opts)
  const host = opts.host ?? '127.0.0.1'
  const svc = { api: true, apiSsl: true, ssh: true, ...opts.services }
  const api = svc.api
    ? new ApiServer({ device, host, port: opts.apiPort ?? 0, ...pre(opts) })
    : undefined
  const apiSsl = svc.apiSsl
    ? new ApiServer({
        device,
        host,
        port: opts.apiSslPort ?? 0,
        tls: opts.apiSslMode ?? 'cert',
        ...pre(opts),
      })
    : undefined
  await api?.start()
  await apiSsl?.start()
  const ssh = svc.ssh ? await startSshServer(device, { host, port: opts.sshPort ?? 0 }) : undefined
  const waitUntilUp = async (): Promise<void> => {
    if (device.state !== 'up') {
      await new Promise<void>((resolve) => {
        const off = device.onState((s) => {
          if (s === 'up') {
            off()
            resolve()
          }
        })
      })
    }
    await api?.reconcile()
    await apiSsl?.reconcile()
  }
  return {
    name: device.name,
    persona: device.persona.id,
    get version() {
      return device.version
    },
    host,
    get apiPort() {
      return api?.port ?? 0
    },
    get apiSslPort() {
      return apiSsl?.port ?? 0
    },
    get sshPort() {
      return ssh?.port ?? 0
    },
    username: 'admin',
    password: '',
    device,
    faults: device.faults,
    ssh,
    reboot: async () => {
      device.reboot()
      await waitUntilUp()
    },
    waitUntilUp,
    close: async () => {
      await api?.close()
      await apiSsl?.close()
      await ssh?.close()
      device.dispose()
    },
  }
}

/**
 * A seeded config tree to share between many devices (`baseTree` option): the persona's defaults,
 * or the given export, parsed once.
 */
export function seededTree(opts: { persona?: string; seedExport?: string } = {}): Tree {
  const template = new SimRouter({ ...opts, name: 'MikroTik', clock: new ManualClock() })
  return template.tree
}

function pre(opts: StartDeviceOptions): { maxPreLoginSentences?: number } {
  return opts.maxPreLoginSentences !== undefined
    ? { maxPreLoginSentences: opts.maxPreLoginSentences }
    : {}
}

export { SimRouter } from './device/device.ts'
export { ManualClock, RealClock } from './device/clock.ts'
export type { Tree } from './device/tree.ts'
export { PERSONAS } from './device/personas.ts'
export type { FaultSettings } from './device/faults.ts'
export { simCertificate } from './api/tls-context.ts'
