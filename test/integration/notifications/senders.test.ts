// Each channel type through the real API ("send test") to a real peer on loopback: HTTP receivers
// that check the payload shape of webhook (with its signature), Slack, Teams, Telegram and ntfy,
// and a real SMTP server (aiosmtpd) plain, with STARTTLS and with implicit TLS.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestAgent } from '../../support/test-app.ts'
import { createAlertHarness, type AlertHarness } from '../alerts/alert-harness.ts'
import { freeTcpPort, startReceiver, startSmtp, type Receiver } from './receivers.ts'

let h: AlertHarness
let a: TestAgent
let rx: Receiver

beforeAll(async () => {
  h = await createAlertHarness()
  a = await h.admin()
  rx = await startReceiver()
})
afterAll(async () => {
  await rx.close()
  await h.close()
})

async function create(body: Record<string, unknown>): Promise<{
  id: string
  target: string
  settings: Record<string, unknown>
  secretsSet: string[]
  isDefault: boolean
}> {
  const res = await a.request('POST', '/api/v1/channels', { json: body })
  expect(res.status, await res.clone().text()).toBe(201)
  return (
    (await res.json()) as {
      channel: {
        id: string
        target: string
        settings: Record<string, unknown>
        secretsSet: string[]
        isDefault: boolean
      }
    }
  ).channel
}

async function test(id: string): Promise<{ ok: boolean; error: string | null; ms: number }> {
  const res = await a.request('POST', `/api/v1/channels/${id}/test`, {
    headers: { 'X-CSRF-Token': await a.csrfToken() },
  })
  expect(res.status).toBe(200)
  return (await res.json()) as { ok: boolean; error: string | null; ms: number }
}

/** What a receiver does with X-Outpost-Signature (the README recipe). */
function verify(secret: string, header: string, body: string): { ok: boolean; t: number } {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)
  if (!m) return { ok: false, t: 0 }
  const mac = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest()
  return { ok: timingSafeEqual(mac, Buffer.from(m[2]!, 'hex')), t: Number(m[1]) }
}

describe('webhook channel', () => {
  it('is created with { type, name, url, secret }, never shows the secret, and signs each POST', async () => {
    const secret = 'whsec-0123456789abcdef'
    const ch = await create({ type: 'webhook', name: 'Ops hook', url: `${rx.url}/hook`, secret })
    expect(ch.settings).toEqual({ url: `${rx.url}/hook` })
    expect(ch.secretsSet).toEqual(['secret'])
    expect(ch.isDefault).toBe(true) // the tenant's first channel is the default route
    const read = await a.request('GET', `/api/v1/channels/${ch.id}`)
    expect(await read.text()).not.toContain(secret)
    const row = await h.scope
      .selectFrom('alert_channels')
      .select(['secret_enc', 'config_json'])
      .where('id', '=', ch.id)
      .executeTakeFirstOrThrow()
    expect(`${row.secret_enc}${row.config_json}`).not.toContain(secret)

    rx.received.length = 0
    expect(await test(ch.id)).toMatchObject({ ok: true, error: null })
    const [req] = await rx.waitFor(1)
    expect(req?.url).toBe('/hook')
    expect(req?.headers['content-type']).toBe('application/json')
    const v = verify(secret, String(req?.headers['x-outpost-signature']), req?.body ?? '')
    expect(v).toEqual({ ok: true, t: Math.floor(h.deps.clock.now() / 1000) })
    expect(
      verify(secret, String(req?.headers['x-outpost-signature']), `${req?.body ?? ''} `).ok,
    ).toBe(false)
    expect(
      verify('another-secret-123456', String(req?.headers['x-outpost-signature']), req?.body ?? '')
        .ok,
    ).toBe(false)
    expect(JSON.parse(req?.body ?? '{}')).toMatchObject({
      event: 'test',
      title: 'Outpost test notification',
      alert: null,
    })

    const log = (await (await a.request('GET', `/api/v1/channels/${ch.id}/deliveries`)).json()) as {
      deliveries: { event: string; state: string }[]
    }
    expect(log.deliveries[0]).toMatchObject({ event: 'test', state: 'sent' })
  })

  it('rejects bad input with field messages and stores nothing', async () => {
    const before = (await h.scope.selectFrom('alert_channels').select('id').execute()).length
    const res = await a.request('POST', '/api/v1/channels', {
      json: { type: 'webhook', name: 'x', url: 'ftp://nope', secret: 'short' },
    })
    expect(res.status).toBe(422)
    const body = (await res.json()) as { error: { fields: Record<string, string> } }
    expect(Object.keys(body.error.fields).sort()).toEqual(['secret', 'url'])
    expect(
      (await a.request('POST', '/api/v1/channels', { json: { type: 'pager', name: 'x' } })).status,
    ).toBe(422)
    expect((await h.scope.selectFrom('alert_channels').select('id').execute()).length).toBe(before)
  })

  it('reports a receiver answering 500 in plain words', async () => {
    const ch = await create({
      type: 'webhook',
      name: 'Broken hook',
      url: `${rx.url}/broken`,
      secret: 'whsec-0123456789abcdef',
    })
    rx.answer = { status: 500, body: 'database down' }
    try {
      expect(await test(ch.id)).toMatchObject({
        ok: false,
        error: `127.0.0.1:${rx.port} answered HTTP 500: database down`,
      })
    } finally {
      rx.answer = { status: 200, body: '{"ok":true}' }
    }
  })
})

