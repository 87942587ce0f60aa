// A REAL full disk: the database lives on a small tmpfs the test mounts and fills to the last
// byte. Writes must then answer 503 naming the cause (page and JSON), the log must name it too
// (not "cannot rollback - no transaction is active"), /health/ready must say not ready, super
// admins see a banner; and all of it recovers once space is back.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createLogger } from '../../../src/log.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'
import { mountTmpfs, type Tmpfs } from '../../support/tmpfs.ts'

const MESSAGE = "The appliance's disk is full"
const logLines: string[] = []
const log = createLogger({
  level: 'info',
  destination: new Writable({
    write: (chunk: Buffer, _enc, done) => {
      logLines.push(...chunk.toString().split('\n').filter(Boolean))
      done()
    },
  }),
})

let fs: Tmpfs
let t: TestApp
let tenant: TenantId
let operator: TestAgent
let root: TestAgent

beforeAll(async () => {
  fs = mountTmpfs(8 * 1024 * 1024)
  const dataDir = join(fs.dir, 'data')
  mkdirSync(dataDir)
  t = await createTestApp({ env: { OUTPOST_DATA_DIR: dataDir }, log })
  tenant = (await makeTenant(t.deps)).id
  operator = await loginAs(t, 'operator', tenant)
  root = await loginAs(t, 'super_admin')
  fs.fill()
})
afterAll(async () => {
  fs.free()
  await t.close()
  fs.unmount()
})

const sites = async () =>
  (await forTenant(t.deps.kysely, tenant).selectFrom('sites').select('name').execute()).map(
    (r) => r.name,
  )

describe('on a full disk', () => {
  it('answers a form write with 503 naming the full disk, and logs the cause', async () => {
    const res = await operator.post('/devices/sites', { name: 'HQ', description: '' })
    expect(res.status).toBe(503)
    expect(visibleText(await res.text())).toContain(MESSAGE)
    expect(await sites()).toEqual([])
    const lines = logLines.filter((l) => l.includes('disk'))
    expect(
      lines.some(
        (l) => l.includes('write failed: the appliance disk is full') && l.includes('SQLITE_FULL'),
      ),
    ).toBe(true)
    expect(logLines.some((l) => l.includes('cannot rollback'))).toBe(false)
    expect(
      logLines.filter((l) => l.includes('database writes fail: the appliance disk is full')),
    ).toHaveLength(1)
  })

  it('answers an htmx write with the error fragment and a JSON write with code disk_full', async () => {
    const frag = await operator.request('POST', '/devices/tags', {
      form: { name: 'edge' },
      htmx: true,
    })
    expect(frag.status).toBe(503)
    expect(visibleText(await frag.text())).toContain(MESSAGE)
    const api = await operator.request('POST', '/api/v1/devices', {
      json: [{ name: 'r1', host: '127.0.0.1', username: 'admin', password: 'x' }],
    })
    expect(api.status).toBe(503)
    const body = (await api.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('disk_full')
    expect(body.error.message).toContain(MESSAGE)
  })

  it('reports not ready on /health/ready', async () => {
    const res = await t.app.request('/health/ready')
    expect(res.status).toBe(503)
    const body = (await res.json()) as { status: string; database: string; reason: string }
    expect(body).toMatchObject({ status: 'not_ready', database: 'disk_full' })
    expect(body.reason).toContain("the appliance's disk is full")
  })

  it('shows super admins a banner, and no one else', async () => {
    expect(visibleText(await (await root.get('/devices/sites')).text())).toContain(
      `${MESSAGE} (since`,
    )
    expect(visibleText(await (await operator.get('/devices/sites')).text())).not.toContain(
      `${MESSAGE} (since`,
    )
  })
})

describe('before any write has failed', () => {
  it('reports not ready as soon as the disk is full', async () => {
    const fresh = mountTmpfs(4 * 1024 * 1024)
    try {
      mkdirSync(join(fresh.dir, 'data'))
      const other = await createTestApp({ env: { OUTPOST_DATA_DIR: join(fresh.dir, 'data') } })
      expect((await other.app.request('/health/ready')).status).toBe(200)
      fresh.fill()
      const res = await other.app.request('/health/ready')
      expect(res.status).toBe(503)
      expect(await res.json()).toMatchObject({ status: 'not_ready', database: 'disk_full' })
      fresh.free()
      expect((await other.app.request('/health/ready')).status).toBe(200)
      await other.close()
    } finally {
      fresh.unmount()
    }
  })
})

describe('once space is back', () => {
  it('is ready again, drops the banner and saves writes', async () => {
    fs.free()
    const ready = await t.app.request('/health/ready')
    expect(ready.status).toBe(200)
    expect(logLines.some((l) => l.includes('database writes succeed again'))).toBe(true)
    expect(visibleText(await (await root.get('/devices/sites')).text())).not.toContain(
      `${MESSAGE} (since`,
    )
    const res = await operator.post('/devices/sites', { name: 'HQ', description: '' })
    expect(res.status).toBe(303)
    expect(await sites()).toEqual(['HQ'])
  })
})
