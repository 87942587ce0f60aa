import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  listBackups,
  pruneBackups,
  readBackupText,
  searchConfigs,
  storeCapture,
  type BackupCtx,
} from '../../../src/backups/backups.service.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { createTestDeps, sqliteOf, type TestDeps } from '../../support/db.ts'

const DIR = join(import.meta.dirname, '../../fixtures/exports')
const fixture = (f: string): string => readFileSync(join(DIR, f), 'utf8')
const ok = (stdout: string, extra: object = {}) => ({ stdout, stderr: '', exitCode: 0, ...extra })
const DAY = 86_400_000

let deps: TestDeps
beforeEach(async () => {
  deps = await createTestDeps()
})
afterEach(() => deps.close())

async function setup(
  name = 'acme',
): Promise<{ ctx: BackupCtx; deviceId: DeviceId; tenantId: TenantId }> {
  const tenantId = newId<TenantId>()
  await deps.db
    .insertInto('tenants')
    .values({ id: tenantId, name, created_at: deps.clock.now() })
    .execute()
  const scope = forTenant(deps.kysely, tenantId)
  const actor = { kind: 'user' as const, id: 'U1', name: 'alice', ip: '127.0.0.1' }
  const input = deviceCreateSchema.parse({
    name: 'core-1',
    host: '10.0.0.1',
    username: 'admin',
    password: 'pw-123456',
  })
  const r = await addDevice({ deps, scope, actor }, input, { check: false, saveAnyway: false })
  if (!r.ok) throw new Error('device not added')
  return { ctx: { deps, scope }, deviceId: r.device.id, tenantId }
}

/** Every byte SQLite keeps for this database: main file, WAL and shared memory. */
function dbFiles(): Buffer {
  const files = readdirSync(deps.dir)
    .filter((f) => f.startsWith('outpost.db'))
    .map((f) => join(deps.dir, f))
    .filter(existsSync)
  return Buffer.concat(files.map((f) => readFileSync(f)))
}
const dbSize = (): number =>
  readdirSync(deps.dir)
    .filter((f) => f.startsWith('outpost.db'))
    .reduce((n, f) => n + statSync(join(deps.dir, f)).size, 0)

