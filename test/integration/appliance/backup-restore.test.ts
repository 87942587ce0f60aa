// Appliance backup and restore, end to end on real files: a snapshot of a running appliance
// restored into a fresh data directory brings back users, devices whose stored credentials still
// decrypt (the device is polled against a simulated router), and a verifying audit chain. Bad
// archives are refused with a clear message and leave the data directory untouched.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import {
  ArchiveError,
  createSnapshot,
  snapshotSource,
  stageRestore,
} from '../../../src/appliance-backup/index.ts'
import { sealArchive } from '../../../src/appliance-backup/archive.ts'
import { verifyAuditChain } from '../../../src/audit/index.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import {
  dataKeyFor,
  endpointWithDefaults,
  openCredentials as deviceCredentials,
  sealCredentials,
} from '../../../src/device-access/index.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { EventBus } from '../../../src/poller/event-bus.ts'
import { DeviceRuntime } from '../../../src/poller/device-runtime.ts'
import { pollDevice } from '../../../src/poller/poll-device.ts'
import { connect } from '../../../src/routeros/connect.ts'
import { startOutpost, type RunningOutpost } from '../../../src/startup.ts'
import { startSim, type Sim } from '../poller/poller-harness.ts'

const PASS = 'correct horse battery staple'
const dirs: string[] = []
const running: RunningOutpost[] = []
const sims: Sim[] = []
afterAll(async () => {
  for (const o of running) await o.stop()
  for (const s of sims) await s.server.close()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
const silent = new Writable({ write: (_c, _e, done) => done() })

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'outpost-restore-'))
  dirs.push(d)
  return d
}

async function start(dataDir: string): Promise<RunningOutpost> {
  const o = await startOutpost(
    {
      OUTPOST_DATA_DIR: dataDir,
      OUTPOST_PORT: '0',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_ARGON2_PROFILE: 'light',
    },
    { logDestination: silent },
  )
  running.push(o)
  return o
}

describe('appliance backup and restore', () => {
  let archive: Buffer
  let tenantId: TenantId
  let deviceId: DeviceId
  let sim: Sim

  it('restores users, devices (credentials decrypt, the device polls) and the audit chain into a fresh data directory', async () => {
    const a = await start(tmp())
    sim = await startSim(undefined, 'restored-router')
    sims.push(sim)
    tenantId = newId<TenantId>()
    deviceId = newId<DeviceId>()
    const now = Date.now()
    await a.deps.db
      .insertInto('tenants')
      .values({ id: tenantId, name: 'Acme', created_at: now })
      .execute()
    const scope = forTenant(a.deps.kysely, tenantId)
    const sealed = sealCredentials(
      await dataKeyFor(a.deps, scope),
      tenantId,
      deviceId,
      { username: 'admin', password: '' },
      endpointWithDefaults({ host: '127.0.0.1', api_port: sim.server.port }),
    )
    await scope
      .insertInto('devices', {
        id: deviceId,
        name: 'edge-1',
        host: '127.0.0.1',
        host2: null,
        api_port: sim.server.port,
        tls_fingerprint: null,
        tls_ca_pem: null,
        ssh_host_key: null,
        site_id: null,
        latitude: null,
        longitude: null,
        identity: null,
        board: null,
        version: null,
        serial: null,
        last_error: null,
        last_seen_at: null,
        last_polled_at: null,
        created_at: now,
        updated_at: now,
        ...sealed,
      })
      .execute()
    const usersBefore = await a.deps.db
      .selectFrom('users')
      .select(['username', 'password_hash'])
      .execute()
    const auditBefore = await verifyAuditChain(a.deps.db)
    expect(auditBefore.ok).toBe(true)

    const snap = await createSnapshot(snapshotSource(a.deps), PASS)
    archive = snap.bytes
    expect(archive.subarray(0, 8).toString()).toBe('OUTPOSTB')
    // the archive is encrypted: neither the user's e-mail nor the master key appear in it
    expect(archive.includes(Buffer.from(usersBefore[0]!.username))).toBe(false)
    expect(archive.includes(Buffer.from(a.deps.secrets.masterKey.toString('base64')))).toBe(false)
    await a.stop()

    const fresh = tmp()
    stageRestore(fresh, archive, PASS)
    const b = await start(fresh)
    expect(
      await b.deps.db.selectFrom('users').select(['username', 'password_hash']).execute(),
    ).toEqual(usersBefore)
    expect(b.deps.secrets.masterKey.equals(a.deps.secrets.masterKey)).toBe(true)
    const audit = await verifyAuditChain(b.deps.db)
    // every entry of the snapshot, plus the restore recorded on top
    expect(audit).toEqual({ ok: true, count: (auditBefore as { count: number }).count + 1 })

    const bScope = forTenant(b.deps.kysely, tenantId)
    const row = await bScope
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', deviceId)
      .executeTakeFirstOrThrow()
    expect(await deviceCredentials(b.deps, bScope, row)).toEqual({
      username: 'admin',
      password: '',
    })
    const rt = new DeviceRuntime(tenantId, deviceId, Date.now(), 'unknown', connect)
    const polled = await pollDevice(
      {
        log: b.deps.log,
        now: () => Date.now(),
        metrics: b.poller.metrics,
        bus: new EventBus(),
        credentials: (s, d) => deviceCredentials(b.deps, s, d),
        connectTimeoutMs: 3000,
        commandTimeoutMs: 3000,
      },
      rt,
      bScope,
    )
    await rt.connection.drop()
    expect(polled).toBe(true)
    const after = await bScope
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', deviceId)
      .executeTakeFirstOrThrow()
    expect(after.last_error).toBeNull()
    expect(after.identity).toBe('restored-router')
    await b.stop()
  })

  it('refuses a wrong passphrase, a truncated or altered archive and a newer schema, leaving the data untouched', async () => {
    const dir = tmp()
    const before = readdirSync(dir)
    expect(() => stageRestore(dir, archive, 'not the passphrase')).toThrow(
      new ArchiveError('wrong passphrase'),
    )
    expect(() => stageRestore(dir, archive.subarray(0, archive.length - 100), PASS)).toThrow(
      /damaged or truncated/,
    )
    const flipped = Buffer.from(archive)
    flipped[200] = flipped[200]! ^ 0xff
    expect(() => stageRestore(dir, flipped, PASS)).toThrow(/damaged or truncated/)
    expect(() => stageRestore(dir, Buffer.from('hello'), PASS)).toThrow(
      /not an Outpost appliance backup/,
    )
    const future = sealArchive(
      {
        createdAt: new Date().toISOString(),
        appVersion: '9.9.9',
        migrations: ['0001-core', '9999-future'],
      },
      new Map([
        ['outpost.db', Buffer.from('x')],
        ['secrets.json', Buffer.from('{}')],
      ]),
      PASS,
    )
    expect(() => stageRestore(dir, future, PASS)).toThrow(
      /newer Outpost \(9\.9\.9, schema 9999-future\); upgrade this appliance first/,
    )
    const garbage = sealArchive(
      { createdAt: new Date().toISOString(), appVersion: '0.1.0', migrations: [] },
      new Map([
        ['outpost.db', Buffer.alloc(8192, 7)],
        ['secrets.json', Buffer.from('{}')],
      ]),
      PASS,
    )
    expect(() => stageRestore(dir, garbage, PASS)).toThrow(/archive database outpost\.db/)
    expect(readdirSync(dir)).toEqual(before)
    expect(existsSync(join(dir, '.restore-staged'))).toBe(false)
  })
})
