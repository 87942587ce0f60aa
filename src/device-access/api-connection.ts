// The persistent RouterOS API connection of one device (the poller keeps one per device).
import { connect, type ConnectOptions } from '../routeros/connect.ts'
import { ClosedError, RouterOsError } from '../routeros/errors.ts'
import type { RouterOsSession } from '../routeros/session.ts'

/** How to reach a device right now; built lazily so credentials are decrypted only to connect. */
export interface ConnectTarget {
  /** Addresses in order: the primary, then the second management address. */
  hosts: string[]
  options(host: string): ConnectOptions
}

export type ConnectFn = (opts: ConnectOptions) => Promise<RouterOsSession>

/** The RouterOS API client's connect: the default ConnectFn of the poller's connections. */
export const connectApi: ConnectFn = connect

/** Errors after which the next address is worth trying: the first one could not be reached. */
const TRY_NEXT = new Set(['unreachable', 'refused', 'connect_timeout', 'tls', 'closed'])

/**
 * The persistent API connection of one device. It is reused across polls, reopened after the
 * device drops it or after a failure that leaves it unusable, and replaced when the device's
 * settings change (`version` differs). Credentials live only in the ConnectOptions handed to the
 * client for the duration of the connect call.
 */
export class DeviceConnection {
  readonly #connect: ConnectFn
  #session: RouterOsSession | undefined
  #version: number | undefined
  #host: string | undefined
  #retired = false

  constructor(connect: ConnectFn) {
    this.#connect = connect
  }

  /** The address the current session uses (for the device page). */
  get host(): string | undefined {
    return this.#session === undefined ? undefined : this.#host
  }

  get isOpen(): boolean {
    return this.#session !== undefined && !this.#session.isClosed
  }

  /** The open session, connecting (primary address first) when there is none or it is stale. */
  async open(version: number, target: () => Promise<ConnectTarget>): Promise<RouterOsSession> {
    if (this.#session !== undefined && (this.#session.isClosed || this.#version !== version)) {
      await this.drop()
    }
    if (this.#session !== undefined) return this.#session
    if (this.#retired) throw new ClosedError('the device is no longer polled')
    const t = await target()
    let last: unknown
    for (const host of t.hosts) {
      try {
        const session = await this.#connect(t.options(host))
        if (this.#retired) {
          // retired while connecting (device removed, shutdown): never keep this socket
          await session.close()
          throw new ClosedError('the device is no longer polled')
        }
        this.#session = session
        this.#version = version
        this.#host = host
        return session
      } catch (e) {
        last = e
        if (!(e instanceof RouterOsError) || !TRY_NEXT.has(e.code)) break
      }
    }
    throw last
  }

  /** Closes for good: a connect still in progress is closed as soon as it completes. */
  async retire(): Promise<void> {
    this.#retired = true
    await this.drop()
  }

  /** Closes the session if there is one; never throws. */
  async drop(): Promise<void> {
    const s = this.#session
    this.#session = undefined
    this.#host = undefined
    if (s !== undefined) await s.close().catch(() => undefined)
  }
}