describe('storeCapture', () => {
  it('stores the raw text exactly, encrypted: no secret of the config is anywhere in the database files', async () => {
    const { ctx, deviceId } = await setup()
    const raw = fixture('rb4011_6.49.10.rsc') // CRLF, with an IPsec secret and a PPP password
    const r = await storeCapture(ctx, deviceId, ok(raw))
    expect(r).toMatchObject({ ok: true, changed: true })
    if (!r.ok) return
    expect(r.backup).toMatchObject({
      status: 'ok',
      routerosVersion: '6.49.10',
      rawSize: Buffer.byteLength(raw),
    })
    expect(await readBackupText(ctx, deviceId, r.backup.id)).toBe(raw)
    const wifi = await storeCapture(ctx, deviceId, ok(fixture('hap-ac2_6.48.6.rsc')))
    expect(wifi.ok && wifi.changed).toBe(true)
    const bytes = dbFiles()
    for (const secret of [
      'Ipsec-Shared-9f2c',
      'Staff-Remote-4411',
      'Tr0ub4dor-Praxis-7731',
      'willkommen2023',
    ]) {
      expect(bytes.includes(Buffer.from(secret)), secret).toBe(false)
      expect(bytes.includes(Buffer.from(secret, 'utf16le')), secret).toBe(false)
    }
    // while the search index still finds the non-secret text
    expect((await searchConfigs(ctx, 'Praxis-Weber')).map((h) => h.deviceId)).toEqual([deviceId])
  })

  it('an unchanged config (new date, CRLF, rewrapped) adds no version and no bytes', async () => {
    const { ctx, deviceId } = await setup()
    const raw = fixture('chr_7.12.1.rsc')
    const first = await storeCapture(ctx, deviceId, ok(raw))
    sqliteOf(deps).pragma('wal_checkpoint(TRUNCATE)')
    const size = dbSize()
    const again = raw.replace('2024-03-14 09:21:07', '2024-03-15 03:00:00').replaceAll('\n', '\r\n')
    for (let i = 0; i < 5; i++) {
      const r = await storeCapture(
        ctx,
        deviceId,
        ok(again, { capturedAt: deps.clock.now() + i * DAY }),
      )
      expect(r).toMatchObject({ ok: true, changed: false })
      expect(r.ok && first.ok && r.backup.id).toBe(first.ok && first.backup.id)
    }
    expect(dbSize()).toBe(size)
    expect(await listBackups(ctx, deviceId)).toHaveLength(1)
  })

  it('a real change adds a version with its change summary', async () => {
    const { ctx, deviceId } = await setup()
    const raw = fixture('rb5009_7.15.3.rsc')
    await storeCapture(ctx, deviceId, ok(raw))
    const changed = raw.replace('set name=warehouse-gw', 'set name=warehouse-gw2')
    deps.clock.advance(60_000)
    const r = await storeCapture(ctx, deviceId, ok(changed))
    expect(r).toMatchObject({
      ok: true,
      changed: true,
      backup: {
        linesAdded: 1,
        linesRemoved: 1,
        sections: [{ section: '/system identity', added: 1, removed: 1 }],
      },
    })
    const list = await listBackups(ctx, deviceId)
    expect(list.map((b) => b.linesAdded)).toEqual([
      1,
      (await listBackups(ctx, deviceId))[1]?.linesAdded,
    ])
    expect(list[0]?.storedSize).toBeLessThan(raw.length / 3)
  })

  it('never stores a partial capture, and stores a retried small one marked suspect', async () => {
    const { ctx, deviceId } = await setup()
    const raw = fixture('chr_7.12.1.rsc')
    expect(await storeCapture(ctx, deviceId, ok(raw.slice(0, 1000)))).toMatchObject({
      ok: false,
      retry: false,
    })
    expect(
      await storeCapture(ctx, deviceId, { stdout: raw, stderr: '', exitCode: 255 }),
    ).toMatchObject({ ok: false, problem: 'exit_status' })
    expect(await listBackups(ctx, deviceId)).toHaveLength(0)
    await storeCapture(ctx, deviceId, ok(raw))
    const small =
      raw.split('/interface bridge port')[0] + '/system identity\nset name=chr-edge-01\n'
    expect(await storeCapture(ctx, deviceId, ok(small))).toMatchObject({
      ok: false,
      problem: 'suspect_shrink',
      retry: true,
    })
    expect(await listBackups(ctx, deviceId)).toHaveLength(1)
    const r = await storeCapture(ctx, deviceId, ok(small, { retried: true }))
    expect(r).toMatchObject({ ok: true, changed: true, backup: { status: 'suspect' } })
    expect(r.ok && r.backup.statusReason).toMatch(/smaller/)
  })

  it('keeps tenants apart: another tenant cannot read, list or find the device', async () => {
    const a = await setup('a')
    const b = await setup('b')
    const r = await storeCapture(a.ctx, a.deviceId, ok(fixture('chr_6.45.9.rsc')))
    if (!r.ok) throw new Error('not stored')
    await expect(readBackupText(b.ctx, a.deviceId, r.backup.id)).rejects.toMatchObject({
      status: 404,
    })
    await expect(
      storeCapture(b.ctx, a.deviceId, ok(fixture('chr_6.45.9.rsc'))),
    ).rejects.toMatchObject({ status: 404 })
    expect(await listBackups(b.ctx, a.deviceId)).toEqual([])
    expect(await searchConfigs(b.ctx, 'transit-edge')).toEqual([])
    expect((await searchConfigs(a.ctx, 'transit-edge'))[0]?.lines).toEqual([
      { n: expect.any(Number), text: 'set name=transit-edge' },
    ])
  })

  it('fleet search finds an address and a firewall rule, masks secrets and forgets deleted devices', async () => {
    const { ctx, deviceId } = await setup()
    await storeCapture(ctx, deviceId, ok(fixture('chr_7.12.1.rsc')))
    const hits = await searchConfigs(ctx, '198.51.100.2/30')
    expect(hits).toHaveLength(1)
    expect(hits[0]?.lines[0]?.text).toBe(
      'add address=198.51.100.2/30 interface=ether1 network=198.51.100.0',
    )
    expect((await searchConfigs(ctx, 'log-prefix=#VPN'))[0]?.lines[0]?.text).toContain(
      'dst-port=13231',
    )
    expect(await searchConfigs(ctx, 'yHq8cM3oZ0f3kLr5cQbY2QWm4GmVZg3qk5rJ2yWb1FU')).toEqual([])
    expect((await searchConfigs(ctx, 'private-key'))[0]?.lines[0]?.text).toContain(
      'private-key=********',
    )
    await expect(searchConfigs(ctx, '  " ')).rejects.toMatchObject({ status: 422 })
    await deps.db.deleteFrom('tenants').where('id', '=', ctx.scope.tenantId).execute()
    const left = sqliteOf(deps).prepare('SELECT count(*) FROM device_config_search').pluck().get()
    expect(left).toBe(0)
  })

  it('prunes by tiered retention and keeps the newest version', async () => {
    const { ctx, deviceId } = await setup()
    const raw = fixture('chr_6.45.9.rsc')
    const start = deps.clock.now()
    for (let i = 0; i < 10; i++) {
      await storeCapture(
        ctx,
        deviceId,
        ok(raw.replace('set name=transit-edge', `set name=transit-edge-${i}`), {
          capturedAt: start + i * 3_600_000,
        }),
      )
    }
    deps.clock.set(start + 400 * DAY)
    // all ten are from one day, 400 days ago: the month keeps one, which is also the newest
    expect(await pruneBackups(ctx, deviceId)).toBe(9)
    const left = await listBackups(ctx, deviceId)
    expect(left).toHaveLength(1)
    expect(await readBackupText(ctx, deviceId, left[0]?.id as string)).toContain('transit-edge-9')
  })
})