describe('chat and push channels', () => {
  it('Slack gets text plus Block Kit blocks; the webhook URL is a secret shown by host only', async () => {
    const ch = await create({
      type: 'slack',
      name: 'Slack',
      url: `${rx.url}/services/T000/B000/XXXXSECRET`,
    })
    expect(ch.target).toBe(`127.0.0.1:${rx.port} (incoming webhook)`)
    rx.received.length = 0
    expect((await test(ch.id)).ok).toBe(true)
    const [req] = await rx.waitFor(1)
    expect(req?.url).toBe('/services/T000/B000/XXXXSECRET')
    const body = JSON.parse(req?.body ?? '{}') as {
      text: string
      blocks: { type: string; text?: { type: string } }[]
    }
    expect(body.text).toBe('Outpost test notification')
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section'])
    expect(body.blocks[1]?.text?.type).toBe('mrkdwn')
  })

  it('Teams gets a message with one Adaptive Card', async () => {
    const ch = await create({ type: 'teams', name: 'Teams', url: `${rx.url}/workflows/abc` })
    rx.received.length = 0
    expect((await test(ch.id)).ok).toBe(true)
    const body = JSON.parse((await rx.waitFor(1))[0]?.body ?? '{}') as {
      type: string
      attachments: {
        contentType: string
        content: { type: string; version: string; body: { type: string; text: string }[] }
      }[]
    }
    expect(body.type).toBe('message')
    expect(body.attachments).toHaveLength(1)
    expect(body.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive')
    expect(body.attachments[0]?.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' })
    expect(body.attachments[0]?.content.body[0]).toMatchObject({
      type: 'TextBlock',
      text: 'Outpost test notification',
    })
  })

  it('Telegram calls sendMessage on the configured Bot API base URL with the token in the path', async () => {
    const token = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabc'
    const ch = await create({
      type: 'telegram',
      name: 'Telegram',
      apiUrl: rx.url,
      chatId: '-1001234567890',
      botToken: token,
    })
    expect(ch.target).not.toContain(token)
    rx.received.length = 0
    expect((await test(ch.id)).ok).toBe(true)
    const [req] = await rx.waitFor(1)
    expect(req?.url).toBe(`/bot${token}/sendMessage`)
    expect(JSON.parse(req?.body ?? '{}')).toMatchObject({
      chat_id: '-1001234567890',
      parse_mode: 'HTML',
      text: expect.stringContaining('<b>Outpost test notification</b>'),
    })
  })

  it('ntfy publishes JSON to a self-hosted server with the access token', async () => {
    const ch = await create({
      type: 'ntfy',
      name: 'ntfy',
      serverUrl: rx.url,
      topic: 'outpost-alerts',
      token: 'tk_secret_abc',
    })
    rx.received.length = 0
    expect((await test(ch.id)).ok).toBe(true)
    const [req] = await rx.waitFor(1)
    expect(req?.url).toBe('/')
    expect(req?.headers.authorization).toBe('Bearer tk_secret_abc')
    expect(JSON.parse(req?.body ?? '{}')).toMatchObject({
      topic: 'outpost-alerts',
      title: 'Outpost test notification',
      priority: 3,
      message: expect.any(String),
    })
  })
})

describe('e-mail channel (real SMTP server)', () => {
  for (const security of ['none', 'starttls', 'tls'] as const) {
    it(`delivers over ${security === 'none' ? 'plain SMTP' : security === 'tls' ? 'implicit TLS' : 'STARTTLS'}`, async () => {
      const smtp = await startSmtp(security)
      try {
        const ch = await create({
          type: 'email',
          name: `Mail ${security}`,
          host: '127.0.0.1',
          port: smtp.port,
          security,
          from: 'outpost@example.net',
          to: 'noc@example.net, oncall@example.net',
          insecureTls: true,
        })
        expect(ch.settings.to).toEqual(['noc@example.net', 'oncall@example.net'])
        expect(await test(ch.id)).toMatchObject({ ok: true })
        const [mail] = await smtp.waitFor(1)
        expect(mail).toMatch(/^Subject: Outpost test notification$/m)
        expect(mail).toMatch(/^To: noc@example.net, oncall@example.net$/m)
        expect(mail).toMatch(/^From: outpost@example.net$/m)
      } finally {
        await smtp.close()
      }
    })
  }

  it('refuses a self-signed certificate unless told to accept it', async () => {
    const smtp = await startSmtp('starttls')
    try {
      const ch = await create({
        type: 'email',
        name: 'Strict mail',
        host: '127.0.0.1',
        port: smtp.port,
        security: 'starttls',
        from: 'outpost@example.net',
        to: 'noc@example.net',
      })
      const r = await test(ch.id)
      expect(r.ok).toBe(false)
      expect(r.error).toMatch(/^TLS with 127\.0\.0\.1:\d+ failed/)
      expect(smtp.messages()).toHaveLength(0)
    } finally {
      await smtp.close()
    }
  })

  it('says when the SMTP server cannot be reached', async () => {
    const port = await freeTcpPort()
    const ch = await create({
      type: 'email',
      name: 'Dead mail',
      host: '127.0.0.1',
      port,
      security: 'none',
      from: 'outpost@example.net',
      to: 'noc@example.net',
    })
    expect(await test(ch.id)).toMatchObject({
      ok: false,
      error: `cannot reach 127.0.0.1:${port} (ECONNREFUSED)`,
    })
  })
})
