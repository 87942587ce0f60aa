// Account deletion (issue 19) in real Chromium against the built server: an admin creates a user,
// the user signs in in another browser, is refused with a wrong password, deletes the account
// with the right one and sees the receipt once; the audit page then names only the pseudonym.
// Screenshots at 1280 and 390 px go to .tmp/screens/.
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
const ADMIN_PASSWORD = 'erasure e2e admin passphrase'
const USER_PASSWORD = 'leaving user passphrase 1'
let serverFile: string
let server: RunningServer
let adminBrowser: Browser
let userBrowser: Browser

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true })
  serverFile = await buildServer()
  server = await startServer(serverFile, { OUTPOST_ARGON2_PROFILE: 'light' })
  adminBrowser = await launchBrowser()
  userBrowser = await launchBrowser()
}, 90_000)

afterAll(async () => {
  await adminBrowser?.close()
  await userBrowser?.close()
  await server?.stop()
  if (serverFile) removeBuild(serverFile)
})

async function shots(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: join(SCREENS, `erasure-${name}-${width}.png`), fullPage: true })
  }
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${server.url}/login`)
  await page.getByLabel('User name').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

async function newPassword(page: Page, current: string, next: string): Promise<void> {
  await page.waitForURL('**/account/password')
  await page.getByLabel('Current password').fill(current)
  await page.getByLabel('New password', { exact: true }).fill(next)
  await page.getByLabel('Repeat the new password').fill(next)
  await page.getByRole('button', { name: 'Change password' }).click()
}

async function createUser(admin: Page, username: string): Promise<string> {
  await admin.goto(`${server.url}/users`)
  await admin.getByLabel('User name').fill(username)
  await admin.getByLabel('Role').selectOption('viewer')
  await admin.getByRole('button', { name: 'Create user' }).click()
  return admin.locator('#one-time-password').inputValue()
}

describe('deleting an account in the browser', () => {
  it('refuses a wrong password, deletes with the right one and shows the receipt once', async () => {
    const admin = await adminBrowser.context.newPage()
    const first = initialAdminPassword(server)
    await signIn(admin, 'admin', first)
    await newPassword(admin, first, ADMIN_PASSWORD)
    await admin.waitForURL('**/setup/tenant')
    await admin.getByRole('button', { name: 'Skip setup' }).click()
    await admin.waitForURL(`${server.url}/`)
    await admin.goto(`${server.url}/tenants`)
    await admin.getByLabel('Name').fill('Erasure Co')
    await admin.getByRole('button', { name: 'Create tenant' }).click()
    await admin.waitForURL(/\/tenants\/[0-9A-Z]{26}$/)
    const temporary = await createUser(admin, 'leaver')

    const user = await userBrowser.context.newPage()
    await signIn(user, 'leaver', temporary)
    await newPassword(user, temporary, USER_PASSWORD)
    await user.waitForURL((url) => !url.pathname.startsWith('/account/password'))
    await user.goto(`${server.url}/account`)
    await user.locator('#delete-account').scrollIntoViewIfNeeded()
    await shots(user, '1-account')

    await user.getByLabel('Your password').fill('not my password')
    await user.getByRole('button', { name: 'Delete my account' }).click()
    await user.getByText('This is not your password. Nothing was deleted.').waitFor()
    await shots(user, '2-wrong-password')

    await user.getByLabel('Your password').fill(USER_PASSWORD)
    await user.getByRole('button', { name: 'Delete my account' }).click()
    await user.getByRole('heading', { name: 'Your account was deleted' }).waitFor()
    const receipt = (await user.locator('#deletion-receipt').textContent()) ?? ''
    const pseudonym = /deleted-user-[0-9a-f]{10}/.exec(receipt)?.[0]
    expect(pseudonym).toBeDefined()
    expect(receipt).toMatch(/SHA-256 of the receipt: [0-9a-f]{64}/)
    await shots(user, '3-receipt')
    await admin.goto(`${server.url}/audit?tenant=all`)
    const audit = (await admin.locator('main').textContent()) ?? ''
    expect(audit).toContain(pseudonym)
    expect(audit).not.toContain('leaver')
    // signed out: the account page now asks to sign in, and the old password is refused (an
    // attempt that is audited under the typed name, as for any unknown account)
    await user.goto(`${server.url}/account`)
    await user.waitForURL('**/login**')
    await signIn(user, 'leaver', USER_PASSWORD)
    expect(new URL(user.url()).pathname).toBe('/login')
    // the users page offers the same to the tenant's admin, with their own password
    await createUser(admin, 'member-two')
    await admin.goto(`${server.url}/users`)
    await admin.getByRole('link', { name: 'member-two' }).click()
    await admin.locator('#delete-account').scrollIntoViewIfNeeded()
    await shots(admin, '4-users-page')
  }, 120_000)
})
