// Two-step verification in real Chromium against the built server: enrol by reading the key the
// page shows (as a user who cannot scan would), see the QR code and the recovery codes, then sign
// in again with the password and a code; a wrong code is refused on the page. Screenshots of the
// pages go to .tmp/screens/.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { base32Decode, totpAt } from '../../src/lib/totp.ts'
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
const PASSWORD = 'totp e2e admin passphrase'
let serverFile: string
let server: RunningServer
let browser: Browser

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true })
  serverFile = await buildServer()
  server = await startServer(serverFile, { OUTPOST_ARGON2_PROFILE: 'light' })
  browser = await launchBrowser()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  if (serverFile) removeBuild(serverFile)
})

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENS, `totp-${name}.png`), fullPage: true })

async function signIn(page: Page, password: string): Promise<void> {
  await page.goto(`${server.url}/login`)
  await page.getByLabel('User name').fill('admin')
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

describe('two-step verification', () => {
  it('enrols with the shown key, then asks for a code at sign-in', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1000, height: 800 })
    await firstAdminSignIn(page, server, PASSWORD)

    await page.goto(`${server.url}/account/security`)
    await page.getByRole('button', { name: 'Set up two-step verification' }).click()
    const qr = page.getByRole('img', { name: 'QR code for your authenticator app' })
    await qr.waitFor()
    // the browser decoded the server's SVG (a broken image has no natural size)
    expect(
      await page.evaluate("document.querySelector('img.qr-code').naturalWidth"),
    ).toBeGreaterThan(0)
    await shot(page, '1-enrol')
    const secret = ((await page.locator('.totp-secret').textContent()) ?? '').replace(/\s/g, '')
    const code = () => totpAt(base32Decode(secret), Date.now())
    await page.getByLabel('Code').fill(code())
    await page.getByRole('button', { name: 'Confirm' }).click()
    await page.getByRole('heading', { name: 'Two-step verification is on' }).waitFor()
    expect(await page.locator('.recovery-codes li').count()).toBe(10)
    await shot(page, '2-recovery-codes')

    await page.locator('.user-menu summary').click()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL('**/login')
    await signIn(page, PASSWORD)
    await page.waitForURL('**/login/code')
    await page.getByLabel('Code from your authenticator app').fill('000000')
    await page.getByRole('button', { name: 'Verify' }).click()
    expect(await page.getByRole('alert').first().textContent()).toContain('That code is not right')
    await shot(page, '3-code-refused')
    // the enrolment used this step's code: wait for the next one (no replay)
    const used = code()
    while (code() === used) await page.waitForTimeout(500)
    await page.getByLabel('Code from your authenticator app').fill(code())
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.waitForURL(`${server.url}/`)
    await page.close()
  }, 120_000)
})
