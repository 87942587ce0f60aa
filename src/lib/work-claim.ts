// Work that must run once across several Outpost processes sharing one database (issue 20): a job
// target, an alert transition, a notification delivery. The runner asks claimOnce() before doing
// the work and calls done() after. One process alone owns everything, so its default always says
// yes; a cluster (src/cluster) installs claims backed by the work_claims table for its database.

export type WorkKind =
  'job.target' | 'alert.transition' | 'notification.delivery' | 'discovery.scan'

export interface WorkClaims {
  /**
   * True when this process may do the work now: nobody claimed it, or the claim of a process that
   * died ran out and the work is not marked done. `holdMs` is how long the claim lasts unfinished.
   */
  claimOnce(kind: WorkKind, key: string, holdMs?: number): Promise<boolean>
  /** The work is finished: its claim never expires, so it is never retried elsewhere. */
  done(kind: WorkKind, key: string): Promise<void>
  /** True in a cluster of processes: work may be under way in another one. */
  readonly clustered: boolean
  /**
   * Of these keys, those claimed, unfinished, by a process that is alive now (this one
   * included): its work may still be under way. One process alone: none (after a restart, what
   * the old process claimed is not under way any more).
   */
  heldByLive(kind: WorkKind, keys: readonly string[]): Promise<Set<string>>
}

/** One process: every claim succeeds. */
export const singleProcessClaims: WorkClaims = Object.freeze({
  claimOnce: () => Promise.resolve(true),
  done: () => Promise.resolve(),
  clustered: false,
  heldByLive: () => Promise.resolve(new Set<string>()),
})

// keyed by the database handle (a Kysely instance) the processes share, like the job runner registry
const installed = new WeakMap<object, WorkClaims>()

/** Startup of a clustered process: work on this database is claimed through `claims`. */
export function installWorkClaims(database: object, claims: WorkClaims): void {
  installed.set(database, claims)
}

/** The claims of a database: the cluster's when installed, otherwise the single-process default. */
export function workClaimsFor(database: object): WorkClaims {
  return installed.get(database) ?? singleProcessClaims
}
