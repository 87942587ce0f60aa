// The generated isolation matrix (ARCHITECTURE.md, "Tests enumerate mechanically"): every
// registered route × {anonymous, viewer, operator, admin, another tenant's admin, super admin}.
// Route parameters are filled with fresh objects of tenant A; the expected answer follows from
// route-policy.ts; and no response may carry the marker of a tenant the caller cannot see.
import { inspectRoutes } from 'hono/dev'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TenantId, UserId } from '../../src/lib/ids.ts'
import { createFullTestApp } from '../support/full-app.ts'
import { makeTenant, makeUser, startSessionFor } from '../support/login.ts'
import type { TestAgent } from '../support/test-app.ts'
import { PARAM_SEEDERS, ROUTE_POLICY, type RoutePolicy, type SeedContext } from './route-policy.ts'

const PERSONAS = ['anonymous', 'viewer', 'operator', 'admin', 'otherAdmin', 'superAdmin'] as const
type Persona = (typeof PERSONAS)[number]
type Expected = 'public' | 'login' | 'forbidden' | 'not_found' | 'allowed'

const MARK_A = 'leakalpha'
const MARK_B = 'leakbeta'
const RANK = { viewer: 1, operator: 2, admin: 3 } as const
/** Markers a persona must never read: those of every tenant it does not belong to. */
const HIDDEN: Record<Persona, string[]> = {
  anonymous: [MARK_A, MARK_B],
  viewer: [MARK_B],
  operator: [MARK_B],
  admin: [MARK_B],
  otherAdmin: [MARK_A],
  superAdmin: [],
}

// Built at load time: the matrix needs the route list to generate its cases.
const t = await createFullTestApp()
const routes = registeredRoutes()

let tenantA: { id: TenantId; name: string }
let users: Record<Exclude<Persona, 'anonymous'>, { id: UserId; tenant: TenantId }>

function registeredRoutes(): string[] {
  const keys = new Set<string>()
  // Middleware added with app.use() is method ALL; route-level middleware shares the route's key.
  for (const r of inspectRoutes(t.app)) if (r.method !== 'ALL') keys.add(`${r.method} ${r.path}`)
  return [...keys].sort()
}

function paramsOf(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1] as string)
}

function seedCtx(tenantId: TenantId, marker: string): SeedContext {
  return { deps: t.deps, tenantId, actorUserId: users.superAdmin.id, marker }
}

/** Every seeder once per tenant, so list pages have marked rows (and audit entries) to leak. */
async function seedBaseline(tenantId: TenantId, marker: string): Promise<void> {
  for (const seed of Object.values(PARAM_SEEDERS)) await seed(seedCtx(tenantId, marker))
}

beforeAll(async () => {
  tenantA = await makeTenant(t.deps, `Tenant ${MARK_A}`)
  const tenantB = await makeTenant(t.deps, `Tenant ${MARK_B}`)
  const member = async (tenant: TenantId, role: 'viewer' | 'operator' | 'admin') => {
    const u = await makeUser(t.deps, { memberships: [{ tenantId: tenant, role }] })
    return { id: u.id, tenant }
  }
  const root = await makeUser(t.deps, { superAdmin: true })
  users = {
    viewer: await member(tenantA.id, 'viewer'),
    operator: await member(tenantA.id, 'operator'),
    admin: await member(tenantA.id, 'admin'),
    otherAdmin: await member(tenantB.id, 'admin'),
    superAdmin: { id: root.id, tenant: tenantA.id },
  }
  await seedBaseline(tenantA.id, MARK_A)
  await seedBaseline(tenantB.id, MARK_B)
})
afterAll(() => t.close())

function expected(policy: RoutePolicy, persona: Persona, path: string): Expected {
  if (policy.min === 'public') return 'public'
  if (persona === 'anonymous') return 'login'
  if (persona === 'superAdmin') return 'allowed'
  if (policy.min === 'super_admin') return 'forbidden'
  const role = persona === 'otherAdmin' ? 'admin' : persona
  if (policy.min !== 'session' && RANK[role] < RANK[policy.min]) return 'forbidden'
  // every id names an object of tenant A, which B's admin must not even see exist
  if (persona === 'otherAdmin' && (paramsOf(path).length > 0 || namesSeeds(policy)))
    return 'not_found'
  return 'allowed'
}

const SEED_REF = /^\{(\w+)\}$/

function namesSeeds(policy: RoutePolicy): boolean {
  return Object.values(policy.form ?? {}).some((v) => SEED_REF.test(v))
}

async function seeded(name: string, where: string): Promise<string> {
  const seeder = PARAM_SEEDERS[name]
  if (!seeder) throw new Error(`no seeder "${name}" for ${where} (route-policy.ts)`)
  return seeder(seedCtx(tenantA.id, MARK_A))
}

interface Call {
  url: string
  body: Record<string, string>
}

