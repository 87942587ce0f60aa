// PostgreSQL faults (issue 20): unreachable at start (the bundled server says where and exits 1),
// and gone during operation: readiness turns false, writes fail with a clear 503 and leave nothing
// half-done, and everything recovers without a restart when the server is back (pg_ctl stops and
// starts the throwaway server on the same port and data directory).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../../src/app.ts'
import { loadConfig } from '../../../src/config.ts'
import { DatabaseUnavailableError } from '../../../src/db/connect-pg.ts'
import { preparePostgres } from '../../../src/db/pg-startup.ts'
import { withTransaction } from '../../../src/db/with-transaction.ts'
import { closeDeps, createDeps, type Deps } from '../../../src/deps.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createSilentLogger } from '../../../src/log.ts'
import { TEST_SECRETS } from '../../support/db.ts'
import { freePort } from '../../support/free-port.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'

const root = resolve(import.meta.dirname, '../../..')
const outdir = join(root, 'node_modules', '.cache', `outpost-pgfaults-test-${process.pid}`)
let server: TestPostgres
let deps: Deps
let dir: string

const tenant = (id: string) => ({
  id: id as TenantId,
  name: id,
  created_at: 1,
  is_disabled: 0 as const,
})

beforeAll(async () => {
  server = await startPostgres()
  server.psql('CREATE ROLE outpost_app LOGIN')
  server.psql('CREATE DATABASE faults')
  const url = server.urlFor('faults', 'outpost_app')
  await preparePostgres({ url, ownerUrl: server.urlFor('faults') })
  dir = mkdtempSync(join(tmpdir(), 'outpost-pg-faults-'))
  const config = loadConfig({
    OUTPOST_DATA_DIR: dir,
    OUTPOST_LOG_LEVEL: 'silent',
    OUTPOST_DATABASE_URL: url,
  })
  deps = createDeps(config, { log: createSilentLogger(), secrets: TEST_SECRETS })
})

afterAll(async () => {
  if (deps !== undefined) await closeDeps(deps)
  server?.stop()
  rmSync(outdir, { recursive: true, force: true })
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe('PostgreSQL faults', () => {
  it('exits 1 with one line naming host and port when PostgreSQL is unreachable at start', async () => {
    await build({
      entryPoints: { server: join(root, 'src/main.ts') },
      outdir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      jsx: 'automatic',
      jsxImportSource: 'hono/jsx',
      packages: 'external',
      logLevel: 'error',
    })
    const port = await freePort()
    const data = mkdtempSync(join(tmpdir(), 'outpost-pg-start-'))
    try {
      const r = spawnSync(process.execPath, [join(outdir, 'server.mjs')], {
        env: {
          PATH: process.env.PATH,
          OUTPOST_DATA_DIR: data,
          OUTPOST_PORT: '0',
          OUTPOST_HOST: '127.0.0.1',
          OUTPOST_DATABASE_URL: `postgres://outpost:s3cret-pw@127.0.0.1:${port}/outpost`,
        },
        encoding: 'utf8',
        timeout: 30_000,
      })
      expect(r.status).toBe(1)
      const lines = r.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toContain(`cannot reach PostgreSQL at 127.0.0.1:${port}/outpost`)
      expect(lines[0]).toContain('connection refused')
      expect(r.stderr).not.toContain('s3cret-pw')
    } finally {
      rmSync(data, { recursive: true, force: true })
    }
  }, 120_000)

  it('turns not ready, fails writes clearly and whole, and recovers when the server returns', async () => {
    const app = createApp(deps)
    const ready = async (): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await app.request('/health/ready')
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    }
    expect((await ready()).status).toBe(200)
    await deps.db.insertInto('tenants').values(tenant('before')).execute()

    // a transaction the outage cuts in half
    const halfDone = withTransaction(deps, async (tx) => {
      await tx.global.insertInto('tenants').values(tenant('half')).execute()
      server.halt()
      await tx.global.insertInto('tenants').values(tenant('half-2')).execute()
    })
    await expect(halfDone).rejects.toBeInstanceOf(DatabaseUnavailableError)

    const down = await ready()
    expect(down.status).toBe(503)
    expect(down.body).toMatchObject({ status: 'not_ready', database: 'unreachable' })
    expect(String(down.body.reason)).toContain(`127.0.0.1:${server.port}/faults`)
    const write = deps.db.insertInto('tenants').values(tenant('during')).execute()
    await expect(write).rejects.toBeInstanceOf(DatabaseUnavailableError)
    await expect(write).rejects.toMatchObject({ status: 503, code: 'database_unavailable' })

    server.resume()
    expect((await ready()).status).toBe(200)
    await deps.db.insertInto('tenants').values(tenant('after')).execute()
    const names = await deps.db.selectFrom('tenants').select('id').orderBy('id').execute()
    expect(names.map((t) => t.id)).toEqual(['after', 'before'])
  }, 120_000)
})
