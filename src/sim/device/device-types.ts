/** The simulated router's option and record types (device.ts holds the class). */
import type { SimClock } from './clock.ts'
import type { Tree } from './tree.ts'

export interface DeviceOptions {
  persona?: string
  name?: string
  clock?: SimClock
  /** .rsc export applied instead of the persona's default configuration. */
  seedExport?: string
  /**
   * Whether the input firewall and service address lists decide who may connect (lockouts).
   * Default: on, except for devices seeded from a real export, whose rules were written for a
   * management network that loopback is not.
   */
  enforceFirewall?: boolean
  /** Virtual ms a reboot takes before the device answers again (default 5000). */
  rebootDelayMs?: number
  /** `!empty` for empty prints: `auto` = RouterOS 7.18+ (default), or forced on/off. */
  emptyReplies?: 'auto' | 'on' | 'off'
  /** Also send `!empty` for data-less commands such as `set` (unverified on real devices). */
  emptyForDataless?: boolean
  /** Version offered by check-for-updates (default: the persona's). */
  latestVersion?: string
  serialNumber?: string
  /**
   * A seeded tree to start from (copy-on-write clone; the identity is set to `name`). Lets a
   * fleet parse one export for thousands of devices; MAC addresses are then shared.
   */
  baseTree?: Tree
  /**
   * Added to every interface byte and packet counter, modulo 2^64, so tests can start counters
   * just below the wrap point (e.g. `2n ** 64n - 1_000_000n`). Cleared by a reboot.
   */
  counterOffset?: bigint
}

export interface SimFile {
  id: string
  name: string
  type: string
  contents: string
  created: number
  /** Backup payload (whole config snapshot) for `.backup` files. */
  backup?: { snapshot: unknown; version: string }
}

export interface LogEntry {
  id: number
  at: number
  topics: string
  message: string
}

export interface SessionHandle {
  readonly id: number
  readonly user: string
  readonly group: string
  readonly via: string
  readonly address: string
  readonly since: number
  readonly policies: ReadonlySet<string>
}

export type DeviceState = 'up' | 'rebooting'
