// The setup wizard in real Chromium against the built server and a simulated router: after the
// first password change the super admin lands in the wizard, creates the first tenant, adds the
// first device through the live check (a wrong password first), creates a webhook channel in the
// "Notify me" step and sends a test to a loopback receiver, saves the snapshot schedule and
// lands on the dashboard, which shows the device online once it is polled. Setup reopens from the
// menu. Screenshots of each step go to .tmp/screens/ for a human look.
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
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

const SCREENS = fileURLToPath(new URL('../../.tmp/screens', import.meta.url))
let serverFile: string
let server: RunningServer
let browser: Browser
let sim: SimDevice
const problems: string[] = []
// the webhook receiver of the "Notify me" step: loopback only
let hook: Server
const received: { signature: string | undefined; body: string }[] = []

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true })
  sim = await startDevice({
    persona: 'rb5009-7.15',
    name: 'sim-setup',
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
  hook = createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      received.push({ signature: req.headers['x-outpost-signature'] as string | undefined, body })
      res.end('ok')
    })
  })
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()))
}, 90_000)

afterAll(async () => {
  await new Promise((r) => hook?.close(r))
  await browser?.close()
  await server?.stop()
  await sim?.close()
  if (serverFile) removeBuild(serverFile)
})

async function newPage(): Promise<Page> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1100, height: 800 })
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 422')) problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(String(e)))
  return page
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENS, `setup-${name}.png`), fullPage: true })

describe('setup wizard', () => {
  it('leads from the first password change through tenant, device and backups to a dashboard that polls', async () => {
    const page = await newPage()
    await firstAdminSignIn(page, server, 'setup e2e admin passphrase', { keepSetup: true })
    await shot(page, '1-tenant')
    await page.getByRole('button', { name: 'Create tenant' }).click()
    expect(await page.getByText('Give the tenant a name.').isVisible()).toBe(true)
    await page.getByLabel('Tenant name').fill('Setup Co')
    await page.getByRole('button', { name: 'Create tenant' }).click()
    await page.waitForURL('**/setup/device')

    await page.getByLabel('Name', { exact: true }).fill('first-router')
    await page.getByLabel('Host (IP or DNS name)').fill(sim.host)
    await page.getByLabel('API port').fill(String(sim.apiPort))
    await page.getByLabel('User name', { exact: true }).fill('ops')
    await page.getByLabel('Password', { exact: true }).fill('wrong-password')
    await page.getByLabel('Poll interval (seconds)').fill('10')
    await page.getByRole('button', { name: 'Check and add' }).click()
    await page.getByText('The router rejected the user name or password.').waitFor()
    await shot(page, '2-device-check-failed')
    await page.getByLabel('Password', { exact: true }).fill('right-Pw-9')
    await page.getByRole('button', { name: 'Check and add' }).click()
    await page.waitForURL('**/setup/notify?device=first-router')
    await shot(page, '3-notify')
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/outpost`
    await page.getByLabel('URL', { exact: true }).fill('not a url')
    await page.getByRole('button', { name: 'Create channel' }).click()
    await page.getByText('Enter an http:// or https:// URL.').waitFor()
    await page.getByLabel('URL', { exact: true }).fill(hookUrl)
    await page.getByRole('button', { name: 'Create channel' }).click()
    await page.getByText("is the tenant's default").waitFor()
    await page.getByRole('button', { name: 'Send test' }).click()
    await page.getByText(/Test message delivered in \d+ ms\./).waitFor()
    await shot(page, '3b-notify-tested')
    expect(received).toHaveLength(1)
    expect(received[0]?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({ event: 'test' })
    await page.getByRole('link', { name: 'Continue' }).click()
    await page.waitForURL('**/setup/backups?device=first-router')
    await shot(page, '4-backups')
    await page.getByLabel('Snapshot every (hours, 0 = off)').fill('12')
    await page.getByLabel('Snapshots to keep').fill('5')
    await page.getByRole('button', { name: 'Save and watch first-router being polled' }).click()
    await page.waitForURL(`${server.url}/`)
    await page.locator('[data-count="online"]', { hasText: '1' }).waitFor({ timeout: 25_000 })
    expect(await page.locator('.top-list').first().textContent()).toContain('first-router')
    await shot(page, '5-dashboard')

    // reopened from the menu: the tenant and device exist, so it resumes at backups
    await page.locator('nav.nav').getByRole('link', { name: 'Setup' }).click()
    await page.waitForURL('**/setup/backups')
    expect(await page.getByLabel('Snapshot every (hours, 0 = off)').inputValue()).toBe('12')
    await page.getByRole('button', { name: 'Skip setup' }).click()
    await page.waitForURL(`${server.url}/`)
    expect(problems).toEqual([])
    await page.close()
  }, 120_000)
})
