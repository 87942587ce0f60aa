// Account deletion (issue 19, Art. 17) through the real app: the user on the account page and
// the JSON API, tenant admins on the users page; refusals; what is gone and what the audit keeps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiKey } from '../../../src/api-keys/index.ts'
import {
  auditKeysOf,
  canonicalJson,
  recordAudit,
  verifyAuditChain,
} from '../../../src/audit/index.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { sha256Hex } from '../../../src/lib/crypto.ts'
import { newId, type TenantId, type UserId } from '../../../src/lib/ids.ts'
import { LAST_SUPER_ADMIN } from '../../../src/privacy/index.ts'
import { auditRows } from '../../support/audit.ts'
import { rawQuery, rawValue } from '../../support/raw-sql.ts'
import {
  loginAs,
  makeTenant,
  makeUser,
  signIn,
  startSessionFor,
  TEST_PASSWORD,
} from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'

let t: TestApp
let tenant: { id: TenantId; name: string }
let root: TestAgent & { userId: UserId; username: string }
beforeEach(async () => {
  t = await createTestApp()
  tenant = await makeTenant(t.deps)
  root = await loginAs(t, 'super_admin')
})
afterEach(() => t.close())

const count = (table: string, where: string, value: string) =>
  rawValue(t.deps, `SELECT count(*) FROM ${table} WHERE ${where} = ?`, [value])

/** A member with two open sessions, an e-mail address, a passkey, TOTP, a reset link, an API key. */
async function richUser(username: string) {
  const u = await makeUser(t.deps, {
    username,
    memberships: [{ tenantId: tenant.id, role: 'admin' }],
  })
  const now = t.deps.clock.now()
  const email = `${username}@example.net`
  await t.deps.db.updateTable('users').set({ email }).where('id', '=', u.id).execute()
  const here = t.agent()
  const elsewhere = t.agent()
  await startSessionFor(t, here, u.id, tenant.id)
  await startSessionFor(t, elsewhere, u.id, tenant.id)
  await t.deps.db
    .insertInto('user_passkeys')
    .values({
      id: newId(now),
      user_id: u.id,
      credential_id: `cred-${username}`,
      public_key: 'pk',
      name: 'laptop',
      created_at: now,
    })
    .execute()
  await t.deps.db
    .insertInto('user_second_factors')
    .values({ user_id: u.id, secret_sealed: 'v1.x.y', created_at: now, confirmed_at: now })
    .execute()
  await t.deps.db
    .insertInto('password_reset_tokens')
    .values({
      id: newId(now),
      user_id: u.id,
      token_hash: `h-${username}`,
      created_at: now,
      expires_at: now + 1e6,
    })
    .execute()
  const actor = { kind: 'user' as const, id: u.id, name: username, userId: u.id, ip: null }
  const scope = forTenant(t.deps.kysely, tenant.id)
  const key = await createApiKey(t.deps, actor, scope, { name: 'ci', role: 'viewer' })
  // an entry naming the user as target, with the address in its (sealed) details
  await recordAudit(
    t.deps.db,
    {
      tenantId: tenant.id,
      actor: { kind: 'user', id: root.userId, name: root.username },
      ip: '192.0.2.1',
      action: 'test.user_note',
      target: { type: 'user', id: u.id, label: username },
      outcome: 'success',
      details: { address: email },
    },
    now,
  )
  // a failed and a right password (which then asks for the second factor), as the user left them
  expect((await signIn(t.agent(), username, 'wrong password')).status).toBe(401)
  expect((await signIn(t.agent(), username, TEST_PASSWORD)).status).toBe(303)
  return { ...u, email, here, elsewhere, apiKey: key.token }
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } })

