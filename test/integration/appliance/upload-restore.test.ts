// Restore from an archive uploaded on the backups page, on the real server while its poller
// polls a simulated router: a wrong passphrase, a truncated or altered file, an archive of a
// newer schema and a non-archive are each refused with a clear message, audited, and leave the
// data and the poller untouched; a good archive restarts the service into the restored data,
// and the device is polled again afterwards.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasStagedRestore } from '../../../src/appliance-backup/index.ts'
import { sealArchive } from '../../../src/appliance-backup/archive.ts'
import { hashPassword } from '../../../src/auth/index.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import {
  dataKeyFor,
  endpointWithDefaults,
  sealCredentials,
} from '../../../src/device-access/index.ts'
import { newId, type TenantId, type UserId } from '../../../src/lib/ids.ts'
import { startOutpost, type RunningOutpost } from '../../../src/startup.ts'
import { Browser } from '../../support/http-browser.ts'
import { startSim, type Sim } from '../poller/poller-harness.ts'
import { auditRow, auditRows } from '../../support/audit.ts'

const PASS = 'upload restore passphrase'
const work = mkdtempSync(join(tmpdir(), 'outpost-upload-'))
const silent = new Writable({ write: (_c, _e, done) => done() })
let outpost: RunningOutpost
let restarted: Promise<void> | undefined
let sim: Sim
const tenantId = newId<TenantId>()
const deviceId = newId<DeviceId>()

async function start(): Promise<void> {
  outpost = await startOutpost(
    {
      OUTPOST_DATA_DIR: work,
      OUTPOST_PORT: '0',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_ARGON2_PROFILE: 'light',
      OUTPOST_HTTPS_PORT: '0',
      OUTPOST_RECOVERY_PORT: '0',
    },
    {
      logDestination: silent,
      onRestart: () => {
        restarted = (async () => {
          await outpost.stop()
          await start()
        })()
      },
    },
  )
}

beforeAll(async () => {
  await start()
  sim = await startSim(undefined, 'upload-router')
  const now = Date.now()
  await outpost.deps.db
    .insertInto('tenants')
    .values({ id: tenantId, name: 'Acme', created_at: now })
    .execute()
  const scope = forTenant(outpost.deps.kysely, tenantId)
  const sealed = sealCredentials(
    await dataKeyFor(outpost.deps, scope),
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
      poll_interval_s: 1,
      ...sealed,
    })
    .execute()
  const id = newId<UserId>(now)
  await outpost.deps.db
    .insertInto('users')
    .values({
      id,
      username: 'root',
      display_name: null,
      password_hash: await hashPassword(PASS, 'light'),
      is_super_admin: 1,
      created_at: now,
      updated_at: now,
      password_changed_at: now,
    })
    .execute()
}, 30_000)

afterAll(async () => {
  await restarted
  await outpost.stop()
  await sim.server.close()
  rmSync(work, { recursive: true, force: true })
})

async function signedIn(): Promise<Browser> {
  const b = new Browser(outpost.url)
  const res = await b.req('POST', '/login', {
    form: { username: 'root', password: PASS, _csrf: await b.token('/login') },
  })
  expect(res.headers.get('location')).toBe('/')
  return b
}

async function upload(b: Browser, bytes: Uint8Array, passphrase: string): Promise<Response> {
  const form = new FormData()
  form.set('_csrf', await b.token('/settings/backups'))
  form.set('archive', new Blob([bytes]), 'appliance.opbk')
  form.set('archive_passphrase', passphrase)
  const Cookie = [...b.jar].map(([k, v]) => `${k}=${v}`).join('; ')
  return fetch(`${outpost.url}/settings/backups/upload`, {
    method: 'POST',
    body: form,
    headers: { Origin: outpost.url, Cookie },
    redirect: 'manual',
  })
}

async function lastPolledAt(): Promise<number> {
  const row = await forTenant(outpost.deps.kysely, tenantId)
    .selectFrom('devices')
    .select('last_polled_at')
    .where('id', '=', deviceId)
    .executeTakeFirst()
  return row?.last_polled_at ?? 0
}

async function polledAfter(t: number): Promise<void> {
  for (let i = 0; i < 100 && (await lastPolledAt()) <= t; i++)
    await new Promise((r) => setTimeout(r, 100))
  expect(await lastPolledAt()).toBeGreaterThan(t)
}

