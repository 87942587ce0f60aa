// Factories and sign-in helpers for route tests: makeTenant, makeUser, loginAs(role, tenant).
// loginAs mints a session directly (no argon2 work, no rate limit); signIn goes through POST /login.
import { hashPassword } from '../../src/auth/password-hash.ts'
import { issueTokens } from '../../src/auth/session-tokens.ts'
import type { TenantRole } from '../../src/auth/auth.types.ts'
import { withTransaction } from '../../src/db/with-transaction.ts'
import {
  newId,
  type MembershipId,
  type TenantId,
  type TokenFamilyId,
  type UserId,
} from '../../src/lib/ids.ts'
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../../src/http/session-cookies.ts'
import type { TestDeps } from './db.ts'
import type { TestAgent, TestApp } from './test-app.ts'

export const TEST_PASSWORD = 'correct horse battery staple'
let testHash: Promise<string> | undefined

/** One argon2 hash of TEST_PASSWORD per test process (light profile, as createTestDeps sets). */
function testPasswordHash(): Promise<string> {
  testHash ??= hashPassword(TEST_PASSWORD, 'light')
  return testHash
}

let seq = 0
const unique = (prefix: string) => `${prefix}${++seq}${Math.random().toString(36).slice(2, 6)}`

export async function makeTenant(
  deps: TestDeps,
  name = unique('tenant-'),
): Promise<{ id: TenantId; name: string }> {
  const id = newId<TenantId>(deps.clock.now())
  await deps.db
    .insertInto('tenants')
    .values({ id, name, created_at: deps.clock.now(), is_disabled: 0 })
    .execute()
  return { id, name }
}

export interface MakeUserOptions {
  username?: string
  password?: string
  superAdmin?: boolean
  mustChangePassword?: boolean
  disabled?: boolean
  memberships?: { tenantId: TenantId; role: TenantRole }[]
}

export async function makeUser(
  deps: TestDeps,
  o: MakeUserOptions = {},
): Promise<{ id: UserId; username: string; password: string }> {
  const now = deps.clock.now()
  const id = newId<UserId>(now)
  const username = o.username ?? unique('user')
  const password = o.password ?? TEST_PASSWORD
  const hash =
    password === TEST_PASSWORD ? await testPasswordHash() : await hashPassword(password, 'light')
  await withTransaction(deps, async (tx) => {
    await tx.global
      .insertInto('users')
      .values({
        id,
        username,
        display_name: null,
        password_hash: hash,
        is_super_admin: o.superAdmin ? 1 : 0,
        must_change_password: o.mustChangePassword ? 1 : 0,
        is_disabled: o.disabled ? 1 : 0,
        created_at: now,
        updated_at: now,
        password_changed_at: null,
      })
      .execute()
    for (const m of o.memberships ?? []) {
      await tx
        .scope(m.tenantId)
        .insertInto('memberships', {
          id: newId<MembershipId>(now),
          user_id: id,
          role: m.role,
          created_at: now,
        })
        .execute()
    }
  })
  return { id, username, password }
}

/** Gives the agent a fresh session of this user (as if they had just signed in). */
export async function startSessionFor(
  t: TestApp,
  agent: TestAgent,
  userId: UserId,
  tenantId: TenantId | null = null,
): Promise<void> {
  const now = t.deps.clock.now()
  const tokens = await withTransaction(t.deps, (tx) =>
    issueTokens(tx.global, t.deps.secrets.tokenKey, {
      userId,
      familyId: newId<TokenFamilyId>(now),
      tenantId,
      meta: { ip: agent.ip, userAgent: 'test' },
      now,
    }),
  )
  agent.cookies.set(ACCESS_COOKIE, tokens.access)
  agent.cookies.set(REFRESH_COOKIE, tokens.refresh)
}

export type LoginRole = TenantRole | 'super_admin'

/**
 * A signed-in agent with `role` in `tenantId` (a super admin needs no tenant).
 * @example const viewer = await loginAs(t, 'viewer', tenantA.id)
 */
export async function loginAs(
  t: TestApp,
  role: LoginRole,
  tenantId?: TenantId,
): Promise<TestAgent & { userId: UserId; username: string }> {
  if (role !== 'super_admin' && !tenantId) throw new Error(`loginAs(${role}) needs a tenant`)
  const user = await makeUser(t.deps, {
    superAdmin: role === 'super_admin',
    memberships: role === 'super_admin' || !tenantId ? [] : [{ tenantId, role }],
  })
  const agent = t.agent()
  await startSessionFor(t, agent, user.id, tenantId ?? null)
  return Object.assign(agent, { userId: user.id, username: user.username })
}

/** The real sign-in form, as a browser submits it. */
export async function signIn(
  agent: TestAgent,
  username: string,
  password: string,
): Promise<Response> {
  return agent.post('/login', { username, password })
}
