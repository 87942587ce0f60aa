/**
 * A stateful virtual RouterOS device: config tree (lazy), runtime state computed from the clock,
 * sessions, files, logs and the boot cycle. Protocol servers (API, SSH) attach through
 * {@link SimRouter.onState} and run commands through {@link SimRouter.exec}.
 */
import type { SimClock } from './clock.ts'
import { sharedRealClock } from './clock.ts'
import { execCommand, type ExecContext, type ExecResult } from './commands.ts'
import { Faults } from './faults.ts'
import { bootFirmware } from './firmware.ts'
import { fileType, serial, softwareId } from './identity.ts'
import { hash32, wrap64 } from './live.ts'
import { seedPersona } from './persona-seed.ts'
import { getPersona, DEFAULT_PERSONA, type Persona } from './personas.ts'
import { Scheduler } from './scheduler.ts'
import { runScript } from './script.ts'
import { exportVersion, parseExport } from '../config/export-parser.ts'
import { createTree, seedTree, type ChangeEvent, type Tree } from './tree.ts'
import { atLeast, formatDateTime } from './version.ts'
import type {
  DeviceOptions,
  DeviceState,
  LogEntry,
  SessionHandle,
  SimFile,
} from './device-types.ts'

export type {
  DeviceOptions,
  DeviceState,
  LogEntry,
  SessionHandle,
  SimFile,
} from './device-types.ts'
const LOG_MAX = 300

export class SimRouter {
  readonly name: string
  readonly persona: Persona
  readonly clock: SimClock
  readonly seed: number
  readonly serialNumber: string
  readonly softwareId: string
  readonly opts: DeviceOptions
  version: string
  latestVersion: string
  state: DeviceState = 'up'
  bootAt: number
  updateChecked = false
  pendingVersion: string | undefined
  /** `status` after a failed download (cleared by the next check or boot) */
  updateError: string | undefined
  /** RouterBOOT version running now; `/system routerboard upgrade` stages the RouterOS one */
  firmware: string
  firmwareStaged = false
  safeMode: { owner: SessionHandle; snapshot: unknown } | undefined
  private treeRef: Tree | undefined
  private stateListeners: ((s: DeviceState) => void)[] = []
  private configListeners: (() => void)[] = []
  private configPending = false
  private logs: LogEntry[] | undefined
  private logSeq = 0
  private fileMap: Map<string, SimFile> | undefined
  private fileSeq = 0
  private sessionSeq = 0
  readonly sessions = new Set<SessionHandle>()
  private scheduler: Scheduler | undefined
  private disposed = false
  private faultsRef: Faults | undefined
  private logListeners: ((e: LogEntry) => void)[] | undefined
  private jobRuns: Map<string, { count: number; last: number }> | undefined
  private counterOffsetRef: bigint

  constructor(opts: DeviceOptions = {}) {
    this.opts = opts
    this.persona = getPersona(opts.persona ?? DEFAULT_PERSONA)
    this.name = opts.name ?? 'MikroTik'
    this.clock = opts.clock ?? sharedRealClock()
    this.seed = hash32(this.name)
    // a seeded device is the router that wrote the export: its version, not the persona's
    const seeded = opts.seedExport === undefined ? undefined : exportVersion(opts.seedExport)
    this.version = seeded ?? this.persona.version
    this.latestVersion =
      opts.latestVersion ??
      (atLeast(this.version, this.persona.latestVersion)
        ? this.version
        : this.persona.latestVersion)
    this.bootAt = this.clock.now()
    this.serialNumber =
      opts.serialNumber ??
      (this.persona.routerboard ? serial(this.persona.serialPrefix, this.seed) : '')
    this.softwareId = this.persona.routerboard ? softwareId(this.seed) : ''
    this.counterOffsetRef = wrap64(opts.counterOffset ?? 0n)
    this.firmware = this.persona.firmware
  }

  /** Offset (0 to 2^64 - 1) added to the interface counters until the next boot. */
  get counterOffset(): bigint {
    return this.counterOffsetRef
  }

