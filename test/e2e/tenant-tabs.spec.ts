// Issue 15, in real Chromium: the active tenant belongs to the browser's session, so switching
// in tab B used to make tab A show B's devices under A's name on its next live refresh, and
// A's forms and bulk actions acted in B. Now every request of a page names the tenant it was
// rendered for: tab A's stream tells it the tenant changed, and its refresh, form post and bulk
// action are refused with both ways out, changing nothing.
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
const ADMIN_PASSWORD = 'two tabs e2e admin passphrase'

beforeAll(async () => {
  sim = await startDevice({
    persona: 'rb5009-7.15',
    name: 'sim-tabs',
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
    // the refused requests answer 409 on purpose
    if (m.type() === 'error' && !/status of (409|422)|Error Code 409/.test(m.text()))
      problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(String(e)))
  return page
}

async function switchTenant(page: Page, name: string) {
  await page.getByLabel('Active tenant').selectOption({ label: name })
  await page.getByRole('button', { name: 'Switch', exact: true }).click()
  await page.getByText(`Switched to ${name}.`).waitFor()
}

async function addDevice(page: Page, name: string) {
  await page.goto(`${server.url}/devices/new`)
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel('Host (IP or DNS name)').fill(sim.host)
  await page.getByLabel('API port').fill(String(sim.apiPort))
  await page.getByLabel('User name', { exact: true }).fill('ops')
  await page.getByLabel('Password', { exact: true }).fill('right-Pw-9')
  await page.getByLabel('Poll interval (seconds)').fill('10')
  await page.getByRole('button', { name: 'Check and add' }).click()
  await page.waitForURL(/\/devices\/[0-9A-Z]{26}$/)
}

const rowsText = (page: Page) => page.locator('#device-rows').textContent()

describe('two tabs on two tenants', () => {
  it('sets up tenants Alpha and Bravo with one router each', async () => {
    const page = await newPage()
    await firstAdminSignIn(page, server, ADMIN_PASSWORD)
    for (const name of ['Alpha Stores', 'Bravo Clinic']) {
      await page.goto(`${server.url}/tenants`)
      await page.getByLabel('Name').fill(name)
      await page.getByRole('button', { name: 'Create tenant' }).click()
      await page.waitForURL(/\/tenants\/[0-9A-Z]{26}$/)
    }
    await page.goto(`${server.url}/devices`)
    await switchTenant(page, 'Alpha Stores')
    await addDevice(page, 'alpha-router')
    await switchTenant(page, 'Bravo Clinic')
    await addDevice(page, 'bravo-router')
    await switchTenant(page, 'Alpha Stores')
    await page.close()
  }, 90_000)

  it("tab A never shows or changes Bravo's devices under Alpha's name after tab B switched", async () => {
    const tabA = await newPage()
    await tabA.goto(`${server.url}/devices`)
    await tabA.waitForSelector('html[data-live-connected]')
    expect(await rowsText(tabA)).toContain('alpha-router')
    const formA = await newPage()
    await formA.goto(`${server.url}/devices/new`)

    const tabB = await newPage()
    await tabB.goto(`${server.url}/devices`)
    await switchTenant(tabB, 'Bravo Clinic')
    expect(await rowsText(tabB)).toContain('bravo-router')

    // the live stream tells tab A (within a revalidation period) instead of streaming Bravo
    const notice = tabA.locator('#flash [data-tenant-changed]')
    await notice.waitFor({ timeout: 15_000 })
    expect(await notice.textContent()).toContain('This page shows Alpha Stores')
    expect(await notice.textContent()).toContain('now works in Bravo Clinic')
    expect(await tabA.locator('html[data-live-connected]').count()).toBe(0)

    // a live refresh of the table (what the stream would have triggered) is refused
    await tabA.evaluate(
      "document.querySelector('#device-results').dispatchEvent(new CustomEvent('outpost:refresh'))",
    )
    await tabA.waitForTimeout(1500)
    expect(await rowsText(tabA)).toContain('alpha-router')
    expect(await rowsText(tabA)).not.toContain('bravo-router')
    expect(await tabA.locator('#tenant-select option:checked').textContent()).toBe('Alpha Stores')

    // a bulk action ticked in tab A changes nothing in either tenant
    await tabA.getByLabel('Select alpha-router').check()
    await tabA.getByText('Bulk edit selected devices').click()
    await tabA.locator('#bulk-form select[name="enabled"]').selectOption('disable')
    await tabA.getByRole('button', { name: 'Apply to selected' }).click()
    await tabA.getByText('Nothing was done.').waitFor()

    // the add-device form of tab A adds nothing to Bravo
    await formA.getByLabel('Name', { exact: true }).fill('stale-tab-router')
    await formA.getByLabel('Host (IP or DNS name)').fill(sim.host)
    await formA.getByLabel('API port').fill(String(sim.apiPort))
    await formA.getByLabel('User name', { exact: true }).fill('ops')
    await formA.getByLabel('Password', { exact: true }).fill('right-Pw-9')
    await formA.getByRole('button', { name: 'Check and add' }).click()
    await formA.getByText('Nothing was done.').waitFor()

    await tabB.reload()
    expect(await rowsText(tabB)).toContain('bravo-router')
    expect(await rowsText(tabB)).not.toContain('stale-tab-router')
    expect(
      await tabB.locator('#device-rows tr', { hasText: 'bravo-router' }).textContent(),
    ).not.toMatch(/disabled/i)

    // "switch back" from the refusal: Alpha again, its router untouched (still enabled)
    await tabA.getByRole('button', { name: 'Switch back to Alpha Stores' }).click()
    await tabA.getByText('Switched to Alpha Stores.').waitFor()
    expect(await rowsText(tabA)).toContain('alpha-router')
    expect(
      await tabA.locator('#device-rows tr', { hasText: 'alpha-router' }).textContent(),
    ).not.toMatch(/disabled/i)
    expect(await rowsText(tabA)).not.toContain('stale-tab-router')
    expect(problems).toEqual([])
  }, 90_000)
})
