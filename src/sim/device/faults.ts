/**
 * Per-device fault injection, switchable at run time. Protocol servers read the current settings
 * on every reply / connection, so a change takes effect immediately.
 * @example sim.faults.set({ latencyMs: 200 }); …; sim.faults.reset()
 */

export interface FaultSettings {
  /** Extra delay before every API reply, real milliseconds. */
  latencyMs: number
  /** Commands (login included) get no reply; they stay cancellable with /cancel. */
  stall: boolean
  /** Replies are cut in the middle of a sentence and the TCP connection is reset. */
  resetMidSentence: boolean
  /** Replies are replaced by bytes that cannot be decoded (a reserved control byte first). */
  garbage: boolean
  /** Replies are replaced by a word header announcing a huge word. */
  oversizedWord: boolean
  /** Any command (login included) is answered with `!fatal <message>` and the connection closes. */
  fatal: string | null
  /** Every login fails with the version's real error message. */
  loginFailure: boolean
  /** A reply (login included) becomes `!re` rows of its tag without end (never `!done`). */
  endlessRows: boolean
  /** A reply becomes one sentence whose words keep coming and that never ends. */
  endlessSentence: boolean
  /** A reply becomes one sentence of 15 MiB words (each sent in full) that never ends. */
  hugeWords: boolean
  /**
   * `refused`: the listeners close (connection refused);
   * `drop`: connections are accepted and never answered.
   */
  unreachable: 'none' | 'refused' | 'drop'
  /** `/system package update download|install` fails (`ERROR: could not download package`). */
  downloadFails: boolean
  /** After the next reboot the router never comes back. */
  staysDown: boolean
  /** A downloaded RouterOS version is not installed at boot: it comes back on the old one. */
  keepsOldVersion: boolean
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  stall: false,
  resetMidSentence: false,
  garbage: false,
  oversizedWord: false,
  fatal: null,
  loginFailure: false,
  endlessRows: false,
  endlessSentence: false,
  hugeWords: false,
  unreachable: 'none',
  downloadFails: false,
  staysDown: false,
  keepsOldVersion: false,
})

export class Faults {
  private current: FaultSettings = { ...NO_FAULTS }
  private listeners: ((f: Readonly<FaultSettings>) => void)[] = []

  get settings(): Readonly<FaultSettings> {
    return this.current
  }

  /** Changes some settings; listeners (servers) react at once. */
  set(partial: Partial<FaultSettings>): void {
    this.current = { ...this.current, ...partial }
    for (const fn of [...this.listeners]) fn(this.current)
  }

  reset(): void {
    this.set({ ...NO_FAULTS })
  }

  onChange(fn: (f: Readonly<FaultSettings>) => void): () => void {
    this.listeners.push(fn)
    return () => {
      this.listeners = this.listeners.filter((x) => x !== fn)
    }
  }
}
