// The SLA report's reading of the status history: each device's newest status before the period,
// then every change inside it. The "newest before" query once relied on SQLite's bare column next
// to MAX() in a GROUP BY, which PostgreSQL refuses (every SLA report answered 500 there).
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { recordStatus, statusChanges } from '../../../src/reports/reports.repo.ts'
import { createReportWorld, DAY, type ReportWorld } from './report-fixture.ts'

const OCT = Date.UTC(2026, 9, 1)
const NOV = Date.UTC(2026, 10, 1)
const DEC = Date.UTC(2026, 11, 1)
let w: ReportWorld

beforeEach(async () => {
  w = await createReportWorld()
  await w.jobs.stop()
})
afterEach(() => w.close())

it('answers the newest status before the period per device, then the changes inside it', async () => {
  const a = await w.addDevice('core-a', null)
  const b = await w.addDevice('edge-b', null)
  const c = await w.addDevice('new-c', null)
  const history: [DeviceId, number, 'online' | 'offline' | 'degraded'][] = [
    [a, OCT + DAY, 'online'],
    [a, OCT + 10 * DAY, 'offline'],
    [a, OCT + 20 * DAY, 'degraded'],
    [b, OCT + 5 * DAY, 'offline'],
    [b, OCT + 3 * DAY, 'online'],
    [a, NOV + 4 * DAY, 'online'],
    [b, NOV + 2 * DAY, 'online'],
    [c, NOV + 6 * DAY, 'online'],
    [a, DEC + DAY, 'offline'],
  ]
  for (const [id, at, status] of history) await recordStatus(w.scope, id, at, status)

  const rows = await statusChanges(w.scope, NOV, DEC)
  const before = rows.filter((r) => r.at < NOV).sort((x, y) => x.at - y.at)
  expect(before).toEqual([
    { device_id: b, at: OCT + 5 * DAY, status: 'offline' },
    { device_id: a, at: OCT + 20 * DAY, status: 'degraded' },
  ])
  const within = rows.filter((r) => r.at >= NOV)
  expect(within).toEqual(
    [
      { device_id: a, at: NOV + 4 * DAY, status: 'online' },
      { device_id: b, at: NOV + 2 * DAY, status: 'online' },
      { device_id: c, at: NOV + 6 * DAY, status: 'online' },
    ].sort((x, y) =>
      x.device_id < y.device_id ? -1 : x.device_id > y.device_id ? 1 : x.at - y.at,
    ),
  )
})
