// Public health endpoints for load balancers and systemd: /health answers while the process
// runs; /health/ready only when the database answers, can write (its disk is not full) and every
// known migration is applied.
import { Hono } from 'hono'
import type { Deps } from '../deps.ts'
import type { AppEnv } from '../http/env.ts'
import { pendingMigrations } from '../db/migrate.ts'
import { APP_VERSION } from '../lib/version.ts'

/** Mounted at /health. */
export function healthRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/', (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json({ status: 'ok', version: APP_VERSION })
  })
  app.get('/ready', async (c) => {
    c.header('Cache-Control', 'no-store')
    const check = await readiness(deps)
    return c.json({ ...check, version: APP_VERSION }, check.status === 'ready' ? 200 : 503)
  })
  return app
}

const PING_TIMEOUT_MS = 2000

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

interface Readiness {
  status: 'ready' | 'not_ready'
  database: 'ok' | 'unreachable' | 'disk_full'
  pendingMigrations: string[]
  /** why, in words, when not ready for a reason other than migrations */
  reason?: string
}

async function readiness(deps: Deps): Promise<Readiness> {
  try {
    // PostgreSQL (issue 20): one round trip, bounded so readiness answers while the server is away
    if (deps.pg !== undefined) await withTimeout(deps.pg.ping(), PING_TIMEOUT_MS)
    else deps.sqlite?.prepare('SELECT 1').get()
    const pending = await pendingMigrations(deps.kysely)
    const full = deps.writeHealth.check()
    if (full !== undefined) {
      const since = new Date(full.since).toISOString()
      const reason = `the appliance's disk is full: database writes fail (since ${since})`
      return { status: 'not_ready', database: 'disk_full', pendingMigrations: pending, reason }
    }
    return {
      status: pending.length === 0 ? 'ready' : 'not_ready',
      database: 'ok',
      pendingMigrations: pending,
    }
  } catch (err) {
    deps.log.warn({ err }, 'readiness check failed')
    const reason =
      deps.pg === undefined ? undefined : `PostgreSQL at ${deps.pg.where} does not answer`
    return {
      status: 'not_ready',
      database: 'unreachable',
      pendingMigrations: [],
      ...(reason === undefined ? {} : { reason }),
    }
  }
}
