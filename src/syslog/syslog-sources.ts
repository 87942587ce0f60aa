// Which device sent a line: the sender's address against every device's management addresses
// (host and the second address). An address that two devices share (overlapping private ranges
// of different customers) names nobody: guessing would put one tenant's lines into another's view.
import type { SyslogSource } from '../db/syslog-store.ts'

export interface DeviceRef {
  tenantId: string
  deviceId: string
}

const AMBIGUOUS = 'ambiguous' as const

/** `::ffff:10.0.0.1` (an IPv4 sender on a dual-stack socket) is `10.0.0.1`; case-folded IPv6. */
export function normalizeAddress(ip: string): string {
  const a = ip.trim().toLowerCase()
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a.replace(/^\[|\]$/g, '')
}

export class SourceMap {
  readonly #byAddress = new Map<string, DeviceRef | typeof AMBIGUOUS>()

  constructor(sources: readonly SyslogSource[]) {
    for (const s of sources) {
      const ref = { tenantId: s.tenantId, deviceId: s.deviceId }
      for (const h of s.host2 === null ? [s.host] : [s.host, s.host2]) {
        const key = normalizeAddress(h)
        const seen = this.#byAddress.get(key)
        if (seen === undefined) this.#byAddress.set(key, ref)
        else if (
          seen === AMBIGUOUS ||
          seen.deviceId !== ref.deviceId ||
          seen.tenantId !== ref.tenantId
        )
          this.#byAddress.set(key, AMBIGUOUS)
      }
    }
  }

  /** The device at this address; undefined when none or more than one device has it. */
  lookup(ip: string): DeviceRef | undefined {
    const r = this.#byAddress.get(normalizeAddress(ip))
    return r === AMBIGUOUS ? undefined : r
  }

  /** True when several devices share the address (shown as such to super admins). */
  isAmbiguous(ip: string): boolean {
    return this.#byAddress.get(normalizeAddress(ip)) === AMBIGUOUS
  }
}
