// The schedules page (viewers read, admins set; a bad cron is refused in plain words), the
// side-by-side diff, and the tenant's history as a real git repository read by the `git` binary:
// one commit per version with the capture's date, secrets masked unless an admin asks (audited).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { ManualClock } from '../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSshServer, type SshServerHandle } from '../../../src/sim/ssh/ssh-server.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'
import { auditRows } from '../../support/audit.ts'

const SECRET = 'Ipsec-Shared-9f2c'
let t: TestApp
let dev: SimRouter
let ssh: SshServerHandle
let scope: TenantScope
let admin: TestAgent
let operator: TestAgent
let viewer: TestAgent
let deviceId: DeviceId
let dir: string

beforeAll(async () => {
  t = await createTestApp()
  dir = mkdtempSync(join(tmpdir(), 'outpost-git-'))
  const file = readFileSync(
    join(import.meta.dirname, '../../fixtures/exports/rb4011_6.49.10.rsc'),
    'utf8',
  )
  dev = new SimRouter({
    persona: 'hap-ac-6.49',
    name: 'hist-gw',
    clock: new ManualClock(),
    seedExport: file,
  })
  ssh = await startSshServer(dev, { host: '127.0.0.1', port: 0 })
  const tenantId = (await makeTenant(t.deps, 'bak-hist')).id
  scope = forTenant(t.deps.kysely, tenantId)
  admin = await loginAs(t, 'admin', tenantId)
  operator = await loginAs(t, 'operator', tenantId)
  viewer = await loginAs(t, 'viewer', tenantId)
  const input = deviceCreateSchema.parse({
    name: 'hist-gw',
    host: '127.0.0.1',
    ssh_port: String(ssh.port),
    username: 'admin',
    password: '',
  })
  const r = await addDevice(
    { deps: t.deps, scope, actor: { kind: 'user', id: 'U', name: 'u', ip: null } },
    input,
    { check: false, saveAnyway: false },
  )
  if (!r.ok) throw new Error('add failed')
  deviceId = r.device.id
  expect((await operator.post(`/devices/${deviceId}/backups`)).status).toBe(303)
  t.deps.clock.advance(3_600_000)
  dev.tree.setSingleton('/system/identity', { name: 'hist-gw-2' })
  expect((await operator.post(`/devices/${deviceId}/backups`)).status).toBe(303)
})
afterAll(async () => {
  await ssh.close()
  await t.close()
  rmSync(dir, { recursive: true, force: true })
})

const git = (gitDir: string, ...args: string[]) =>
  execFileSync('git', ['--git-dir', gitDir, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dir },
  })

async function unpack(res: Response, name: string): Promise<string> {
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/gzip')
  const out = join(dir, name)
  execFileSync('mkdir', ['-p', out])
  writeFileSync(join(out, 'a.tar.gz'), Buffer.from(await res.arrayBuffer()))
  execFileSync('tar', ['xzf', 'a.tar.gz'], { cwd: out })
  return join(out, 'config-history.git')
}

describe('schedules page', () => {
  it('viewers see the nightly default; admins set and remove schedules; a bad one is refused and changes nothing', async () => {
    const page = visibleText(await (await viewer.get('/backups/schedules')).text())
    expect(page).toContain('All devices 0 2 * * * (default) 5 min On')
    expect(
      (
        await viewer.post('/backups/schedules', {
          target: 'tenant',
          cron: '0 3 * * *',
          windowMinutes: '10',
          enabled: '1',
        })
      ).status,
    ).toBe(403)
    expect((await operator.post('/backups/options', { terse: '1' })).status).toBe(403)
    const bad = await admin.post('/backups/schedules', {
      target: 'tenant',
      cron: 'every night',
      windowMinutes: '10',
      enabled: '1',
    })
    expect(bad.status).toBe(422)
    expect(visibleText(await bad.text())).toContain('Enter a cron expression of five fields')
    expect(await scope.selectFrom('backup_schedules').selectAll().execute()).toEqual([])
    expect(
      (
        await admin.post('/backups/schedules', {
          target: `device:${deviceId}`,
          cron: '15 4 * * 1',
          windowMinutes: '0',
        })
      ).status,
    ).toBe(303)
    const after = visibleText(await (await viewer.get('/backups/schedules')).text())
    expect(after).toContain('Device hist-gw 15 4 * * 1 0 min Off')
    expect(
      (await admin.post('/backups/schedules/delete', { target: `device:${deviceId}` })).status,
    ).toBe(303)
    expect(await scope.selectFrom('backup_schedules').selectAll().execute()).toEqual([])
    expect((await admin.post('/backups/options', { terse: '1' })).status).toBe(303)
    expect(await scope.selectFrom('backup_settings').select('terse').executeTakeFirst()).toEqual({
      terse: 1,
    })
    await admin.post('/backups/options', {})
  })
})

