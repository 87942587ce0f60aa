// The channel pages: list, a form per type (bad input re-rendered with messages, nothing stored),
// edit keeping the stored secret, "Send test" as an htmx fragment, the delivery log, delete, and
// no secret ever in a page. Admins only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestAgent } from '../../support/test-app.ts'
import { loginAs } from '../../support/login.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createAlertHarness, type AlertHarness } from '../alerts/alert-harness.ts'
import { startReceiver, type Receiver } from './receivers.ts'

let h: AlertHarness
let a: TestAgent
let rx: Receiver
const SECRET = 'page-secret-0123456789'

beforeAll(async () => {
  h = await createAlertHarness()
  a = await h.admin()
  rx = await startReceiver()
})
afterAll(async () => {
  await rx.close()
  await h.close()
})

describe('channel pages', () => {
  it('adds a webhook from the form, edits it keeping the secret, tests it and shows the log', async () => {
    const form = await a.request('GET', '/channels/new?type=webhook')
    expect(form.status).toBe(200)
    expect(await form.text()).toContain('Signing secret')

    const bad = await a.request('POST', '/channels', {
      form: { type: 'webhook', name: 'Hook', url: 'not a url', secret: 'short' },
    })
    expect(bad.status).toBe(422)
    const badHtml = await bad.text()
    expect(badHtml).toContain('Enter an http:// or https:// URL.')
    expect(badHtml).toContain('Use a secret of at least 16 characters.')
    expect(await h.scope.selectFrom('alert_channels').select('id').execute()).toHaveLength(0)

    const ok = await a.request('POST', '/channels', {
      form: {
        type: 'webhook',
        name: 'Page hook',
        url: `${rx.url}/p`,
        secret: SECRET,
        minSeverity: 'warning',
        scopeKind: 'tenant',
        enabled: 'true',
      },
    })
    expect(ok.status).toBe(303)
    const id = (ok.headers.get('location') ?? '').split('/').pop() ?? ''
    const edit = await (await a.request('GET', `/channels/${id}`)).text()
    expect(edit).toContain('stored; leave empty to keep it')
    expect(edit).not.toContain(SECRET)

    // renamed without touching the secret: the signature still uses the stored one
    expect(
      (
        await a.request('POST', `/channels/${id}`, {
          form: {
            name: 'Renamed hook',
            url: `${rx.url}/p`,
            secret: '',
            minSeverity: 'critical',
            scopeKind: 'tenant',
            enabled: 'true',
          },
        })
      ).status,
    ).toBe(303)
    const list = await (await a.request('GET', '/channels')).text()
    expect(list).toContain('Renamed hook')
    expect(list).toContain('critical and above, all devices (default route)')

    const fragment = await a.request('POST', `/channels/${id}/test`, { form: {}, htmx: true })
    expect(fragment.status).toBe(200)
    expect(await fragment.text()).toMatch(/Test message delivered in \d+ ms\./)
    expect(String((await rx.waitFor(1))[0]?.headers['x-outpost-signature'])).toMatch(
      /^t=\d+,v1=[0-9a-f]{64}$/,
    )
    rx.answer = { status: 500, body: 'nope' }
    const failed = await (
      await a.request('POST', `/channels/${id}/test`, { form: {}, htmx: true })
    ).text()
    expect(failed).toContain(`Test failed: 127.0.0.1:${rx.port} answered HTTP 500: nope`)
    const log = await (await a.request('GET', `/channels/${id}`)).text()
    expect(log).toContain('Delivery log')
    expect(log).toContain('answered HTTP 500')

    expect((await a.request('POST', `/channels/${id}/delete`, { form: {} })).status).toBe(303)
    expect(await h.scope.selectFrom('alert_channels').select('id').execute()).toHaveLength(0)
  })

  it('is closed to operators', async () => {
    const op = await loginAs(h.t, 'operator', h.tenantId as TenantId)
    expect((await op.request('GET', '/channels')).status).toBe(403)
    expect(
      (
        await op.request('POST', '/api/v1/channels', {
          json: { type: 'webhook', name: 'x', url: 'http://127.0.0.1:9/', secret: SECRET },
        })
      ).status,
    ).toBe(403)
  })
})
