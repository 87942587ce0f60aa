// The first-run journey in real Chromium against the built server: one-time admin password from
// the data directory, forced change, then the dashboard and account pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { buildServer, initialAdminPassword, launchBrowser, startServer, type Browser, type RunningServer } from './harness.ts'

let server: RunningServer
let browser: Browser
const cspViolations: string[] = []

beforeAll(async () => {
  buildServer()
  server = await startServer()
  browser = await launchBrowser()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function newPage(): Promise<Page> {
  const page = await browser.context.newPage()
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text())
  })
  return page
}

/** Text of the first element with this ARIA role, once it is there. */
async function textOf(page: Page, role: 'alert' | 'status'): Promise<string> {
  const el = page.getByRole(role).first()
  await el.waitFor()
  return (await el.textContent()) ?? ''
}

const NEW_ADMIN_PASSWORD = 'e2e admin passphrase 2026'

describe('first run', () => {
  it('signs in with the one-time password, must change it, then reaches the dashboard', async () => {
    const password = initialAdminPassword(server)
    expect(server.logs.filter((l) => l.includes(password))).toHaveLength(1)
    const page = await newPage()
    await page.goto(`${server.url}/`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.getByLabel('User name').fill('admin')
    await page.getByLabel('Password').fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    expect(await textOf(page, 'alert')).toContain('Incorrect user name or password.')
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL('**/account/password')
    // every other page sends us back until the password is changed
    await page.goto(`${server.url}/account`)
    expect(new URL(page.url()).pathname).toBe('/account/password')
    await page.getByLabel('Current password').fill(password)
    await page.getByLabel('New password', { exact: true }).fill(NEW_ADMIN_PASSWORD)
    await page.getByLabel('Repeat the new password').fill(NEW_ADMIN_PASSWORD)
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.waitForURL(`${server.url}/`)
    expect(await textOf(page, 'status')).toContain('Password changed')
    expect(await page.getByRole('heading', { name: 'No tenants yet' }).isVisible()).toBe(true)
    expect(await page.evaluate('typeof window.htmx')).toBe('object')
    await page.close()
  }, 60_000)

  it('switches the theme with the keyboard and keeps it across pages', async () => {
    const page = await newPage()
    await page.goto(`${server.url}/account`)
    await page.locator('.user-menu summary').focus()
    await page.keyboard.press('Enter')
    const toggle = page.locator('.user-menu [data-theme-toggle]')
    await toggle.focus()
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    expect(await toggle.textContent()).toContain('dark')
    await page.goto(`${server.url}/`)
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark')
    await page.close()
  }, 30_000)

  it('caused no Content-Security-Policy violation on any page', () => {
    expect(cspViolations).toEqual([])
  })
})