describe('dashboard', () => {
  it('lists the stored change with its summary under recent events (the first version is no change)', async () => {
    const text = visibleText(await (await viewer.get('/')).text())
    expect(text).toContain('Configuration changed: +1 −1 in /system identity')
    const kinds = await scope
      .selectFrom('device_events')
      .select('kind')
      .where('device_id', '=', deviceId)
      .execute()
    expect(kinds).toEqual([{ kind: 'config_changed' }])
  })
})

describe('side-by-side diff', () => {
  it('shows the changed lines in two columns around the change, masked for viewers', async () => {
    const ids = await scope
      .selectFrom('device_backups')
      .select('id')
      .orderBy('captured_at')
      .execute()
    const html = await (
      await viewer.get(
        `/devices/${deviceId}/backups/diff?from=${ids[0]!.id}&to=${ids[1]!.id}&view=split`,
      )
    ).text()
    expect(html).toContain('data-testid="side-by-side"')
    const text = visibleText(html)
    expect(text).toMatch(/set name=office-core \d+ set name=hist-gw-2/)
    const live = visibleText(
      await (
        await viewer.get(`/devices/${deviceId}/backups/diff?from=${ids[0]!.id}&to=live&view=split`)
      ).text(),
    )
    expect(live).toContain('set name=hist-gw-2')
    expect(live).not.toContain(SECRET)
  })
})

describe('history as a git repository', () => {
  it('git log and git diff read it: one commit per version, capture dates, secrets masked', async () => {
    expect((await viewer.get('/backups/history.tar.gz')).status).toBe(403)
    const repo = await unpack(await operator.get('/backups/history.tar.gz'), 'masked')
    git(repo, 'fsck', '--strict')
    const versions = await scope
      .selectFrom('device_backups')
      .select(['captured_at'])
      .orderBy('captured_at')
      .execute()
    const log = git(repo, 'log', '--format=%an|%at|%s').trim().split('\n')
    expect(log).toEqual([
      `hist-gw|${Math.floor(versions[1]!.captured_at / 1000)}|hist-gw: +1 −1 in /system identity`,
      `hist-gw|${Math.floor(versions[0]!.captured_at / 1000)}|hist-gw: first backup`,
    ])
    const diff = git(repo, 'diff', 'HEAD~1', 'HEAD', '--', 'hist-gw.rsc')
    expect(diff).toContain('-set name=office-core')
    expect(diff).toContain('+set name=hist-gw-2')
    const file = git(repo, 'show', 'HEAD:hist-gw.rsc')
    expect(file).toContain('/system identity')
    expect(file).not.toContain(SECRET)
    expect((await operator.get('/backups/history.tar.gz?secrets=1')).status).toBe(403)
  })

  it('an admin may export the secrets; each export is audited', async () => {
    const repo = await unpack(await admin.get('/backups/history.tar.gz?secrets=1'), 'secrets')
    expect(git(repo, 'show', 'HEAD:hist-gw.rsc')).toContain(SECRET)
    const rows = await auditRows(t.deps, (q) =>
      q.where('action', '=', 'backup.history_exported').orderBy('seq'),
    )
    expect(rows.map((r) => JSON.parse(r.details_json))).toEqual([
      { unmasked: false, commits: 2, devices: 1 },
      { unmasked: true, commits: 2, devices: 1 },
    ])
  })
})