/** The URL with fresh ids of tenant A in its parameters, and the body with `{seeder}` filled. */
async function prepare(path: string, policy: RoutePolicy): Promise<Call> {
  let url = path
  for (const param of paramsOf(path)) {
    const id = await seeded(policy.params?.[param] ?? param, `:${param} in ${path}`)
    url = url.replace(`:${param}`, encodeURIComponent(id))
  }
  const body: Record<string, string> = {}
  for (const [key, value] of Object.entries(policy.form ?? {})) {
    const ref = SEED_REF.exec(value)?.[1]
    body[key] = ref ? await seeded(ref, `${key} in ${path}`) : value
  }
  return { url, body }
}

async function agentFor(persona: Persona): Promise<TestAgent> {
  const agent = t.agent()
  if (persona !== 'anonymous')
    await startSessionFor(t, agent, users[persona].id, users[persona].tenant)
  return agent
}

function send(agent: TestAgent, method: string, call: Call, htmx = false): Promise<Response> {
  if (method === 'GET') return agent.get(call.url, { htmx })
  if (call.url.startsWith('/api/'))
    return agent.request(method, call.url, { json: call.body, htmx })
  return agent.request(method, call.url, { form: call.body, htmx })
}

/**
 * The body, or for an endpoint that streams (Server-Sent Events) what arrives within a moment:
 * a stream never ends, but its first events must not leak either.
 */
async function bodyOf(res: Response): Promise<string> {
  if (!res.headers.get('Content-Type')?.startsWith('text/event-stream') || !res.body) {
    return res.text()
  }
  const reader = res.body.getReader()
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 300))
  const first = await Promise.race([reader.read(), timeout])
  await reader.cancel()
  return first?.value ? new TextDecoder().decode(first.value) : ''
}

/** Problems with one answer, as readable lines (empty when it is as expected). */
function check(
  persona: Persona,
  want: Expected,
  url: string,
  res: Response,
  body: string,
  htmx: boolean,
) {
  const problems: string[] = []
  const status = res.status
  const isApi = url.startsWith('/api/')
  const say = (what: string) => problems.push(`${persona}${htmx ? ' (htmx)' : ''}: ${what}`)
  if (status >= 500) say(`answered ${status}`)
  if (want === 'login') {
    const location = (htmx ? res.headers.get('HX-Redirect') : res.headers.get('Location')) ?? ''
    if (isApi && (status !== 401 || !body.includes('"unauthorized"')))
      say(`expected 401 JSON, got ${status}`)
    if (!isApi && status !== (htmx ? 401 : 302)) say(`expected ${htmx ? 401 : 302}, got ${status}`)
    if (!isApi && !location.startsWith('/login'))
      say(`expected a redirect to /login, got "${location}"`)
  }
  if (want === 'forbidden' && status !== 403) say(`expected 403, got ${status}`)
  if (want === 'not_found' && status !== 404) say(`expected 404, got ${status}`)
  if (want === 'allowed' && [401, 403, 404].includes(status)) say(`expected access, got ${status}`)
  const text = body.toLowerCase()
  for (const mark of HIDDEN[persona]) {
    if (text.includes(mark)) say(`body shows data of a tenant it cannot see ("${mark}")`)
  }
  return problems
}

describe('route policy', () => {
  it('covers every registered route (add new routes to test/integration/route-policy.ts)', () => {
    expect(routes.filter((r) => !(r in ROUTE_POLICY))).toEqual([])
  })

  it('names only routes that exist', () => {
    expect(Object.keys(ROUTE_POLICY).filter((r) => !routes.includes(r))).toEqual([])
  })
})

describe('markers', () => {
  // the leak checks below mean something only if the marked rows do show up for their own tenant
  it.each(['/users', '/api-keys', '/audit', '/devices', '/api/v1/users'])(
    "tenant A's admin sees A's marker on %s",
    async (url) => {
      const res = await (await agentFor('admin')).get(url)
      expect(res.status).toBe(200)
      expect((await res.text()).toLowerCase()).toContain(MARK_A)
    },
  )
})

describe('isolation matrix', () => {
  it.each(routes.filter((r) => r in ROUTE_POLICY))('%s', async (route) => {
    const [method, path] = route.split(' ') as [string, string]
    const policy = ROUTE_POLICY[route] as RoutePolicy
    const problems: string[] = []
    for (const persona of PERSONAS) {
      const want = expected(policy, persona, path)
      // fresh objects per persona: an allowed call may delete or disable what it was given
      const call = await prepare(path, policy)
      const res = await send(await agentFor(persona), method, call)
      problems.push(...check(persona, want, call.url, res, await bodyOf(res), false))
      if (want === 'login' && !call.url.startsWith('/api/')) {
        const hx = await send(await agentFor(persona), method, call, true)
        problems.push(...check(persona, want, call.url, hx, await bodyOf(hx), true))
      }
    }
    expect(problems).toEqual([])
  })
})
