// Fleet summary, device health and backup coverage reports from real data (devices added through
// the service, a stored backup, metrics recorded into the real samples store), read back from the
// PDF, and compliance as it stood at the end of the period.
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { storeCapture } from '../../../src/backups/index.ts'
import { complianceSummary, evaluateDevices } from '../../../src/compliance/index.ts'
import { loginAs } from '../../support/login.ts'
import { pdfLines } from '../../support/pdf-text.ts'
import type { TestAgent } from '../../support/test-app.ts'
import { createReportWorld, DAY, HOUR, type ReportWorld } from './report-fixture.ts'

const NOV = Date.UTC(2026, 10, 1)
let w: ReportWorld
let op: TestAgent
let a: DeviceId

beforeEach(async () => {
  w = await createReportWorld()
  a = await w.addDevice('core-a', await w.addSite('Vienna'))
  await w.addDevice('edge-b', null)
  await w.scope
    .updateTable('devices')
    .set({ version: '7.15.3', board: 'CCR2004-1G-12S+2XS', last_status: 'online' })
    .where('id', '=', a)
    .execute()
  w.deps.clock.set(Date.UTC(2026, 11, 6, 9))
  op = await loginAs(w, 'operator', w.tenantId)
})
afterEach(() => w.close())

async function reportText(kind: string): Promise<string[]> {
  const res = await op.request('POST', '/api/v1/reports', {
    json: { kind, from: '2026-11-01', to: '2026-11-30' },
  })
  expect(res.status, await res.clone().text()).toBe(201)
  const { report } = (await res.json()) as { report: { downloadUrl: string } }
  const pdf = await op.request('GET', report.downloadUrl)
  return pdfLines(Buffer.from(await pdf.arrayBuffer()))
}

it('fleet summary lists inventory, versions and sites', async () => {
  const lines = await reportText('summary')
  expect(lines).toContain('Fleet summary')
  for (const s of ['core-a', 'edge-b', '7.15.3', 'CCR2004-1G-12S+2XS', 'Vienna', 'No site'])
    expect(lines).toContain(s)
  // versions table: 7.15.3 once and "not read yet" once, each half the fleet
  const v = lines.indexOf('7.15.3')
  expect(lines.slice(v, v + 3)).toEqual(['7.15.3', '1', '50.0 %'])
})

it('device health averages the hourly rollups of the period', async () => {
  const cpu: number[] = []
  for (let t = NOV; t < NOV + 3 * DAY; t += 10 * 60_000) {
    const v = Math.round(20 + 30 * Math.abs(Math.sin(t / HOUR)))
    cpu.push(v)
    w.metrics.record(w.tenantId, a, t, [
      { metric: 'cpu', value: v },
      { metric: 'mem_used', value: 40 },
      { metric: 'temperature', label: 'cpu', value: 51 },
      { metric: 'if_rx', label: 'ether1', value: 2_000_000 },
      { metric: 'if_tx', label: 'ether1', value: 500_000 },
    ])
  }
  w.metrics.flush(NOV + 4 * DAY)
  w.metrics.compactAll(NOV + 4 * DAY)
  const lines = await reportText('health')
  const row = lines.slice(lines.indexOf('core-a'), lines.indexOf('core-a') + 10)
  // hourly buckets of six samples each: their mean is the mean of the samples
  const avg = cpu.reduce((s, v) => s + v, 0) / cpu.length
  expect(row).toEqual([
    'core-a',
    'Vienna',
    `${avg.toFixed(0)} %`,
    `${Math.max(...cpu)} %`,
    '40 %',
    '40 %',
    '51 °C',
    '2.0 Mbit/s',
    '500 kbit/s',
    '2.0 Mbit/s',
  ])
  expect(lines).toContain('1 of 2')
  // edge-b reported nothing: not listed
  expect(lines).not.toContain('edge-b')
})

it('device health of a period without samples is refused clearly', async () => {
  const res = await op.request('POST', '/api/v1/reports', {
    json: { kind: 'health', from: '2026-11-01', to: '2026-11-30' },
  })
  expect(res.status).toBe(422)
  expect(await res.text()).toContain('No device reported CPU, memory or traffic in this period.')
})

it('backup coverage shows which devices have a stored configuration', async () => {
  w.deps.clock.set(NOV + 5 * DAY)
  const stored = await storeCapture({ deps: w.deps, scope: w.scope }, a, {
    stdout: '# 2026-11-06 00:00:00 by RouterOS 7.15.3\n/system identity\nset name=core-a\n',
    stderr: '',
    exitCode: 0,
  })
  expect(stored.ok).toBe(true)
  w.deps.clock.set(Date.UTC(2026, 11, 6, 9))
  const lines = await reportText('backups')
  expect(lines).toContain('50.0 %')
  const rowA = lines.slice(lines.indexOf('core-a'), lines.indexOf('core-a') + 5)
  expect(rowA).toEqual(['core-a', 'Vienna', 'yes', '1', '6 Nov 2026'])
  const rowB = lines.slice(lines.indexOf('edge-b'), lines.indexOf('edge-b') + 6)
  expect(rowB).toEqual(['edge-b', 'No site', 'no', '0', '–', 'never tried'])
})

it('compliance shows each device as it stood at the end of the period', async () => {
  const nov = { kind: 'compliance', from: '2026-11-01', to: '2026-11-30' }
  const none = await op.request('POST', '/api/v1/reports', { json: nov })
  expect(none.status).toBe(422)
  expect(await none.text()).toContain('No device had been checked for compliance')
  // a stored export without NTP, syslog or an input drop rule, checked on 10 November
  w.deps.clock.set(NOV + 9 * DAY)
  const stored = await storeCapture({ deps: w.deps, scope: w.scope }, a, {
    stdout: '# 2026-11-10 00:00:00 by RouterOS 7.15.3\n/ip service\nset telnet disabled=no\n',
    stderr: '',
    exitCode: 0,
  })
  expect(stored.ok).toBe(true)
  await evaluateDevices({ deps: w.deps, scope: w.scope }, 'manual')
  // checked again in December: the November report still shows the November state
  w.deps.clock.set(Date.UTC(2026, 11, 2))
  await evaluateDevices({ deps: w.deps, scope: w.scope }, 'manual')
  w.deps.clock.set(Date.UTC(2026, 11, 6, 9))
  const lines = await reportText('compliance')
  const summary = await complianceSummary({ scope: w.scope })
  const latest = summary.devices.find((d) => d.deviceId === a)
  expect(latest).toBeDefined()
  const row = lines.slice(lines.indexOf('core-a'), lines.indexOf('core-a') + 5)
  expect(row).toEqual([
    'core-a',
    String(latest!.passed),
    String(latest!.failed),
    String(latest!.unknown),
    '10 Nov 2026',
  ])
  const text = lines.join(' ')
  const failed = latest!.results.filter((x) => x.status === 'fail')
  expect(failed.length).toBeGreaterThan(0)
  for (const r of failed) {
    expect(lines).toContain(r.title)
    // wrapped over lines in the PDF: compare word sequences
    expect(text.replace(/\s+/g, ' ')).toContain(r.reason.replace(/\s+/g, ' '))
  }
  // the same count the compliance pages show (both checks of December match November's)
  expect(lines).toContain(`${summary.counts.compliant} of 2`)
})
