// The audit page, its CSV export and GET /api/v1/audit: scope per viewer, filters, paging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAudit, type AuditEntry } from '../../../src/audit/index.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createFullTestApp, type FullTestApp } from '../../support/full-app.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'

const DAY = 86_400_000
let t: FullTestApp
let tenantA: { id: TenantId; name: string }
let tenantB: { id: TenantId; name: string }
let adminA: TestAgent
let viewerA: TestAgent
let root: TestAgent

function entry(tenantId: string | null, o: Partial<AuditEntry> = {}): AuditEntry {
  return {
    tenantId,
    actor: { kind: 'user', id: 'U1', name: 'seed-actor' },
    ip: '192.0.2.7',
    action: 'test.seed',
    outcome: 'success',
    ...o,
  }
}

async function seed(e: AuditEntry, at: number): Promise<void> {
  await recordAudit(t.deps.db, e, at)
}

beforeAll(async () => {
  t = await createFullTestApp()
  tenantA = await makeTenant(t.deps, 'Audit Alpha')
  tenantB = await makeTenant(t.deps, 'Audit Beta')
  adminA = await loginAs(t, 'admin', tenantA.id)
  viewerA = await loginAs(t, 'viewer', tenantA.id)
  root = await loginAs(t, 'super_admin')
  const start = Date.UTC(2026, 0, 10)
  for (let i = 0; i < 60; i++) {
    await seed(
      entry(tenantA.id, { target: { type: 'thing', id: `T${i}`, label: `alpha-item-${i}` } }),
      start + i * 1000,
    )
  }
  await seed(
    entry(tenantA.id, {
      action: 'test.failed',
      outcome: 'failure',
      actor: { kind: 'api_key', id: 'K', name: 'robot-key' },
    }),
    start + DAY,
  )
  await seed(
    entry(tenantA.id, {
      action: 'test.csv',
      target: { type: 't', id: 'x', label: '=HYPERLINK("http://evil","click")' },
    }),
    start + 2 * DAY,
  )
  await seed(
    entry(tenantA.id, {
      action: 'test.csv',
      target: { type: 't', id: 'y', label: 'comma, "quoted"\nline' },
    }),
    start + 2 * DAY,
  )
  await seed(
    entry(tenantB.id, {
      action: 'test.secret',
      target: { type: 't', id: 'b', label: 'BETA-MARKER-7731' },
    }),
    start + 3 * DAY,
  )
  await seed(
    entry(null, {
      action: 'auth.login',
      target: { type: 'user', id: 'r', label: 'APPLIANCE-MARKER' },
    }),
    start + 3 * DAY,
  )
})
afterAll(() => t.close())

