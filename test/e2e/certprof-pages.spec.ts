// The pages of credential profiles, bulk actions and device certificates (issues 14, 15) in real
// Chromium at desktop and phone width, against the app served on loopback and a simulated router:
// the header box ticks the whole page, an admin creates a profile, and issues a certificate.
// Screenshots go to $TMPDIR/outpost-certprof-shots for review.
import { serve, type ServerType } from '@hono/node-server'
import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import type { DeviceId } from '../../src/db/schema-devices.ts'
import { addDevice } from '../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../src/devices/devices.schema.ts'
import { startDevice, type SimDevice } from '../../src/sim/index.ts'
import { changeFixture, type ChangeFixture } from '../integration/changes/change-fixture.ts'
import { makeUser, TEST_PASSWORD } from '../support/login.ts'
import { launchBrowser, type Browser } from './harness.ts'

const SHOTS = join(tmpdir(), 'outpost-certprof-shots')
let f: ChangeFixture
let sim: SimDevice
let server: ServerType
let base = ''
let browser: Browser
let page: Page
let simId: DeviceId

async function shoot(name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    // nothing may push the page wider than the screen (tables scroll inside their wrapper)
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    )) as number
    expect(overflow, `${name} at ${width} px`).toBeLessThanOrEqual(1)
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 900 })
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  f = await changeFixture('screens')
  sim = await startDevice({ persona: 'rb5009-7.15', name: 'branch-gw' })
  const actor = { kind: 'user' as const, id: 'U', name: 'u', ip: null }
  const add = async (fields: Record<string, string>) => {
    const r = await addDevice(
      { deps: f.t.deps, scope: f.scope, actor },
      deviceCreateSchema.parse({ username: 'admin', password: '', is_enabled: 'false', ...fields }),
      { check: false, saveAnyway: false },
    )
    if (!r.ok) throw new Error('add failed')
    return r.device.id
  }
  simId = await add({
    name: 'branch-gw',
    host: sim.host,
    transport: 'api-ssl',
    tls_mode: 'insecure',
    api_port: String(sim.apiSslPort),
    ssh_port: String(sim.sshPort),
  })
  for (let i = 1; i <= 12; i++)
    await add({ name: `store-${String(i).padStart(2, '0')}`, host: `192.0.2.${i}`, api_port: '1' })
  await makeUser(f.t.deps, {
    username: 'ada',
    memberships: [{ tenantId: f.scope.tenantId, role: 'admin' }],
  })
  const app = createApp(f.t.deps)
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  browser = await launchBrowser()
  page = await browser.context.newPage()
  await page.goto(`${base}/login`)
  await page.fill('input[name="username"]', 'ada')
  await page.fill('input[name="password"]', TEST_PASSWORD)
  await page.click('button[type="submit"]')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((r) => server?.close(r))
  await sim?.close()
  await f?.t.close()
})

describe('credential profiles, bulk actions and certificates in Chromium', () => {
  it('an admin adds a credential profile; the password never shows', async () => {
    await page.goto(`${base}/credential-profiles`)
    await page.fill('form.card input[name="name"]', 'Branch routers')
    await page.fill('form.card input[name="username"]', 'outpost')
    await page.fill('form.card input[name="password"]', 'Shot-Secret-1')
    await page.click('form.card button[type="submit"]')
    await page.waitForSelector('text=Added credential profile Branch routers')
    expect(await page.content()).not.toContain('Shot-Secret-1')
    await shoot('credential-profiles')
  })

  it('the header box ticks every device on the page; "all N matching" is offered', async () => {
    await page.goto(`${base}/devices?per_page=10`)
    await page.click('summary:has-text("Bulk edit selected devices")')
    await page.check('input[data-select-page]')
    const ticked = await page.$$eval(
      'input[name="device_ids"]',
      (boxes) => boxes.filter((b) => (b as unknown as { checked: boolean }).checked).length,
    )
    expect(ticked).toBe(10)
    await expect(page.locator('text=all 13 devices matching this filter').count()).resolves.toBe(1)
    await shoot('device-list-bulk')
  })

  it('the device form offers the profile', async () => {
    await page.goto(`${base}/devices/new`)
    await expect(page.locator('select[name="credential_profile_id"] option').count()).resolves.toBe(
      2,
    )
    await shoot('device-form-profile')
  })

  it('an admin issues a certificate from the Certificate tab', async () => {
    await page.goto(`${base}/devices/${simId}/certificate`)
    await shoot('certificate-before')
    await page.click('button:has-text("Issue certificate")')
    await page.waitForSelector('text=Installed a certificate on branch-gw', { timeout: 30_000 })
    await expect(page.locator("text=API-SSL, verified against Outpost's CA").count()).resolves.toBe(
      1,
    )
    await shoot('certificate-after')
  }, 60_000)
})
