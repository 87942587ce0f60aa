// Discovery use cases: start and cancel scans (checked against the tenant's own running scans and
// every other tenant's ranges), the adoption queue, ignore/forget, releasing a range. Adoption is
// in adopt.service.ts. Every change is audited.
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction } from '../db/with-transaction.ts'
import type { Actor } from '../lib/actor.ts'
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import { hostBounds, overlaps, parseCidr } from './cidr.ts'
import {
  deleteCandidate,
  findCandidate,
  findScan,
  insertScan,
  listCandidates,
  listRunningScans,
  listScans,
  setCandidateState,
  updateScan,
  type CandidateRow,
  type ScanRow,
} from './discovery.repo.ts'
import { DEFAULT_PORTS, type ScanInput } from './discovery.schema.ts'
import type { DiscoveryOverview, ScanView } from './discovery.types.ts'
import { listManagedDevices } from './queue-sources.repo.ts'
import { syncQueue } from './queue-sync.ts'
import { deleteOwnRange, insertRange, listOwnRanges, rangeTakenByOther } from './ranges.repo.ts'
import { scanRunner } from './scan-runner.ts'
import { candidateView, rangeView, scanView } from './views-of.ts'
import { workClaimsFor } from '../lib/work-claim.ts'

export type DiscoveryDeps = Pick<
  Deps,
  'kysely' | 'db' | 'clock' | 'log' | 'config' | 'secrets' | 'deviceAccess' | 'overlay'
>

export interface DiscoveryCtx {
  deps: DiscoveryDeps
  scope: TenantScope
  actor: Actor
}

export async function audit(
  ctx: DiscoveryCtx,
  action: string,
  target: { type: string; id: string | null; label: string | null },
  details?: Record<string, unknown>,
  db = ctx.deps.db,
): Promise<void> {
  const { actor } = ctx
  await recordAudit(
    db,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      ip: actor.ip,
      action,
      target,
      outcome: 'success',
      ...(details ? { details } : {}),
    },
    ctx.deps.clock.now(),
  )
}

const scanNotFound = () => new NotFoundError('Scan not found.', { code: 'scan_not_found' })

/** Refuses what must not start, then stores the range claim and the scan in one transaction. */
export async function startScan(ctx: DiscoveryCtx, input: ScanInput): Promise<ScanView> {
  const parsed = parseCidr(input.cidr)
  if (!parsed.ok) throw new ValidationError({ cidr: parsed.message }, parsed.message)
  const c = parsed.cidr
  const ports = [...new Set(input.ports ?? DEFAULT_PORTS)]
  const now = ctx.deps.clock.now()
  const tenantId = ctx.scope.tenantId
  const runner = scanRunner(ctx.deps)
  const id = newId(now)
  runner.claim(id)
  const row = await withTransaction(ctx.deps, async (tx) => {
    const scope = tx.scope(tenantId)
    const running = (await listRunningScans(scope)).filter((s) => s.id !== id)
    const live = await liveScans(ctx, running)
    const busy = running.find(
      (s) => live.has(s.id) && overlaps({ first: s.first_ip, last: s.last_ip }, c),
    )
    if (busy)
      throw new ConflictError(
        `A scan of ${busy.cidr} is still running over part of ${c.text}: wait for it or cancel it.`,
        { code: 'scan_overlaps' },
      )
    if (await rangeTakenByOther(tx.global, tenantId, c.first, c.last))
      throw new ConflictError(
        `Part of ${c.text} belongs to another tenant; ranges are never shared. Ask the appliance administrator.`,
        { code: 'range_taken' },
      )
    await insertRange(tx.global, {
      id: newId(now),
      owner_tenant_id: tenantId,
      cidr: c.text,
      first_ip: c.first,
      last_ip: c.last,
      created_at: now,
    })
    const hosts = hostBounds(c)
    const scan: ScanRow = {
      id,
      tenant_id: tenantId,
      cidr: c.text,
      first_ip: hosts.first,
      last_ip: hosts.last,
      ports_json: JSON.stringify(ports),
      state: 'running',
      total: hosts.count,
      probed: 0,
      found: 0,
      note: null,
      created_by_name: ctx.actor.name,
      created_at: now,
      finished_at: null,
    }
    const { tenant_id: _t, probed: _p, found: _f, ...insert } = scan
    await insertScan(scope, insert)
    await audit(
      ctx,
      'discovery.scan',
      { type: 'scan', id: scan.id, label: c.text },
      { ports },
      tx.global,
    )
    return scan
  }).catch((err: unknown) => {
    runner.release(id)
    throw err
  })
  runner.start(ctx.scope, row)
  return scanView(row)
}

/** Scans marked running by a process that is gone are interrupted, not running forever. */
/**
 * The scans of `scans` that run now: here, or (several processes, issue 20) in another process
 * that is alive, or just started (its process may not have claimed it yet).
 */
