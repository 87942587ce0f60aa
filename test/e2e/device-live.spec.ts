// The live fleet journey in real Chromium against the built server and a simulated router over
// real sockets: add the device through the form (wrong password first: the precise error), watch
// it turn up online on an open device table and dashboard without a reload (Server-Sent Events →
// htmx refresh), then open its page and see the server-drawn charts fill in live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startDevice, type SimDevice } from '../../src/sim/index.ts'
import {
  buildServer,
  firstAdminSignIn,
  launchBrowser,
  removeBuild,
  startServer,
  type Browser,
  type RunningServer,
} from './harness.ts'

let serverFile: string
let server: RunningServer
let browser: Browser
let sim: SimDevice
const problems: string[] = []
const ADMIN_PASSWORD = 'live e2e admin passphrase'

beforeAll(async () => {
  sim = await startDevice({
    persona: 'rb5009-7.15',
    name: 'sim-live',
    services: { api: true, apiSsl: false, ssh: false },
  })
  sim.device.tree.add('/user', {
    name: 'ops',
    group: 'full',
    password: 'right-Pw-9',
    disabled: 'false',
  })
  serverFile = await buildServer()
  server = await startServer(serverFile, { OUTPOST_ARGON2_PROFILE: 'light' })
  browser = await launchBrowser()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await sim?.close()
  if (serverFile) removeBuild(serverFile)
})

async function newPage(): Promise<Page> {
  const page = await browser.context.newPage()
  page.on('console', (m) => {
    // the wrong-password submit answers 422 on purpose (the form re-renders with the error)
    if (m.type() === 'error' && !m.text().includes('status of 422')) problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(String(e)))
  return page
}

/** Marks the page; the mark survives htmx swaps but not a reload. */
const mark = (page: Page) => page.evaluate('window.__sameDocument = true')
const stillSameDocument = (page: Page) => page.evaluate('window.__sameDocument === true')

describe('a device turns up live', () => {
  it('signs in and creates a tenant', async () => {
    const page = await newPage()
    await firstAdminSignIn(page, server, ADMIN_PASSWORD)
    await page.goto(`${server.url}/tenants`)
    await page.getByLabel('Name').fill('Live Co')
    await page.getByRole('button', { name: 'Create tenant' }).click()
    await page.waitForURL(/\/tenants\/[0-9A-Z]{26}$/)
    await page.goto(`${server.url}/`)
    expect(await page.getByRole('heading', { name: 'No devices yet' }).isVisible()).toBe(true)
    await page.close()
  }, 60_000)

  it('adds the device (wrong password first) and the open table and dashboard show it online without a reload', async () => {
    const table = await newPage()
    await table.goto(`${server.url}/devices`)
    await mark(table)
    const dashboard = await newPage()
    await dashboard.goto(`${server.url}/`)
    await mark(dashboard)
    // both pages hold an open /live stream before anything happens
    await table.waitForSelector('html[data-live-connected]')
    await dashboard.waitForSelector('html[data-live-connected]')

    const form = await newPage()
    await form.goto(`${server.url}/devices/new`)
    await form.getByLabel('Name', { exact: true }).fill('live-router')
    await form.getByLabel('Host (IP or DNS name)').fill(sim.host)
    await form.getByLabel('API port').fill(String(sim.apiPort))
    await form.getByLabel('User name', { exact: true }).fill('ops')
    await form.getByLabel('Password', { exact: true }).fill('wrong-password')
    await form.getByLabel('Poll interval (seconds)').fill('10')
    await form.getByRole('button', { name: 'Check and add' }).click()
    await form.getByText('The router rejected the user name or password.').waitFor()
    await form.getByLabel('Password', { exact: true }).fill('right-Pw-9')
    await form.getByRole('button', { name: 'Check and add' }).click()
    await form.waitForURL(/\/devices\/[0-9A-Z]{26}$/)

    await table
      .locator('#device-rows tr', { hasText: 'live-router' })
      .locator('td[data-status="online"]')
      .waitFor({ timeout: 20_000 })
    expect(await stillSameDocument(table)).toBe(true)
    await dashboard.locator('[data-count="online"]', { hasText: '1' }).waitFor({ timeout: 20_000 })
    expect(await stillSameDocument(dashboard)).toBe(true)
    expect(await dashboard.locator('.top-list').first().textContent()).toContain('live-router')

    // the device page: overview charts are SVG drawn on the server and fill in as polls arrive
    await form.locator('#device-overview svg[role="img"]').first().waitFor()
    expect(await form.locator('#device-overview svg[role="img"]').count()).toBeGreaterThanOrEqual(3)
    await form.locator('#chart-cpu circle, #chart-cpu path').first().waitFor({ timeout: 25_000 })
    expect(await form.locator('#chart-cpu title').textContent()).toBe('CPU load')

    await form.getByRole('link', { name: 'Interfaces' }).click()
    await form.waitForURL(/\/interfaces$/)
    expect(await form.locator('table', { hasText: 'ether1' }).count()).toBe(1)
    await form.getByRole('link', { name: 'Clients' }).click()
    await form.getByRole('heading', { name: 'DHCP leases' }).waitFor()
    expect(problems).toEqual([])
  }, 90_000)
})
