/**
 * Fleet mode: many simulated devices in one process, each with its own API, API-SSL and SSH
 * listener on loopback. Ports are ephemeral, or with `basePort` device i uses
 * basePort + 3i (API), + 3i + 1 (API-SSL) and + 3i + 2 (SSH). With `hostRange` every device gets
 * its own loopback address instead (first address + i) and the same ports on each: basePort,
 * +1, +2, or 8728, 8729 and 2222 by default. Devices are named `<prefix>-00001`…; personas rotate
 * through the given list.
 * @example
 * const fleet = await startFleet({ devices: 50, persona: ['rb5009-7.15', 'chr-7.18'] })
 * fleet.get('sim-00003')?.faults.set({ latencyMs: 500 })
 * await fleet.stop()
 */
import { startDevice } from './index.ts'
import type { SimDevice, StartDeviceOptions } from './index.ts'
import type { SimClock } from './device/clock.ts'
import { startMndpAnnouncer } from './mndp.ts'
import type { MndpAnnouncer, MndpAnnouncerOptions } from './mndp.ts'
import { startSyslogForwarder } from './syslog.ts'
import type { SyslogForwarder, SyslogOptions } from './syslog.ts'

export interface FleetOptions {
  devices: number
  /** One persona id, or a list used round-robin (default: the simulator's default persona). */
  persona?: string | string[]
  /** .rsc export text every device starts from (instead of its persona's default config). */
  seedExport?: string
  host?: string
  /** First IPv4 loopback address of a per-device address range (e.g. '127.1.0.1'). */
  hostRange?: string
  basePort?: number
  /** First device index (fleets split across processes); names and ports follow it. */
  firstIndex?: number
  namePrefix?: string
  /** Digits of the number in device names (default 5). */
  nameDigits?: number
  services?: StartDeviceOptions['services']
  apiSslMode?: 'cert' | 'adh'
  clock?: SimClock
  /** Listeners started at the same time (default 256). */
  concurrency?: number
  mndp?: MndpAnnouncerOptions
  syslog?: SyslogOptions
}

/** What the CLI prints per device (one JSON line each). */
export interface FleetDeviceInfo {
  name: string
  persona: string
  version: string
  host: string
  apiPort: number
  apiSslPort: number
  sshPort: number
  username: string
  password: string
  sshHostKey?: string
}

export interface Fleet {
  readonly devices: readonly SimDevice[]
  get(name: string): SimDevice | undefined
  info(): FleetDeviceInfo[]
  stop(): Promise<void>
}

export function deviceName(prefix: string, index: number, digits = 5): string {
  return `${prefix}-${String(index + 1).padStart(digits, '0')}`
}

/** Address `index` steps after `first` ('127.1.0.1' + 256 → '127.1.1.1'). */
export function nthAddress(first: string, index: number): string {
  const parts = first.split('.').map(Number)
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${first}`)
  }
  const n = parts.reduce((a, p) => a * 256 + p, 0) + index
  return [24, 16, 8, 0].map((sh) => Math.floor(n / 2 ** sh) % 256).join('.')
}

export function devicePorts(
  basePort: number | undefined,
  index: number,
  perAddress = false,
): { api: number; apiSsl: number; ssh: number } {
  if (perAddress) {
    return basePort === undefined
      ? { api: 8728, apiSsl: 8729, ssh: 2222 }
      : { api: basePort, apiSsl: basePort + 1, ssh: basePort + 2 }
  }
  if (basePort === undefined) return { api: 0, apiSsl: 0, ssh: 0 }
  const p = basePort + 3 * index
  return { api: p, apiSsl: p + 1, ssh: p + 2 }
}

export function describeDevice(d: SimDevice): FleetDeviceInfo {
  return {
    name: d.name,
    persona: d.persona,
    version: d.version,
    host: d.host,
    apiPort: d.apiPort,
    apiSslPort: d.apiSslPort,
    sshPort: d.sshPort,
    username: d.username,
    password: d.password,
    ...(d.ssh ? { sshHostKey: d.ssh.hostKey.fingerprint } : {}),
  }
}

export async function startFleet(opts: FleetOptions): Promise<Fleet> {
  const personas = Array.isArray(opts.persona)
    ? opts.persona
    : opts.persona
      ? [opts.persona]
      : [undefined]
  const first = opts.firstIndex ?? 0
  const devices: SimDevice[] = new Array<SimDevice>(opts.devices)
  const byName = new Map<string, SimDevice>()
  const concurrency = Math.max(1, opts.concurrency ?? 256)
  if (
    opts.hostRange !== undefined &&
    !nthAddress(opts.hostRange, first + opts.devices - 1).startsWith('127.')
  ) {
    throw new Error(`the address range from ${opts.hostRange} leaves the loopback network`)
  }
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < opts.devices) {
      const i = next++
      const index = first + i
      const ports = devicePorts(opts.basePort, index, opts.hostRange !== undefined)
      const persona = personas[index % personas.length]
      const d = await startDevice({
        name: deviceName(opts.namePrefix ?? 'sim', index, opts.nameDigits),
        host:
          opts.hostRange !== undefined
            ? nthAddress(opts.hostRange, index)
            : (opts.host ?? '127.0.0.1'),
        apiPort: ports.api,
        apiSslPort: ports.apiSsl,
        sshPort: ports.ssh,
        ...(persona ? { persona } : {}),
        ...(opts.seedExport !== undefined ? { seedExport: opts.seedExport } : {}),
        ...(opts.services ? { services: opts.services } : {}),
        ...(opts.apiSslMode ? { apiSslMode: opts.apiSslMode } : {}),
        ...(opts.clock ? { clock: opts.clock } : {}),
      })
      devices[i] = d
      byName.set(d.name, d)
    }
  }
  const stopAll = async (): Promise<void> => {
    await Promise.all(devices.filter((d) => d !== undefined).map((d) => d.close()))
  }
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, opts.devices) }, worker))
  } catch (err) {
    await stopAll()
    throw err
  }
  const routers = () => devices.map((d) => d.device)
  const mndp: MndpAnnouncer | undefined = opts.mndp
    ? startMndpAnnouncer(routers, opts.mndp)
    : undefined
  const syslog: SyslogForwarder | undefined = opts.syslog
    ? startSyslogForwarder(routers, opts.syslog)
    : undefined
  return {
    devices,
    get: (name) => byName.get(name),
    info: () => devices.map(describeDevice),
    stop: async () => {
      await mndp?.stop()
      await syslog?.stop()
      await stopAll()
    },
  }
}