describe('deleting my own account', () => {
  it('removes the account and everything of it, pseudonymises the audit trail, shows a receipt once', async () => {
    const alice = await richUser('alice-leaving')
    const account = await (await alice.here.get('/account')).text()
    expect(account).toContain('Delete my account')
    expect((await t.agent().get('/api/v1/me', bearer(alice.apiKey))).status).toBe(200)

    const wrong = await alice.here.post('/account/delete', { password: 'not it' })
    expect(wrong.status).toBe(422)
    expect(await wrong.text()).toContain('This is not your password. Nothing was deleted.')
    expect(await count('users', 'id', alice.id)).toBe(1)

    const res = await alice.here.post('/account/delete', { password: TEST_PASSWORD })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const page = await res.text()
    const [receiptRow] = await t.deps.db.selectFrom('account_deletions').selectAll().execute()
    expect(receiptRow).toBeDefined()
    const pseudonym = receiptRow!.pseudonym
    expect(pseudonym).toMatch(/^deleted-user-[0-9a-f]{10}$/)
    expect(page).toContain(pseudonym)
    expect(page).toContain(receiptRow!.receipt_hash)
    // the receipt hash is over the receipt as kept
    expect(sha256Hex(canonicalJson(JSON.parse(receiptRow!.receipt_json)))).toBe(
      receiptRow!.receipt_hash,
    )
    expect(JSON.parse(receiptRow!.receipt_json)).toMatchObject({
      deletedBy: 'the account itself',
      removed: {
        account: 1,
        memberships: 1,
        sessions: 2,
        passkeys: 1,
        authenticatorApps: 1,
        resetTokens: 1,
        apiKeysRevoked: 1,
      },
    })

    // gone, and the session open in another browser stops at once
    for (const [table, column] of [
      ['users', 'id'],
      ['refresh_tokens', 'user_id'],
      ['user_passkeys', 'user_id'],
      ['user_second_factors', 'user_id'],
      ['password_reset_tokens', 'user_id'],
    ] as const)
      expect(await count(table, column, alice.id), table).toBe(0)
    expect((await alice.elsewhere.get('/account')).status).toBeGreaterThanOrEqual(300)
    expect((await alice.elsewhere.get('/api/v1/me')).status).toBe(401)
    // the API key it created is revoked and no longer linked to the account
    expect((await t.agent().get('/api/v1/me', bearer(alice.apiKey))).status).toBe(401)
    const keys = await rawQuery(t.deps, 'SELECT revoked_at, created_by_user_id FROM api_keys')
    expect(keys).toEqual([{ revoked_at: expect.any(Number), created_by_user_id: null }])
    // the name and address are nowhere in the audit trail: page, CSV, raw rows
    const audit = await (await root.get('/audit?tenant=all')).text()
    const csv = await (await root.get('/audit/export.csv?tenant=all')).text()
    const raw = JSON.stringify(await auditRows(t.deps))
    for (const [where, text] of [
      ['page', audit],
      ['csv', csv],
      ['rows', raw],
    ] as const) {
      expect(text, where).not.toContain('alice-leaving')
      expect(text, where).toContain(pseudonym)
    }
    // the actions are kept, the chain verifies with and without keys
    const rows = await auditRows(t.deps)
    const login = rows.find((r) => r.action === 'auth.login')
    expect(login).toMatchObject({
      actor_name: pseudonym,
      actor_id: null,
      ip: null,
      outcome: 'failure',
    })
    expect(login?.details).toMatchObject({ reason: 'bad_password' })
    expect(rows.find((r) => r.action === 'test.user_note')?.details).toEqual({
      erased: 'details removed with a deleted account',
    })
    const erased = rows.filter((r) => r.erased_at !== null).length
    expect(erased).toBeGreaterThanOrEqual(4)
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ ok: true, erased })
    expect(await verifyAuditChain(t.deps.db, auditKeysOf(t.deps.db))).toMatchObject({
      ok: true,
      erased,
    })
    const done = rows.at(-1)
    expect(done).toMatchObject({
      action: 'account.delete',
      actor_name: pseudonym,
      outcome: 'success',
    })
    expect(done?.details).toMatchObject({ receiptHash: receiptRow!.receipt_hash })
  })

  it('refuses the last super admin, and changes nothing', async () => {
    const res = await root.post('/account/delete', { password: TEST_PASSWORD })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain(LAST_SUPER_ADMIN.replace(/'/g, '&#39;'))
    expect(await count('users', 'id', root.userId)).toBe(1)
    expect((await root.get('/account')).status).toBe(200)
    const [refused] = await auditRows(t.deps, (q) => q.where('action', '=', 'account.delete'))
    expect(refused).toMatchObject({ outcome: 'failure', actor_id: root.userId })
    expect(refused?.details).toEqual({ reason: 'last_super_admin' })
  })

  it('through the API: an API key is refused, a wrong password too, the right one answers the receipt', async () => {
    const bob = await richUser('bob-api')
    const byKey = await t.agent().request('DELETE', '/api/v1/me', {
      ...bearer(bob.apiKey),
      json: { password: TEST_PASSWORD },
    })
    expect(byKey.status).toBe(403)
    const wrong = await bob.here.request('DELETE', '/api/v1/me', { json: { password: 'nope' } })
    expect(wrong.status).toBe(422)
    const empty = await bob.here.request('DELETE', '/api/v1/me', { json: {} })
    expect(empty.status).toBe(422)
    expect(await count('users', 'id', bob.id)).toBe(1)
    const ok = await bob.here.request('DELETE', '/api/v1/me', { json: { password: TEST_PASSWORD } })
    expect(ok.status).toBe(200)
    const { receipt } = (await ok.json()) as { receipt: { pseudonym: string; hash: string } }
    expect(receipt.hash).toMatch(/^[0-9a-f]{64}$/)
    expect((await bob.here.get('/api/v1/me')).status).toBe(401)
    const refusals = (
      await auditRows(t.deps, (q) => q.where('action', '=', 'account.delete').orderBy('seq'))
    )
      .filter((r) => r.outcome === 'failure')
      .map((r) => r.details.reason)
    expect(refusals).toEqual(['not_a_user', 'bad_password'])
  })
})