describe('GET /audit', () => {
  it("shows a tenant admin only the active tenant's entries, newest first, 50 a page", async () => {
    const text = visibleText(await (await adminA.get('/audit')).text())
    expect(text).toContain('comma, "quoted"')
    expect(text).not.toContain('BETA-MARKER-7731')
    expect(text).not.toContain('APPLIANCE-MARKER')
    expect(text).toContain('Next')
    const page2 = visibleText(await (await adminA.get('/audit?page=2')).text())
    expect(page2).toContain('alpha-item-0 ')
    expect(page2).not.toContain('alpha-item-59')
  })

  it('ignores the tenant choice of a tenant admin', async () => {
    const text = visibleText(await (await adminA.get(`/audit?tenant=${tenantB.id}`)).text())
    expect(text).not.toContain('BETA-MARKER-7731')
  })

  it('is refused to a viewer and sends anonymous visitors to sign in', async () => {
    expect((await viewerA.get('/audit')).status).toBe(403)
    expect((await t.agent().get('/audit')).status).toBe(302)
  })

  it('shows a super admin every entry, or one tenant, or the appliance-wide ones', async () => {
    const all = visibleText(await (await root.get('/audit?q=marker')).text())
    expect(all).toContain('BETA-MARKER-7731')
    expect(all).toContain('APPLIANCE-MARKER')
    const onlyB = visibleText(await (await root.get(`/audit?tenant=${tenantB.id}`)).text())
    expect(onlyB).toContain('BETA-MARKER-7731')
    expect(onlyB).not.toContain('alpha-item')
    const none = visibleText(await (await root.get('/audit?tenant=none')).text())
    expect(none).toContain('APPLIANCE-MARKER')
    expect(none).not.toContain('BETA-MARKER-7731')
  })

  it.each([
    ['action', 'action=test.failed', 'robot-key', 'alpha-item-1 '],
    ['outcome', 'outcome=failure', 'robot-key', 'alpha-item-1 '],
    ['actor', 'actor=ROBOT', 'robot-key', 'alpha-item-1 '],
    ['text', 'q=alpha-item-42', 'alpha-item-42', 'alpha-item-41'],
    [
      'text with LIKE wildcards',
      'q=alpha%25item',
      'No entries match these filters',
      'alpha-item-1 ',
    ],
    ['date range', 'from=2026-01-12&to=2026-01-12', 'quoted', 'robot-key'],
  ])('filters by %s', async (_name, qs, shown, hidden) => {
    const text = visibleText(await (await adminA.get(`/audit?${qs}`)).text())
    expect(text).toContain(shown)
    expect(text).not.toContain(hidden)
  })

  it.each([
    ['from=2026-13-45', 'Not a date.'],
    ['from=yesterday', 'Use the form YYYY-MM-DD.'],
    ['from=2026-02-02&to=2026-02-01', 'The end date is before the start date.'],
    ['outcome=maybe', 'Choose success or failure.'],
    ['page=0', 'Not a page number.'],
  ])('answers 422 with a message for %s', async (qs, message) => {
    const res = await adminA.get(`/audit?${qs}`)
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain(message)
  })
})

describe('GET /audit from htmx (filter form, pager)', () => {
  it('answers only the results fragment, with the export link for the same filters', async () => {
    const res = await adminA.get('/audit?action=test.failed', { htmx: true })
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const html = await res.text()
    expect(html).toMatch(/^<div id="audit-results"/)
    expect(html).not.toContain('<html')
    expect(html).toContain('robot-key')
    expect(html).toContain('href="/audit/export.csv?action=test.failed"')
  })

  it('sends a bad filter to the full page, where the form shows the message', async () => {
    const res = await adminA.get('/audit?from=nope', { htmx: true })
    expect(res.headers.get('HX-Redirect')).toBe('/audit?from=nope')
  })
})

describe('GET /audit/export.csv', () => {
  it('exports the filtered entries as escaped CSV with the formula guard', async () => {
    const res = await adminA.get('/audit/export.csv?action=test.csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="outpost-audit-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const csv = await res.text()
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe(
      'seq,time_utc,tenant_id,tenant,actor_kind,actor,ip,action,target_type,target_id,target,outcome,details',
    )
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""click"")"`)
    expect(csv).toContain('"comma, ""quoted""\nline"')
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m)
    expect(csv).not.toContain('BETA-MARKER-7731')
    expect(csv).not.toMatch(/[0-9a-f]{64}/)
    expect(lines.filter((l) => l.includes('test.csv'))).toHaveLength(2)
  })

  it('is refused to a viewer', async () => {
    expect((await viewerA.get('/audit/export.csv')).status).toBe(403)
  })
})

describe('GET /api/v1/audit', () => {
  it('pages JSON entries with the same filters', async () => {
    const res = await adminA.get('/api/v1/audit?action=test.seed&page=2')
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      entries: { targetLabel: string }[]
      page: number
      hasMore: boolean
    }
    expect(body.page).toBe(2)
    expect(body.hasMore).toBe(false)
    expect(body.entries.map((e) => e.targetLabel)).toEqual(
      Array.from({ length: 10 }, (_, i) => `alpha-item-${9 - i}`),
    )
  })

  it('answers 422 JSON with field messages for a bad filter', async () => {
    const res = await adminA.get('/api/v1/audit?from=nope')
    expect(res.status).toBe(422)
    expect(await res.json()).toEqual({
      error: {
        code: 'validation_failed',
        message: expect.any(String),
        fields: { from: 'Use the form YYYY-MM-DD.' },
      },
    })
  })
})
