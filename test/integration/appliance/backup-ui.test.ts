// The super admin's backup page on the real app: download an encrypted archive, take a local
// snapshot, restore it (wrong passphrase refused with nothing staged), and the audit entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasStagedRestore, openArchive } from '../../../src/appliance-backup/index.ts'
import { createFullTestApp, type FullTestApp } from '../../support/full-app.ts'
import { loginAs } from '../../support/login.ts'

let h: FullTestApp
beforeAll(async () => {
  h = await createFullTestApp()
})
afterAll(() => h.close())

describe('appliance backups page', () => {
  it('downloads an archive encrypted with the given passphrase, refusing a short one', async () => {
    const root = await loginAs(h, 'super_admin')
    const page = await root.get('/settings/backups')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Download backup')

    const short = await root.post('/settings/backups/download', { passphrase: 'short' })
    expect(short.status).toBe(422)
    expect(await short.text()).toContain('At least 12 characters.')

    const res = await root.post('/settings/backups/download', { passphrase: 'a fine passphrase' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="outpost-\d{8}T\d{6}Z\.opbk"$/,
    )
    const { manifest, files } = openArchive(
      Buffer.from(await res.arrayBuffer()),
      'a fine passphrase',
    )
    expect(manifest.migrations.length).toBeGreaterThan(0)
    expect([...files.keys()]).toEqual(expect.arrayContaining(['outpost.db', 'secrets.json']))
    const actions = await h.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'appliance.backup_download')
      .execute()
    expect(actions).toHaveLength(1)
  })

  it('takes a snapshot and restores it; a wrong passphrase stages nothing', async () => {
    const root = await loginAs(h, 'super_admin')
    expect((await root.post('/settings/backups/snapshot')).status).toBe(303)
    const list = (await (await root.get('/api/v1/appliance/backups')).json()) as {
      snapshots: { name: string }[]
    }
    expect(list.snapshots).toHaveLength(1)
    const name = list.snapshots[0]!.name

    const wrong = await root.post('/settings/backups/restore', {
      name,
      passphrase: 'not the passphrase',
    })
    expect(wrong.status).toBe(422)
    expect(await wrong.text()).toContain('Restore refused: wrong passphrase. Nothing was changed.')
    expect(hasStagedRestore(h.deps.config.dataDir)).toBe(false)

    const bad = await root.post('/settings/backups/restore', {
      name: '../outpost.db',
      passphrase: '',
    })
    expect(bad.status).toBe(422)

    const ok = await root.post('/settings/backups/restore', { name, passphrase: '' })
    expect(ok.status).toBe(303)
    expect(hasStagedRestore(h.deps.config.dataDir)).toBe(true)
    const outcomes = await h.deps.db
      .selectFrom('audit_log')
      .select('outcome')
      .where('action', '=', 'appliance.restore')
      .execute()
    expect(outcomes.map((o) => o.outcome)).toEqual(['failure', 'success'])
  })
})
