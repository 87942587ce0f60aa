// Registration tokens and edge credentials (issue 20) on a real database with a test clock:
// single use, expiry, revocation, unknown tokens; each refusal is audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import {
  authenticateEdge,
  createEdgeRegistration,
  exchangeEdgeToken,
  revokeEdge,
} from '../../../src/edge/index.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'
import { makeTenant } from '../../support/login.ts'
import { auditRows } from '../../support/audit.ts'

const admin = { kind: 'user' as const, id: 'u1', name: 'admin', ip: '10.0.0.9' }
const central = { url: 'https://central.example', fingerprint: null }
let deps: TestDeps
let scope: TenantScope

beforeEach(async () => {
  deps = await createTestDeps()
  scope = forTenant(deps.kysely, (await makeTenant(deps)).id)
})
afterEach(() => deps.close())

const failures = async () =>
  (await auditRows(deps, (q) => q.where('outcome', '=', 'failure').orderBy('seq'))).map(
    (a) => `${a.action}: ${a.details_json}`,
  )

describe('edge registration tokens', () => {
  it('are shown once, stored hashed, and refused after the day they are valid', async () => {
    const reg = await createEdgeRegistration(deps, admin, scope, 'Site', central)
    expect(reg.command).toBe(`node dist/cli.mjs edge:register https://central.example ${reg.token}`)
    const row = await scope.selectFrom('edges').selectAll().executeTakeFirstOrThrow()
    expect(JSON.stringify(row)).not.toContain(reg.token)
    deps.clock.advance(24 * 3_600_000 + 1)
    await expect(exchangeEdgeToken(deps, reg.token, null, null)).rejects.toMatchObject({
      status: 401,
    })
    expect(await failures()).toEqual([expect.stringMatching(/edge.register: .*expired/)])
  })

  it('work once; the credential then authenticates until the edge is revoked', async () => {
    const reg = await createEdgeRegistration(deps, admin, scope, 'Site', central)
    const { secret, edgeId } = await exchangeEdgeToken(deps, reg.token, null, '0.1.0')
    await expect(exchangeEdgeToken(deps, reg.token, null, null)).rejects.toMatchObject({
      status: 401,
    })
    const edge = await authenticateEdge(deps, secret, null)
    expect(edge).toMatchObject({ edgeId, tenantId: scope.tenantId })
    await revokeEdge(deps, admin, scope, edgeId)
    await expect(authenticateEdge(deps, secret, null)).rejects.toMatchObject({ status: 401 })
    expect(await failures()).toEqual([
      expect.stringMatching(/edge.register: .*already used/),
      expect.stringMatching(/edge.refused: .*revoked/),
    ])
  })

  it('refuses an unknown token and a malformed credential without naming a tenant', async () => {
    await expect(
      exchangeEdgeToken(deps, `opr_${'A'.repeat(43)}`, null, null),
    ).rejects.toMatchObject({ status: 401 })
    await expect(authenticateEdge(deps, 'opk_notanedge', null)).rejects.toMatchObject({
      status: 401,
    })
    const rows = await deps.db
      .selectFrom('audit_log')
      .select(['tenant_id', 'action'])
      .where('outcome', '=', 'failure')
      .execute()
    expect(rows).toEqual([{ tenant_id: null, action: 'edge.register' }])
  })

  it('needs a name of 1 to 80 characters', async () => {
    await expect(createEdgeRegistration(deps, admin, scope, '  ', central)).rejects.toMatchObject({
      status: 422,
    })
    expect(await scope.selectFrom('edges').selectAll().execute()).toEqual([])
  })
})
