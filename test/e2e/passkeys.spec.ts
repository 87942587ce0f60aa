// Passkeys in real Chromium against the built server, with the browser's virtual authenticator
// (DevTools protocol WebAuthn domain) so the real navigator.credentials ceremony runs: register a
// passkey, sign out, sign in with it alone; then require a second factor for the appliance and
// sign in with the password plus the passkey. Opened at http://localhost (browsers refuse IP
// addresses as relying party IDs). Screenshots at 1280 and 390 px go to .tmp/screens/.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import {
  buildServer,
  initialAdminPassword,
  launchBrowser,
  removeBuild,
  startServer,
  type Browser,
  type RunningServer,
} from './harness.ts'

const SCREENS = fileURLToPath(new URL('../../.tmp/screens', import.meta.url))
const PASSWORD = 'passkey e2e admin passphrase'
let serverFile: string
let server: RunningServer
let browser: Browser
let base: string

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true })
  serverFile = await buildServer()
  server = await startServer(serverFile, { OUTPOST_ARGON2_PROFILE: 'light' })
  base = server.url.replace('127.0.0.1', 'localhost')
  browser = await launchBrowser()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  if (serverFile) removeBuild(serverFile)
})

async function shots(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: join(SCREENS, `passkeys-${name}-${width}.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 900 })
}

async function passwordStep(page: Page, password: string): Promise<void> {
  await page.goto(`${base}/login`)
  await page.getByLabel('User name').fill('admin')
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

async function signOut(page: Page): Promise<void> {
  await page.locator('.user-menu summary').click()
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.waitForURL('**/login')
}

describe('passkeys in Chromium', () => {
  it('registers a passkey, signs in with it alone, then as the second factor the appliance requires', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1280, height: 900 })
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('WebAuthn.enable')
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    })

    const first = initialAdminPassword(server)
    await passwordStep(page, first)
    await page.waitForURL('**/account/password')
    await page.getByLabel('Current password').fill(first)
    await page.getByLabel('New password', { exact: true }).fill(PASSWORD)
    await page.getByLabel('Repeat the new password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.getByRole('button', { name: 'Skip setup' }).click()
    await page.waitForURL(`${base}/`)

    await page.goto(`${base}/account/security`)
    await page.getByLabel('Name of the new passkey').fill('Virtual laptop')
    await page.getByRole('button', { name: 'Add a passkey' }).click()
    await page.getByText('Passkey “Virtual laptop” added').waitFor()
    const creds = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
    expect(creds.credentials).toHaveLength(1)
    expect(creds.credentials[0]!.isResidentCredential).toBe(true)
    expect(creds.credentials[0]!.rpId).toBe('localhost')
    await shots(page, '1-security')

    // the same authenticator again: the browser refuses it (excludeCredentials), shown on the page
    await page.getByLabel('Name of the new passkey').fill('Again')
    await page.getByRole('button', { name: 'Add a passkey' }).click()
    await page.getByText('already registered').waitFor()

    await signOut(page)
    await shots(page, '2-login')
    await page.getByRole('button', { name: 'Use a passkey instead' }).click()
    await page.waitForURL(`${base}/`)
    expect(
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0]!.signCount,
    ).toBeGreaterThan(0)

    await page.goto(`${base}/account/security`)
    await page
      .locator('form[action="/account/security/policy/appliance"]')
      .getByRole('button', { name: 'Require it' })
      .click()
    await page.getByText('Second-factor policy of the appliance saved').waitFor()
    await signOut(page)

    await passwordStep(page, PASSWORD)
    await page.waitForURL('**/login/code')
    await shots(page, '3-second-step')
    await page.getByRole('button', { name: 'Use a passkey' }).click()
    await page.waitForURL(`${base}/`)

    // a user who is not verified by the authenticator cannot sign in with the passkey alone
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false })
    await signOut(page)
    await page.getByRole('button', { name: 'Use a passkey instead' }).click()
    await page.locator('[data-passkey-error]').filter({ hasText: /./ }).waitFor()
    expect(page.url()).toContain('/login')
    await page.close()
  }, 120_000)
})
