// The key-use log (issue 19): writing the in-memory counts (src/lib/key-use.ts) every minute,
// keeping 90 days, and the tenant admin's view with filters and the unusual uses highlighted:
// a user's (or API key's) first use for a subject within the retention, a burst of uses in one
// hour, or one actor touching many subjects in one hour.
import { z } from 'zod'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Deps } from '../deps.ts'
import { ValidationError } from '../lib/errors.ts'
import { toCsv } from '../audit/index.ts'
import {
  addBuckets,
  deviceNamesOf,
  firstUseHours,
  keyUsePurposes,
  listKeyUseRows,
  pairKey,
  pruneKeyUse,
} from './key-use.repo.ts'
import type { KeyUseFilter, KeyUsePage, KeyUseView } from './privacy.types.ts'

const DAY = 86_400_000
export const KEY_USE_RETENTION_MS = 90 * DAY
/** uses by one user of one subject in one hour that count as a burst */
export const BURST_PER_HOUR = 20
/** distinct subjects one user touches in one hour that count as unusual */
export const SPREAD_PER_HOUR = 10
const PAGE_MAX = 5_000

type FlushDeps = Pick<Deps, 'kysely' | 'db' | 'clock' | 'log' | 'keyUse'>

const lastPrune = new WeakMap<object, number>()

/** Writes the counts gathered since the last flush; on a failed write they are kept for the next. */
export async function flushKeyUse(deps: FlushDeps): Promise<void> {
  const { buckets, dropped } = deps.keyUse.drain()
  if (dropped > 0)
    deps.log.warn(
      { dropped },
      'key-use log: buckets dropped (too many distinct uses between flushes)',
    )
  const now = deps.clock.now()
  try {
    if (buckets.length > 0) await addBuckets(deps, buckets, now)
  } catch (err) {
    deps.keyUse.restore(buckets)
    throw err
  }
  if (now - (lastPrune.get(deps.keyUse) ?? 0) > 3_600_000) {
    lastPrune.set(deps.keyUse, now)
    await pruneKeyUse(deps, now - KEY_USE_RETENTION_MS)
  }
}

/** Flushes every minute (and once more on stop). Started by startup.ts. */
export function startKeyUseFlush(deps: FlushDeps): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve()
  const tick = () => {
    running = running
      .then(() => flushKeyUse(deps))
      .catch((err: unknown) => deps.log.error({ err }, 'key-use flush failed'))
  }
  const timer = setInterval(tick, 60_000)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      tick()
      await running
    },
  }
}

const dateField = z.union([
  z.literal(''),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD.'),
])
export const keyUseQuerySchema = z.object({
  from: dateField.default(''),
  to: dateField.default(''),
  purpose: z.string().max(60).default(''),
  actor: z.string().max(200).default(''),
  unusual: z.preprocess((v) => v === 'true' || v === '1' || v === 'on', z.boolean()).default(false),
})

/** Validates the query (ValidationError names bad fields); the default period is the last 7 days. */
export function parseKeyUseQuery(raw: Record<string, string>, now: number): KeyUseFilter {
  const r = keyUseQuerySchema.safeParse(raw)
  if (!r.success) {
    const fields: Record<string, string> = {}
    for (const i of r.error.issues) fields[i.path.join('.') || '_form'] ??= i.message
    throw new ValidationError(fields)
  }
  const q = r.data
  const day = (s: string) => Date.parse(`${s}T00:00:00Z`)
  // the current hour's row counts from its start: the default period ends after it
  const to = q.to === '' ? Math.floor(now / 3_600_000) * 3_600_000 + 3_600_000 : day(q.to) + DAY
  const from = q.from === '' ? to - 7 * DAY : day(q.from)
  if (!Number.isFinite(from) || !Number.isFinite(to))
    throw new ValidationError({ from: 'Use YYYY-MM-DD.' })
  if (from >= to) throw new ValidationError({ to: 'The end must be after the start.' })
  return { ...q, fromMs: from, toMs: to }
}

/** The tenant's key uses in the period, newest first, with the unusual ones explained. */
export async function listKeyUse(
  deps: Pick<Deps, 'clock'>,
  scope: TenantScope,
  f: KeyUseFilter,
): Promise<KeyUsePage> {
  const rows = await listKeyUseRows(scope, {
    from: f.fromMs,
    to: f.toMs,
    purpose: f.purpose,
    actor: f.actor,
    limit: PAGE_MAX + 1,
  })
  const firsts = await firstUseHours(scope, deps.clock.now() - KEY_USE_RETENTION_MS)
  const spread = new Map<string, Set<string>>()
  for (const r of rows) {
    if (r.actor_kind !== 'user' && r.actor_kind !== 'api_key') continue
    const k = `${r.actor_kind}:${r.actor_id}@${r.hour}`
    spread.set(k, (spread.get(k) ?? new Set()).add(`${r.subject_type}:${r.subject_id}`))
  }
  const names = await deviceNamesOf(scope, [
    ...new Set(rows.filter((r) => r.subject_type === 'device').map((r) => r.subject_id)),
  ])
  const views: KeyUseView[] = rows.slice(0, PAGE_MAX).map((r) => {
    const unusual: string[] = []
    if (r.actor_kind === 'user' || r.actor_kind === 'api_key') {
      if (firsts.get(pairKey(r)) === r.hour)
        unusual.push(`first use of this ${r.subject_type} by ${r.actor_name}`)
      if (r.count >= BURST_PER_HOUR) unusual.push(`${r.count} uses in one hour`)
      const touched = spread.get(`${r.actor_kind}:${r.actor_id}@${r.hour}`)?.size ?? 0
      if (touched >= SPREAD_PER_HOUR) unusual.push(`${touched} different subjects in one hour`)
    }
    return {
      hour: r.hour,
      purpose: r.purpose,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      subjectLabel:
        (r.subject_type === 'device' ? names.get(r.subject_id) : undefined) ?? r.subject_label,
      actorKind: r.actor_kind,
      actorName: r.actor_name,
      count: r.count,
      firstAt: r.first_at,
      lastAt: r.last_at,
      unusual,
    }
  })
  return {
    rows: f.unusual ? views.filter((v) => v.unusual.length > 0) : views,
    truncated: rows.length > PAGE_MAX,
    purposes: await keyUsePurposes(scope),
  }
}

/** The same rows as CSV, for an auditor. */
export function keyUseCsv(rows: readonly KeyUseView[]): string {
  return toCsv(
    [
      'hour_utc',
      'purpose',
      'subject_type',
      'subject_id',
      'subject',
      'actor_kind',
      'actor',
      'count',
      'first_utc',
      'last_utc',
      'unusual',
    ],
    rows.map((r) => [
      new Date(r.hour).toISOString(),
      r.purpose,
      r.subjectType,
      r.subjectId,
      r.subjectLabel,
      r.actorKind,
      r.actorName,
      r.count,
      new Date(r.firstAt).toISOString(),
      new Date(r.lastAt).toISOString(),
      r.unusual.join('; '),
    ]),
  )
}