  /**
   * Shifts the interface counters from now on (taken modulo 2^64; negative values count down from
   * the top). A change while a poller watches shows up as a jump, like counters cleared by hand.
   */
  setCounterOffset(offset: bigint): void {
    this.counterOffsetRef = wrap64(offset)
  }

  /** The config tree, created and seeded on first use (keeps idle fleet devices small). */
  get tree(): Tree {
    if (!this.treeRef) {
      const tree = this.opts.baseTree ? this.opts.baseTree.clone() : createTree()
      if (this.opts.baseTree) tree.setSingleton('/system/identity', { name: this.name })
      else {
        const parsed =
          this.opts.seedExport === undefined ? undefined : parseExport(this.opts.seedExport)
        seedPersona(tree, this, parsed)
        if (parsed) seedTree(tree, parsed)
      }
      this.treeRef = tree
      this.scheduler = new Scheduler(this)
      tree.onChange((ev: ChangeEvent) => {
        if (ev.path === '/system/scheduler') this.scheduler?.refresh()
        this.configChanged()
      })
      this.scheduler.refresh()
    }
    return this.treeRef
  }

  get identity(): string {
    return this.tree.getSingleton('/system/identity').name ?? 'MikroTik'
  }

  get uptimeMs(): number {
    return Math.max(0, this.clock.now() - this.bootAt)
  }

  get isV7(): boolean {
    return atLeast(this.version, '7.0')
  }

  /** Whether an empty print answers `!empty` (7.18+ unless overridden). */
  get sendsEmpty(): boolean {
    const mode = this.opts.emptyReplies ?? 'auto'
    return mode === 'on' || (mode === 'auto' && atLeast(this.version, '7.18'))
  }

  get hasSafeMode(): boolean {
    return atLeast(this.version, '7.18')
  }

  /** Runs one command (API form: path + verb + attributes). Throws {@link Trap} on errors. */
  exec(path: string, verb: string, attrs: Record<string, string>, ctx: ExecContext): ExecResult {
    return execCommand(this, path, verb, attrs, ctx)
  }

  /** Runs a RouterOS script (/system/script run); a method so the commands need not import it. */
  runScript(source: string, ctx: ExecContext): ReturnType<typeof runScript> {
    return runScript(this, source, ctx)
  }

  /**
   * Subscribes to config changes, coalesced and delivered after the command that made them has
   * answered (listeners re-check who may still connect: a change can lock the appliance out).
   */
  onConfigChange(fn: () => void): () => void {
    this.configListeners.push(fn)
    return () => {
      this.configListeners = this.configListeners.filter((f) => f !== fn)
    }
  }

  private configChanged(): void {
    if (this.configPending || this.configListeners.length === 0) return
    this.configPending = true
    setImmediate(() => {
      this.configPending = false
      for (const fn of [...this.configListeners]) fn()
    })
  }

  /** Subscribes to up/down transitions; returns an unsubscribe function. */
  onState(fn: (s: DeviceState) => void): () => void {
    this.stateListeners.push(fn)
    return () => {
      this.stateListeners = this.stateListeners.filter((f) => f !== fn)
    }
  }

  private setState(s: DeviceState): void {
    this.state = s
    for (const fn of [...this.stateListeners]) fn(s)
  }

  /** Goes down now (every connection drops) and comes back after the reboot delay. */
  reboot(delayMs = this.opts.rebootDelayMs ?? 5000): void {
    if (this.state === 'rebooting') return
    this.addLog('system,info', 'router rebooted')
    for (const s of [...this.sessions]) this.closeSession(s, false)
    this.safeMode = undefined
    this.scheduler?.stop()
    this.setState('rebooting')
    this.clock.setTimer(this.clock.now() + delayMs, () => this.boot())
  }

  private boot(): void {
    if (this.disposed) return
    // a router that never comes back: powered off, boot loop (fault `staysDown`)
    if (this.faults.settings.staysDown) return
    bootFirmware(this)
    this.updateChecked = false
    this.bootAt = this.clock.now()
    this.counterOffsetRef = 0n
    this.setState('up')
    this.addLog('system,info', 'router booted')
    this.scheduler?.onBoot()
  }