describe('restore from an uploaded archive', () => {
  it('refuses bad archives clearly while the poller keeps polling, then restores a good one and polls again', async () => {
    await polledAfter(0)
    const b = await signedIn()
    const download = await b.req('POST', '/settings/backups/download', {
      form: { passphrase: PASS, _csrf: await b.token('/settings/backups') },
    })
    expect(download.status).toBe(200)
    const archive = new Uint8Array(await download.arrayBuffer())
    // a change after the backup: the restore must take it away
    await outpost.deps.db
      .updateTable('users')
      .set({ display_name: 'changed after the backup' })
      .where('username', '=', 'root')
      .execute()

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
    const altered = Buffer.from(archive)
    altered[300] = altered[300]! ^ 0xff
    const refusals: [Uint8Array, string, string][] = [
      [archive, 'not the passphrase', 'Restore refused: wrong passphrase. Nothing was changed.'],
      [archive.subarray(0, archive.length - 200), PASS, 'archive is damaged or truncated'],
      [archive.subarray(0, 40), PASS, 'not an Outpost appliance backup (or the file is truncated)'],
      [altered, PASS, 'archive is damaged or truncated'],
      [
        future,
        PASS,
        'archive was made by a newer Outpost (9.9.9, schema 9999-future); upgrade this appliance first',
      ],
      [new Uint8Array(0), PASS, 'Choose an archive file (.opbk).'],
    ]
    for (const [bytes, passphrase, message] of refusals) {
      const before = await lastPolledAt()
      const res = await upload(b, bytes, passphrase)
      expect(res.status).toBe(422)
      expect(await res.text()).toContain(message.replace(/'/g, '&#39;'))
      expect(hasStagedRestore(work)).toBe(false)
      await polledAfter(before)
    }
    const user = await outpost.deps.db
      .selectFrom('users')
      .select('display_name')
      .where('username', '=', 'root')
      .executeTakeFirstOrThrow()
    expect(user.display_name).toBe('changed after the backup')
    const failures = await auditRows(outpost.deps, (q) =>
      q.where('action', '=', 'appliance.restore').where('outcome', '=', 'failure'),
    )
    expect(failures).toHaveLength(5)

    const ok = await upload(b, archive, PASS)
    expect(ok.status).toBe(303)
    // main.ts restarts in-process shortly after the answer
    for (let i = 0; i < 50 && restarted === undefined; i++)
      await new Promise((r) => setTimeout(r, 50))
    expect(restarted).toBeDefined()
    await restarted
    const after = await outpost.deps.db
      .selectFrom('users')
      .select('display_name')
      .where('username', '=', 'root')
      .executeTakeFirstOrThrow()
    expect(after.display_name).toBeNull()
    // the restored trail ends at the snapshot; the restore itself is the next entry
    const audit = await auditRow(outpost.deps, (q) => q.orderBy('seq', 'desc'))
    expect(audit).toMatchObject({ action: 'appliance.restore_applied', outcome: 'success' })
    await polledAfter(Date.now())
  }, 60_000)

  it('is for super admins only', async () => {
    const now = Date.now()
    await outpost.deps.db
      .insertInto('users')
      .values({
        id: newId<UserId>(now),
        username: 'plain',
        display_name: null,
        password_hash: await hashPassword(PASS, 'light'),
        created_at: now,
        updated_at: now,
        password_changed_at: now,
      })
      .execute()
    const b = new Browser(outpost.url)
    await b.req('POST', '/login', {
      form: { username: 'plain', password: PASS, _csrf: await b.token('/login') },
    })
    const form = new FormData()
    form.set('_csrf', await b.token('/account'))
    form.set('archive', new Blob([Buffer.alloc(11 * 1024 * 1024)]), 'big.opbk')
    const Cookie = [...b.jar].map(([k, v]) => `${k}=${v}`).join('; ')
    const res = await fetch(`${outpost.url}/settings/backups/upload`, {
      method: 'POST',
      body: form,
      headers: { Origin: outpost.url, Cookie },
      redirect: 'manual',
    })
    // over the ordinary body limit: the large limit is a super admin's only
    expect(res.status).toBe(413)
  })
})
