// The browser terminal in real Chromium against the built server and a simulated router's SSH
// server: open the device's Terminal tab, type a command into xterm.js, read its output; open a
// WinBox forward and see the address to enter; then, as the admin, replay the recorded session.
// Screenshots at 1280 and 390 px wide go to the temp directory for a look.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
const ADMIN_PASSWORD = 'terminal e2e admin passphrase'
const shots = (name: string) => join(tmpdir(), `outpost-terminal-${name}.png`)

beforeAll(async () => {
  sim = await startDevice({ persona: 'rb5009-7.15', name: 'sim-term', services: { apiSsl: false } })
  serverFile = await buildServer()
  server = await startServer(serverFile, {
    OUTPOST_ARGON2_PROFILE: 'light',
    OUTPOST_TERMINAL_RECORD: 'true',
  })
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
    if (m.type() === 'error') problems.push(`${m.text()} (${m.location().url})`)
  })
  page.on('pageerror', (e) => problems.push(String(e)))
  return page
}

/** The text xterm.js shows (its DOM renderer keeps one div per row). */
const screenText = (page: Page) =>
  page.locator('.xterm-rows').evaluate((el) => (el as unknown as { innerText: string }).innerText)

describe('browser terminal', () => {
  let deviceUrl = ''

  it('signs in, creates a tenant and adds the router', async () => {
    const page = await newPage()
    await firstAdminSignIn(page, server, ADMIN_PASSWORD)
    await page.goto(`${server.url}/tenants`)
    await page.getByLabel('Name').fill('Term Co')
    await page.getByRole('button', { name: 'Create tenant' }).click()
    await page.waitForURL(/\/tenants\/[0-9A-Z]{26}$/)
    await page.goto(`${server.url}/devices/new`)
    await page.getByLabel('Name', { exact: true }).fill('term-router')
    await page.getByLabel('Host (IP or DNS name)').fill(sim.host)
    await page.getByLabel('API port').fill(String(sim.apiPort))
    await page.getByLabel('SSH port').fill(String(sim.sshPort))
    await page.getByLabel('User name', { exact: true }).fill(sim.username)
    await page.getByLabel('Password', { exact: true }).fill(sim.password)
    await page.getByRole('button', { name: 'Check and add' }).click()
    await page.waitForURL(/\/devices\/[0-9A-Z]{26}$/)
    deviceUrl = page.url()
    await page.close()
  }, 60_000)

  it('types a command into the terminal and reads its output', async () => {
    const page = await newPage()
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto(deviceUrl)
    await page.getByRole('link', { name: 'Terminal' }).click()
    await page.waitForURL(/\/terminal$/)
    await page.locator('[data-terminal-status]', { hasText: 'Connected' }).waitFor()
    await expect.poll(() => screenText(page)).toContain('[admin@')
    await page.locator('.xterm').click()
    await page.keyboard.type('/system identity print')
    await page.keyboard.press('Enter')
    await expect.poll(() => screenText(page)).toContain(`name: ${sim.device.identity}`)
    // the CSP allows no inline <style>; xterm's cell layout still applied (rows have a height)
    const rowHeight = await page
      .locator('.xterm-rows > div')
      .first()
      .evaluate((el) => el.getBoundingClientRect().height)
    expect(rowHeight).toBeGreaterThan(10)
    await page.screenshot({ path: shots('1280'), fullPage: true })

    await page.getByRole('button', { name: 'Open WinBox' }).click()
    const address = page.locator('[data-winbox-address]')
    await address.waitFor()
    expect(await address.textContent()).toMatch(/^127\.0\.0\.1:\d+$/)
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: shots('390'), fullPage: true })
    await page.getByRole('button', { name: 'Close WinBox' }).click()
    await page.getByRole('button', { name: 'Open WinBox' }).waitFor()

    await page.getByRole('button', { name: 'Disconnect' }).click()
    await page.locator('[data-terminal-status]', { hasText: 'Disconnected' }).waitFor()
    await page.close()
  }, 60_000)

  it('lets the admin replay the recorded session', async () => {
    const page = await newPage()
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto(`${server.url}/terminal/recordings`)
    await page.getByRole('link', { name: 'Play' }).first().click()
    await page.waitForURL(/\/terminal\/recordings\/[0-9A-Z]{26}$/)
    await page.getByRole('button', { name: 'Show all' }).click()
    await expect.poll(() => screenText(page)).toContain(`name: ${sim.device.identity}`)
    await page.screenshot({ path: shots('player'), fullPage: true })
    expect(problems).toEqual([])
    await page.close()
  }, 60_000)
})
