// Benchmark helper: the steps an administrator takes in a browser before the API can be used —
// first sign-in with the one-time password, the forced password change, a tenant, and an operator
// API key in it — in real Chromium (Debian's), so benchmarks reach the product like a user does.
import { chromium, type Page } from 'playwright-core'

const PASSWORD = 'Bench-Admin-Pw-2026!'

async function signIn(page: Page, base: string, password: string): Promise<void> {
  await page.goto(`${base}/login`, { waitUntil: 'networkidle' })
  await page.locator('input[name=username]').fill('admin')
  await page.locator('input[type=password]').first().fill(password)
  await Promise.all([
    page.waitForLoadState('networkidle'),
    page.locator('input[type=password]').first().press('Enter'),
  ])
}

async function jsonCall(
  page: Page,
  base: string,
  method: string,
  path: string,
  data?: unknown,
): Promise<unknown> {
  const csrf = JSON.parse(
    (await page.locator('body').getAttribute('hx-headers')) ?? '{}',
  ) as Record<string, string>
  const r = await page.request.fetch(base + path, {
    method,
    headers: {
      'X-CSRF-Token': csrf['X-CSRF-Token'] ?? '',
      Origin: base,
      'Content-Type': 'application/json',
    },
    ...(data === undefined ? {} : { data }),
  })
  const body = (await r.json()) as unknown
  if (r.status() >= 300)
    throw new Error(`${method} ${path} answered ${r.status()}: ${JSON.stringify(body)}`)
  return body
}

/** Returns an operator API key of a new tenant, starting from the one-time admin password. */
export async function adminApiKey(base: string, oneTimePassword: string): Promise<string> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
    ],
  })
  try {
    const page = await (await browser.newContext()).newPage()
    await signIn(page, base, oneTimePassword)
    const pw = page.locator('input[type=password]')
    const n = await pw.count()
    if (n < 2) throw new Error(`expected the forced password change at ${page.url()}`)
    const fields = n >= 3 ? [oneTimePassword, PASSWORD, PASSWORD] : [PASSWORD, PASSWORD]
    for (const [i, v] of fields.entries()) await pw.nth(i).fill(v)
    await Promise.all([page.waitForLoadState('networkidle'), pw.nth(n - 1).press('Enter')])
    await jsonCall(page, base, 'POST', '/api/v1/tenants', { name: 'Bench' })
    await page.goto(`${base}/`, { waitUntil: 'networkidle' })
    const select = page.locator('form[action*="switch"] select, select[name=tenantId]').first()
    if ((await select.count()) > 0) {
      const tenants = (await (await page.request.get(`${base}/api/v1/tenants`)).json()) as {
        tenants?: { id: string }[]
      }
      await select.selectOption(tenants.tenants?.[0]?.id ?? '')
      await page.waitForLoadState('networkidle')
    }
    const key = (await jsonCall(page, base, 'POST', '/api/v1/api-keys', {
      name: `bench-${Date.now()}`,
      role: 'operator',
    })) as { token?: string }
    if (key.token === undefined) throw new Error('no API key token in the answer')
    return key.token
  } finally {
    await browser.close()
  }
}
