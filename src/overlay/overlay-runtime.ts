// The appliance side of the overlay while the process runs: brings the interface up (started by
// startup.ts), keeps its peers and the tenant isolation rules equal to the database, and reads
// live peer status. Built by createDeps without side effects; every method is safe to call when
// the overlay is off or the host lacks the capability (then it does nothing).
import type { Config } from '../config.ts'
import type { GlobalDb } from '../db/global-db.ts'
import type { Clock } from '../lib/time.ts'
import type { Logger } from '../log.ts'
import { applianceAddress, blockCidr } from './addresses.ts'
import { applianceKeyPair } from './appliance-key.ts'
import { applyIsolation, detectFirewall, removeIsolation, type FirewallTool } from './forwarding.ts'
import type { HostExecOptions } from './host-exec.ts'
import { allBlocks, allEnrolledPeers, type FleetDeps } from './overlay-fleet.ts'
import type { OverlayState } from './overlay.types.ts'
import type { WgDump } from './wg-dump.ts'
import {
  bringUp,
  dumpInterface,
  missingCapabilities,
  removePeer,
  setPeer,
  type WgInterface,
} from './wg-host.ts'

type SyncDeps = FleetDeps & { readonly log: Logger }
type RuntimeDeps = SyncDeps & {
  readonly db: GlobalDb
  readonly secrets: { readonly masterKey: Buffer }
  readonly clock: Clock
}

export class OverlayRuntime {
  readonly #config: Config['overlay']
  readonly #host: HostExecOptions
  #state: OverlayState
  #iface: WgInterface | undefined
  #firewall: FirewallTool | undefined
  #queue: Promise<unknown> = Promise.resolve()
  #deps: SyncDeps | undefined

  constructor(config: Config['overlay'], host: HostExecOptions = {}) {
    this.#config = config
    this.#host = host
    this.#state =
      config.port === 0
        ? { kind: 'off', reason: 'The overlay is off: OUTPOST_OVERLAY_PORT is 0.' }
        : { kind: 'stopped' }
  }

  get state(): OverlayState {
    return this.#state
  }

  /** Probes the host, brings the interface up and loads every enrolled peer. Never throws. */
  async start(deps: RuntimeDeps): Promise<OverlayState> {
    if (this.#state.kind !== 'stopped') return this.#state
    this.#deps = deps
    const missing = await missingCapabilities(this.#host)
    if (missing.length > 0) {
      this.#state = { kind: 'unavailable', missing }
      deps.log.warn({ missing }, 'overlay unavailable: the host lacks what WireGuard needs')
      return this.#state
    }
    try {
      const keys = await applianceKeyPair(deps, deps.clock.now())
      const c = this.#config
      this.#iface = await bringUp(this.#host, {
        name: c.interfaceName,
        privateKey: keys.privateKey,
        port: c.port,
        addressCidr: `${applianceAddress(c)}/${c.range.prefix}`,
      })
      this.#firewall = await detectFirewall(this.#host)
      this.#state = { kind: 'running', mode: this.#iface.mode, firewall: this.#firewall ?? null }
      await this.sync(deps)
      deps.log.info(
        {
          interface: c.interfaceName,
          port: c.port,
          mode: this.#iface.mode,
          firewall: this.#firewall,
        },
        'overlay interface up',
      )
    } catch (err) {
      await this.#iface?.down()
      this.#iface = undefined
      this.#state = { kind: 'failed', error: err instanceof Error ? err.message : String(err) }
      deps.log.error({ err }, 'overlay interface failed to start')
    }
    return this.#state
  }

  /** Makes the interface's peers and isolation rules match the database (serialised). */
  sync(deps: SyncDeps): Promise<void> {
    const run = this.#queue.then(() => this.#sync(deps))
    this.#queue = run.catch(() => undefined)
    return run
  }

  async #sync(deps: SyncDeps): Promise<void> {
    const iface = this.#iface
    if (!iface) return
    const wanted = new Map((await allEnrolledPeers(deps)).map((p) => [p.public_key, p.address]))
    const live = await dumpInterface(this.#host, iface.name)
    for (const p of live.peers)
      if (!wanted.has(p.publicKey)) await removePeer(this.#host, iface.name, p.publicKey)
    const have = new Map(live.peers.map((p) => [p.publicKey, p.allowedIps.join(',')]))
    for (const [key, address] of wanted)
      if (have.get(key) !== `${address}/32`)
        await setPeer(this.#host, iface.name, key, `${address}/32`)
    if (this.#firewall) {
      const blocks = (await allBlocks(deps)).map((b) => blockCidr(this.#config, b.block))
      await applyIsolation(this.#host, this.#firewall, iface.name, blocks)
    }
  }

  /** A peer was added or a device deleted: re-sync (no-op before start or when not running). */
  async peersChanged(): Promise<void> {
    if (this.#deps) await this.sync(this.#deps)
  }

  /** Live status of every peer, or undefined when the interface is not running. */
  async dump(): Promise<WgDump | undefined> {
    if (!this.#iface) return undefined
    return dumpInterface(this.#host, this.#iface.name)
  }

  async stop(): Promise<void> {
    await this.#queue
    const iface = this.#iface
    this.#iface = undefined
    if (!iface) return
    if (this.#firewall) await removeIsolation(this.#host, this.#firewall, iface.name)
    await iface.down()
    this.#state = { kind: 'stopped' }
  }
}