describe('a tenant admin deleting a member account', () => {
  it('deletes a member of this tenant only, and refuses shared, foreign and own accounts', async () => {
    const other = await makeTenant(t.deps)
    const admin = await loginAs(t, 'admin', tenant.id)
    const only = await makeUser(t.deps, { memberships: [{ tenantId: tenant.id, role: 'viewer' }] })
    const shared = await makeUser(t.deps, {
      memberships: [
        { tenantId: tenant.id, role: 'viewer' },
        { tenantId: other.id, role: 'viewer' },
      ],
    })
    const foreign = await makeUser(t.deps, {
      memberships: [{ tenantId: other.id, role: 'viewer' }],
    })

    expect(await (await admin.get(`/users/${only.id}`)).text()).toContain(
      `Delete account of ${only.username}`,
    )
    const sharedPage = await (await admin.get(`/users/${shared.id}`)).text()
    expect(sharedPage).toContain('This user also belongs to other tenants; ask a super admin.')
    expect(sharedPage).not.toContain(`/users/${shared.id}/delete-account`)

    const wrong = await admin.post(`/users/${only.id}/delete-account`, { password: 'nope' })
    expect(wrong.status).toBe(303)
    expect(await count('users', 'id', only.id)).toBe(1)

    const refusedShared = await admin.post(`/users/${shared.id}/delete-account`, {
      password: TEST_PASSWORD,
    })
    expect(refusedShared.status).toBe(403)
    expect(await refusedShared.text()).toContain('belongs to other tenants')
    const refusedForeign = await admin.post(`/users/${foreign.id}/delete-account`, {
      password: TEST_PASSWORD,
    })
    expect(refusedForeign.status).toBe(404)
    const refusedSelf = await admin.post(`/users/${admin.userId}/delete-account`, {
      password: TEST_PASSWORD,
    })
    expect(refusedSelf.status).toBe(403)
    for (const id of [shared.id, foreign.id, admin.userId])
      expect(await count('users', 'id', id)).toBe(1)

    const ok = await admin.post(`/users/${only.id}/delete-account`, { password: TEST_PASSWORD })
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('The account was deleted')
    expect(await count('users', 'id', only.id)).toBe(0)

    const entries = await auditRows(t.deps, (q) =>
      q.where('action', '=', 'account.delete').orderBy('seq'),
    )
    expect(entries.map((e) => [e.outcome, e.details.reason ?? 'deleted'])).toEqual([
      ['failure', 'bad_password'],
      ['failure', 'account_shared'],
      ['failure', 'user_not_found'],
      ['failure', 'own_account'],
      ['success', 'deleted'],
    ])
    expect(entries.at(-1)).toMatchObject({ actor_id: admin.userId, tenant_id: tenant.id })
    expect(await verifyAuditChain(t.deps.db, auditKeysOf(t.deps.db))).toMatchObject({ ok: true })
  })
})