  openSession(info: {
    user: string
    group: string
    via: string
    address: string
    policies: ReadonlySet<string>
  }): SessionHandle {
    const s: SessionHandle = { ...info, id: ++this.sessionSeq, since: this.clock.now() }
    this.sessions.add(s)
    this.addLog('system,info,account', `user ${s.user} logged in from ${s.address} via ${s.via}`)
    return s
  }

  /** Ends a session; a session that held safe mode rolls its changes back. */
  closeSession(s: SessionHandle, rollback = true): void {
    if (!this.sessions.delete(s)) return
    if (this.safeMode?.owner === s) {
      if (rollback) this.restoreConfig(this.safeMode.snapshot)
      this.safeMode = undefined
      if (rollback) this.addLog('system,warning', 'safe mode changes were rolled back')
    }
    this.addLog('system,info,account', `user ${s.user} logged out from ${s.address} via ${s.via}`)
  }

  /** Fault injection for this device (created on first use). */
  get faults(): Faults {
    this.faultsRef ??= new Faults()
    return this.faultsRef
  }

  addLog(topics: string, message: string): void {
    this.logs ??= []
    const e = { id: ++this.logSeq, at: this.clock.now(), topics, message }
    this.logs.push(e)
    if (this.logs.length > LOG_MAX) this.logs.splice(0, this.logs.length - LOG_MAX)
    if (this.logListeners) for (const fn of [...this.logListeners]) fn(e)
  }

  /** Subscribes to new log entries (`/log/listen`, syslog). */
  onLog(fn: (e: LogEntry) => void): () => void {
    this.logListeners ??= []
    this.logListeners.push(fn)
    return () => {
      this.logListeners = this.logListeners?.filter((f) => f !== fn)
    }
  }

  get logEntries(): readonly LogEntry[] {
    return this.logs ?? []
  }

  get files(): Map<string, SimFile> {
    this.fileMap ??= new Map()
    return this.fileMap
  }

  /** Creates or replaces a file (used by `/file`, backups, exports and SFTP). */
  writeFile(name: string, contents: string, extra: Partial<SimFile> = {}): SimFile {
    const old = this.files.get(name)
    const f: SimFile = {
      id: old?.id ?? `*${(++this.fileSeq).toString(16).toUpperCase()}`,
      name,
      type: extra.type ?? fileType(name),
      contents,
      created: old?.created ?? this.clock.now(),
      ...(extra.backup ? { backup: extra.backup } : {}),
    }
    this.files.set(name, f)
    return f
  }

  readFile(name: string): SimFile | undefined {
    return this.fileMap?.get(name)
  }

  removeFile(name: string): boolean {
    return this.fileMap?.delete(name) ?? false
  }

  /** Stops timed work (scheduler jobs); used when a simulated device is shut down for good. */
  dispose(): void {
    this.disposed = true
    this.scheduler?.stop()
    this.stateListeners = []
    this.configListeners = []
  }

  /** Replaces the whole configuration (backup load, safe-mode rollback). */
  restoreConfig(snapshot: unknown): void {
    this.tree.restore(snapshot)
    this.scheduler?.refresh()
    this.configChanged()
  }

  /** Run statistics of a scheduler job or script. */
  jobInfo(path: string, id: string): { count: number; last?: number; next?: number } {
    const r = this.jobRuns?.get(`${path}|${id}`)
    const next = path === '/system/scheduler' ? this.scheduler?.next.get(id) : undefined
    return {
      count: r?.count ?? 0,
      ...(r ? { last: r.last } : {}),
      ...(next !== undefined ? { next } : {}),
    }
  }

  noteJobRun(path: string, id: string): void {
    this.jobRuns ??= new Map()
    const key = `${path}|${id}`
    this.jobRuns.set(key, {
      count: (this.jobRuns.get(key)?.count ?? 0) + 1,
      last: this.clock.now(),
    })
  }

  /** Human date-time as this version prints it. */
  formatDateTime(ms: number): string {
    return formatDateTime(ms, this.version)
  }
}

export { DEFAULT_PERSONA }
