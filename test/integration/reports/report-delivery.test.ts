// Reports leaving the appliance: e-mailed as a PDF attachment through an e-mail channel to a real
// SMTP server (python3-aiosmtpd), a server that refuses recorded on the report; the monthly
// schedule makes last month's report once; the page's form and its messages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loginAs } from '../../support/login.ts'
import { pdfLines } from '../../support/pdf-text.ts'
import type { TestAgent } from '../../support/test-app.ts'
import { startSmtp, type SmtpServer } from '../notifications/receivers.ts'
import { createReportWorld, type ReportWorld } from './report-fixture.ts'

let w: ReportWorld
let op: TestAgent
let smtp: SmtpServer | undefined

beforeEach(async () => {
  w = await createReportWorld()
  const site = await w.addSite('Linz')
  const d = await w.addDevice('core-linz', site)
  w.status(d, Date.UTC(2026, 9, 2), 'online')
  w.deps.clock.set(Date.UTC(2026, 11, 6, 9))
  op = await loginAs(w, 'operator', w.tenantId)
})
afterEach(async () => {
  await smtp?.close()
  smtp = undefined
  await w.close()
})

/** Channels are set up by a tenant admin. */
async function emailChannel(port: number): Promise<string> {
  const admin = await loginAs(w, 'admin', w.tenantId)
  const res = await admin.request('POST', '/api/v1/channels', {
    json: {
      type: 'email',
      name: 'Customer NOC',
      host: '127.0.0.1',
      port,
      security: 'none',
      from: 'outpost@example.net',
      to: 'noc@customer.example',
    },
  })
  expect(res.status, await res.clone().text()).toBe(201)
  return ((await res.json()) as { channel: { id: string } }).channel.id
}

/** The first attachment of a raw MIME message, decoded. */
function attachment(mail: string): Buffer {
  const part = /Content-Type: application\/pdf[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(mail)
  if (part === null) throw new Error('no PDF attachment')
  return Buffer.from(part[1]!.replace(/\s+/g, ''), 'base64')
}

describe('e-mail', () => {
  it('sends the PDF through an e-mail channel (real SMTP server)', async () => {
    smtp = await startSmtp()
    const channelId = await emailChannel(smtp.port)
    const res = await op.request('POST', '/api/v1/reports', {
      json: { kind: 'sla', from: '2026-11-01', to: '2026-11-30', channelId },
    })
    expect(res.status, await res.clone().text()).toBe(201)
    const { report } = (await res.json()) as { report: { emailedTo: string; title: string } }
    expect(report.emailedTo).toBe('noc@customer.example')
    const [mail] = await smtp.waitFor(1)
    expect(mail).toMatch(/^To: noc@customer.example$/m)
    expect(mail).toContain('filename=outpost-sla-2026-11-01-2026-11-30.pdf')
    const lines = pdfLines(attachment(mail!))
    expect(lines).toContain('SLA / availability')
    expect(lines).toContain('core-linz')
  })

  it('records a refused delivery on the stored report', async () => {
    // a port nothing listens on: connection refused
    const channelId = await emailChannel(1)
    const res = await op.request('POST', '/api/v1/reports', {
      json: { kind: 'summary', from: '2026-11-01', to: '2026-11-30', channelId },
    })
    expect(res.status).toBe(201)
    const { report } = (await res.json()) as {
      report: { emailedTo: string | null; emailError: string }
    }
    expect(report.emailedTo).toBeNull()
    expect(report.emailError).toMatch(/cannot reach 127\.0\.0\.1:1/)
    const page = await (await op.get('/reports')).text()
    expect(page).toContain('not sent: cannot reach 127.0.0.1:1')
  })
})

describe('monthly schedule', () => {
  it("makes last month's report once, and e-mails it", async () => {
    smtp = await startSmtp()
    const channelId = await emailChannel(smtp.port)
    const saved = await op.post('/reports/schedules', { kind: 'sla', channelId })
    expect(saved.status).toBe(303)
    await w.jobs.tick()
    await w.jobs.tick()
    const list = (await (await op.request('GET', '/api/v1/reports')).json()) as {
      reports: { fromDay: string; toDay: string; scheduled: boolean; createdBy: string }[]
    }
    expect(list.reports).toHaveLength(1)
    expect(list.reports[0]).toMatchObject({
      fromDay: '2026-11-01',
      toDay: '2026-11-30',
      scheduled: true,
      createdBy: 'monthly schedule',
    })
    await smtp.waitFor(1)
    // next month: December's report joins it
    w.deps.clock.set(Date.UTC(2027, 0, 1, 1))
    await w.jobs.tick()
    // a month later the session has long expired: sign in again
    op = await loginAs(w, 'operator', w.tenantId)
    const after = (await (await op.request('GET', '/api/v1/reports')).json()) as {
      reports: { fromDay: string }[]
    }
    expect(after.reports.map((r) => r.fromDay)).toEqual(['2026-12-01', '2026-11-01'])
  })

  it('refuses a channel that is not one of the e-mail channels', async () => {
    const res = await op.post('/reports/schedules', { kind: 'sla', channelId: 'nope' })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Choose one of your e-mail channels.')
    const rows = await w.scope.selectFrom('report_schedules').select('id').execute()
    expect(rows).toEqual([])
  })
})

describe('reports page', () => {
  it('generates from the form and shows period messages next to it', async () => {
    const page = await (await op.get('/reports')).text()
    // the form starts at last month
    expect(page).toContain('value="2026-11-01"')
    expect(page).toContain('value="2026-11-30"')
    const bad = await op.post('/reports', { kind: 'sla', from: '2026-11-30', to: '2026-11-01' })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('The last day is before the first day.')
    const empty = await op.post('/reports', { kind: 'sla', from: '2026-01-01', to: '2026-01-31' })
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('No device was monitored in this period')
    const ok = await op.post('/reports', { kind: 'sla', from: '2026-11-01', to: '2026-11-30' })
    expect(ok.status).toBe(303)
    const listed = await (await op.get('/reports')).text()
    expect(listed).toContain('SLA / availability, 1 Nov 2026 – 30 Nov 2026')
    const viewer = await loginAs(w, 'viewer', w.tenantId)
    const seen = await (await viewer.get('/reports')).text()
    expect(seen).toContain('SLA / availability, 1 Nov 2026 – 30 Nov 2026')
    expect(seen).not.toContain('id="report-form"')
    expect(
      (await viewer.post('/reports', { kind: 'sla', from: '2026-11-01', to: '2026-11-30' })).status,
    ).toBe(403)
  })
})