async function liveScans(ctx: DiscoveryCtx, scans: readonly ScanRow[]): Promise<Set<string>> {
  const runner = scanRunner(ctx.deps)
  const live = new Set(scans.filter((s) => runner.isActive(s.id)).map((s) => s.id))
  const claims = workClaimsFor(ctx.deps.kysely)
  const elsewhere = scans.filter((s) => !live.has(s.id))
  if (!claims.clustered || elsewhere.length === 0) return live
  const held = await claims.heldByLive(
    'discovery.scan',
    elsewhere.map((s) => s.id),
  )
  const now = ctx.deps.clock.now()
  for (const s of elsewhere)
    if (held.has(s.id) || now - s.created_at < CLAIM_GRACE_MS) live.add(s.id)
  return live
}

const CLAIM_GRACE_MS = 30_000
const REMOTE_CANCEL_WAIT_MS = 10_000

async function settleOrphans(ctx: DiscoveryCtx): Promise<void> {
  const running = await listRunningScans(ctx.scope)
  const live = await liveScans(ctx, running)
  for (const s of running) {
    if (live.has(s.id)) continue
    await updateScan(ctx.scope, s.id, {
      state: 'interrupted',
      note: 'The appliance restarted during the scan; start it again.',
      finished_at: ctx.deps.clock.now(),
    })
  }
}

export async function getScan(ctx: DiscoveryCtx, id: string): Promise<ScanView> {
  await settleOrphans(ctx)
  const row = await findScan(ctx.scope, id)
  if (!row) throw scanNotFound()
  return scanView(row)
}

export async function cancelScan(ctx: DiscoveryCtx, id: string): Promise<ScanView> {
  const row = await findScan(ctx.scope, id)
  if (!row) throw scanNotFound()
  const runner = scanRunner(ctx.deps)
  if (runner.cancel(id)) {
    while (runner.isActive(id)) await new Promise((r) => setTimeout(r, 10))
    await audit(ctx, 'discovery.scan.cancel', { type: 'scan', id, label: row.cidr })
  } else if (row.state === 'running' && runner.remoteCancel !== undefined) {
    // several processes (issue 20): the scan runs in another one, which stops it when asked
    await runner.remoteCancel(id)
    const until = performance.now() + REMOTE_CANCEL_WAIT_MS
    while ((await findScan(ctx.scope, id))?.state === 'running' && performance.now() < until)
      await new Promise((r) => setTimeout(r, 100))
    await audit(ctx, 'discovery.scan.cancel', { type: 'scan', id, label: row.cidr })
  }
  return getScan(ctx, id)
}

/** The adoption queue (synced with MNDP and neighbour tables first), recent scans, own ranges. */
export async function discoveryOverview(ctx: DiscoveryCtx): Promise<DiscoveryOverview> {
  await settleOrphans(ctx)
  const devices = await listManagedDevices(ctx.scope)
  await syncQueue(ctx.scope, ctx.deps.db, devices)
  const [rows, scans, ranges] = await Promise.all([
    listCandidates(ctx.scope, 2000),
    listScans(ctx.scope, 20),
    listOwnRanges(ctx.deps.db, ctx.scope.tenantId),
  ])
  return {
    candidates: rows.map((r) => candidateView(r, devices)),
    scans: scans.map(scanView),
    ranges: ranges.map(rangeView),
  }
}

export async function getCandidateRow(ctx: DiscoveryCtx, id: string): Promise<CandidateRow> {
  const row = await findCandidate(ctx.scope, id)
  if (!row) throw new NotFoundError('Entry not found.', { code: 'candidate_not_found' })
  return row
}

/** Ignore hides an entry from the queue (it stays ignored when seen again); restore undoes it. */
export async function setIgnored(ctx: DiscoveryCtx, id: string, ignored: boolean): Promise<void> {
  const row = await getCandidateRow(ctx, id)
  if (row.state === 'adopted') throw new ConflictError('This entry was adopted already.')
  await setCandidateState(ctx.scope, id, ignored ? 'ignored' : 'new', null)
  const label = row.address ?? row.mac
  await audit(ctx, ignored ? 'discovery.ignore' : 'discovery.restore', {
    type: 'candidate',
    id,
    label,
  })
}

/** Forget removes the entry; it comes back only if it is found again. */
export async function forgetCandidate(ctx: DiscoveryCtx, id: string): Promise<void> {
  const row = await getCandidateRow(ctx, id)
  await deleteCandidate(ctx.scope, id)
  const label = row.address ?? row.mac
  await audit(ctx, 'discovery.forget', { type: 'candidate', id, label })
}

/** Gives a range back (another tenant may then scan it); its queue entries stay. */
export async function releaseRange(ctx: DiscoveryCtx, id: string): Promise<void> {
  const r = await deleteOwnRange(ctx.deps.db, ctx.scope.tenantId, id)
  if (Number(r.numDeletedRows) === 0)
    throw new NotFoundError('Range not found.', { code: 'range_not_found' })
  await audit(ctx, 'discovery.range.release', { type: 'range', id, label: null })
}
