// Reports through the JSON API and the real app: the SLA report's figures from the status
// history the poller's events leave (maintenance left out), the PDF's text, bad periods and
// periods without data refused with nothing stored, another tenant's report not found.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { pdfLines, pdfPageCount } from '../../support/pdf-text.ts'
import type { TestAgent } from '../../support/test-app.ts'
import { createReportWorld, DAY, HOUR, type ReportWorld } from './report-fixture.ts'

const NOV = Date.UTC(2026, 10, 1)
const NOW = Date.UTC(2026, 11, 6, 9)
const NOV_MS = 30 * DAY

let w: ReportWorld
let op: TestAgent
let devices: Record<'a' | 'b' | 'c', DeviceId>

beforeEach(async () => {
  w = await createReportWorld()
  const vienna = await w.addSite('Vienna')
  const graz = await w.addSite('Graz')
  devices = {
    a: await w.addDevice('core-a', vienna),
    b: await w.addDevice('edge-b', graz),
    c: await w.addDevice('spare-c', null),
  }
  // a: up since October, down 6 h on 10 November
  w.status(devices.a, Date.UTC(2026, 9, 20), 'online')
  w.status(devices.a, NOV + 9 * DAY, 'offline')
  w.status(devices.a, NOV + 9 * DAY + 6 * HOUR, 'online')
  // b: down 1 h on Tuesday 3 November from 02:00, inside its weekly window (Tue 02:00, 90 min)
  w.status(devices.b, Date.UTC(2026, 9, 20), 'online')
  w.status(devices.b, NOV + 2 * DAY + 2 * HOUR, 'offline')
  w.status(devices.b, NOV + 2 * DAY + 3 * HOUR, 'online')
  // c: never polled
  await w.jobs.stop()
  w.deps.clock.set(NOW)
  op = await loginAs(w, 'operator', w.tenantId)
})
afterEach(() => w.close())

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T
}

interface Report {
  id: string
  title: string
  downloadUrl: string
  pages: number
  deviceCount: number
}

describe('SLA report', () => {
  it('computes availability per device and site from the history, maintenance excluded', async () => {
    const win = await op.request('POST', '/api/v1/maintenance-windows', {
      json: {
        name: 'Graz upgrades',
        scopeKind: 'device',
        scopeId: devices.b,
        kind: 'weekly',
        days: ['Tue'],
        startTime: '02:00',
        durationMin: 90,
      },
    })
    expect(win.status, await win.clone().text()).toBe(201)
    const res = await op.request('POST', '/api/v1/reports', {
      json: { kind: 'sla', from: '2026-11-01', to: '2026-11-30' },
    })
    expect(res.status, await res.clone().text()).toBe(201)
    const { report } = await json<{ report: Report }>(res)
    expect(report.deviceCount).toBe(3)
    expect(report.downloadUrl).toBe(`/api/v1/reports/${report.id}/pdf`)

    const pdf = await op.request('GET', report.downloadUrl)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('Content-Type')).toBe('application/pdf')
    const bytes = Buffer.from(await pdf.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdfPageCount(bytes)).toBe(report.pages)
    const lines = pdfLines(bytes)
    const row = (name: string) => lines.slice(lines.indexOf(name), lines.indexOf(name) + 6)

    const aUp = ((NOV_MS - 6 * HOUR) / NOV_MS) * 100
    expect(row('core-a')).toEqual([
      'core-a',
      'Vienna',
      `${aUp.toFixed(3)} %`,
      '6 h 0 min',
      '1',
      '0 min',
    ])
    // b's outage lies inside the window: 100 %, and the window's 4 Tuesdays × 90 min are excluded
    expect(row('edge-b')).toEqual(['edge-b', 'Graz', '100.000 %', '0 min', '0', '6 h 0 min'])
    expect(row('spare-c').slice(0, 3)).toEqual(['spare-c', 'No site', 'not monitored'])
    const fleet = ((2 * NOV_MS - 6 * HOUR - 6 * HOUR) / (2 * NOV_MS - 6 * HOUR)) * 100
    expect(lines).toContain(`${fleet.toFixed(3)} %`)
    expect(lines).toContain('SLA / availability')
    expect(lines).toContain('Acme Networks')
    expect(lines).toContain('1 Nov 2026 – 30 Nov 2026 (UTC)')
    expect(lines).toContain('2 of 3')

    const list = await json<{ reports: Report[] }>(await op.request('GET', '/api/v1/reports'))
    expect(list.reports.map((r) => r.id)).toEqual([report.id])
  })

  it('refuses bad periods and periods without data, storing nothing', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ kind: 'sla', from: '2026-11-30', to: '2026-11-01' }, 'to', 'before the first day'],
      [{ kind: 'sla', from: '2026-02-30', to: '2026-03-01' }, 'from', 'YYYY-MM-DD'],
      [{ kind: 'sla', from: 'last month', to: '2026-03-01' }, 'from', 'YYYY-MM-DD'],
      [{ kind: 'sla', from: '2024-01-01', to: '2026-11-30' }, 'to', 'at most 366 days'],
      [{ kind: 'sla', from: '2027-01-01', to: '2027-01-31' }, 'from', 'not started yet'],
      [{ kind: 'weekly', from: '2026-11-01', to: '2026-11-30' }, 'kind', 'report kind'],
    ]
    for (const [body, field, words] of cases) {
      const res = await op.request('POST', '/api/v1/reports', { json: body })
      expect(res.status, JSON.stringify(body)).toBe(422)
      const err = await json<{ error: { fields: Record<string, string> } }>(res)
      expect(err.error.fields[field], JSON.stringify(body)).toContain(words)
    }
    // September: before the devices were added, so nothing was monitored
    const empty = await op.request('POST', '/api/v1/reports', {
      json: { kind: 'sla', from: '2026-09-01', to: '2026-09-30' },
    })
    expect(empty.status).toBe(422)
    const e = await json<{ error: { code: string; message: string } }>(empty)
    expect(e.error.code).toBe('no_data')
    expect(e.error.message).toMatch(/^Nothing to report for 1 Sept? 2026 – 30 Sept? 2026: /)
    const list = await json<{ reports: Report[] }>(await op.request('GET', '/api/v1/reports'))
    expect(list.reports).toEqual([])
  })

  it('keeps reports per tenant: another tenant gets 404 for the PDF', async () => {
    const res = await op.request('POST', '/api/v1/reports', {
      json: { kind: 'summary', from: '2026-11-01', to: '2026-11-30' },
    })
    const { report } = await json<{ report: Report }>(res)
    const other = await makeTenant(w.deps)
    const stranger = await loginAs(w, 'admin', other.id)
    expect((await stranger.request('GET', report.downloadUrl)).status).toBe(404)
    expect((await stranger.request('GET', `/reports/${report.id}/pdf`)).status).toBe(404)
    expect((await op.request('GET', `/reports/${report.id}/pdf`)).status).toBe(200)
  })
})
