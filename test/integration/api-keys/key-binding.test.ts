// API keys are bound to their creator's membership (issue 7, medium): a key acts with the lower
// of its role and its creator's current role, and stops when the creator is disabled or leaves.
import { beforeEach, afterEach, describe, expect, it } from 'vitest'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createFullTestApp, type FullTestApp } from '../../support/full-app.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'
import { auditRow } from '../../support/audit.ts'

let t: FullTestApp
let tenant: { id: TenantId; name: string }
let creator: TestAgent & { userId: string; username: string }
let boss: TestAgent & { userId: string; username: string }

beforeEach(async () => {
  t = await createFullTestApp()
  tenant = await makeTenant(t.deps, 'Bound Keys')
  creator = await loginAs(t, 'admin', tenant.id)
  boss = await loginAs(t, 'admin', tenant.id)
})
afterEach(() => t.close())

async function createKey(by: TestAgent, name: string, role = 'operator') {
  const res = await by.post('/api-keys', { name, role })
  expect(res.status).toBe(200)
  return (await res.text()).match(/opk_[0-9A-Za-z]{32}/)?.[0] ?? ''
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } })

/** What the key may do now: its role per /me, and whether an operator-only write gets through. */
async function power(token: string): Promise<{ status: number; role?: string; write?: number }> {
  const me = await t.agent().get('/api/v1/me', bearer(token))
  if (me.status !== 200) return { status: me.status }
  const role = ((await me.json()) as { role: string }).role
  // an empty body: an operator gets 422 (it got in), a viewer 403
  const write = await t.agent().request('POST', '/api/v1/devices', { ...bearer(token), json: {} })
  return { status: 200, role, write: write.status }
}

async function keysPage(): Promise<string> {
  return visibleText(await (await boss.get('/api-keys')).text())
}

describe('an API key bound to its creator', () => {
  it('acts as viewer once its creator is demoted to viewer, and says so on the page', async () => {
    const token = await createKey(creator, 'deploy bot')
    expect(await power(token)).toEqual({ status: 200, role: 'operator', write: 422 })
    expect((await boss.post(`/users/${creator.userId}/role`, { role: 'viewer' })).status).toBe(303)
    expect(await power(token)).toEqual({ status: 200, role: 'viewer', write: 403 })
    const page = await keysPage()
    expect(page).toContain('limited')
    expect(page).toContain(`${creator.username} is now viewer`)
  })

  it('stops when its creator is disabled', async () => {
    const token = await createKey(creator, 'nightly export', 'viewer')
    expect((await power(token)).status).toBe(200)
    expect((await boss.post(`/users/${creator.userId}/disable`)).status).toBe(303)
    expect(await power(token)).toEqual({ status: 401 })
    expect(await keysPage()).toContain(`stopped ${creator.username} is disabled.`)
    // enabling the account again brings the key back: the binding is evaluated on each request
    expect((await boss.post(`/users/${creator.userId}/enable`)).status).toBe(303)
    expect((await power(token)).role).toBe('viewer')
  })

  it('stops when its creator is removed from the tenant', async () => {
    const token = await createKey(creator, 'inventory sync')
    expect((await boss.post(`/users/${creator.userId}/remove`)).status).toBe(303)
    expect(await power(token)).toEqual({ status: 401 })
    expect(await keysPage()).toContain(`${creator.username} no longer belongs to this tenant.`)
  })

  it('can be re-issued by an admin under their own name: new token shown once, old one revoked, audited', async () => {
    const old = await createKey(creator, 'grafana')
    expect((await boss.post(`/users/${creator.userId}/remove`)).status).toBe(303)
    const row = await t.deps.unscoped
      .selectFrom('api_keys')
      .selectAll()
      .where('name', '=', 'grafana')
      .executeTakeFirstOrThrow()
    const res = await boss.post(`/api-keys/${row.id}/reissue`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const fresh = (await res.text()).match(/opk_[0-9A-Za-z]{32}/)?.[0] ?? ''
    expect(fresh).not.toBe('')
    expect(fresh).not.toBe(old)
    expect(await power(fresh)).toEqual({ status: 200, role: 'operator', write: 422 })
    expect(await power(old)).toEqual({ status: 401 })
    const keys = await t.deps.unscoped
      .selectFrom('api_keys')
      .selectAll()
      .where('name', '=', 'grafana')
      .orderBy('created_at')
      .execute()
    expect(keys).toHaveLength(2)
    expect(keys.find((k) => k.id === row.id)?.revoked_at).not.toBeNull()
    expect(keys.find((k) => k.id !== row.id)?.created_by_user_id).toBe(boss.userId)
    const audit = await auditRow(t.deps, (q) => q.where('action', '=', 'api_key.reissue'))
    expect(audit.actor_id).toBe(boss.userId)
    expect(JSON.parse(audit.details_json)).toMatchObject({ replaces: row.id, role: 'operator' })
    expect(JSON.stringify(audit)).not.toContain(fresh)
    // a revoked key is not re-issued a second time
    expect((await boss.post(`/api-keys/${row.id}/reissue`)).status).toBe(409)
  })

  it('is re-issued only by an admin of the same tenant', async () => {
    await createKey(creator, 'private')
    const row = await t.deps.unscoped
      .selectFrom('api_keys')
      .select('id')
      .where('name', '=', 'private')
      .executeTakeFirstOrThrow()
    const operator = await loginAs(t, 'operator', tenant.id)
    const stranger = await loginAs(t, 'admin', (await makeTenant(t.deps)).id)
    expect((await operator.post(`/api-keys/${row.id}/reissue`)).status).toBe(403)
    expect((await stranger.post(`/api-keys/${row.id}/reissue`)).status).toBe(404)
  })
})
