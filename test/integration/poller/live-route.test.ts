import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../../src/app.ts'
import { EventBus } from '../../../src/poller/event-bus.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { TestAgent, type TestApp } from '../../support/test-app.ts'

let deps: TestDeps
let t: TestApp
const bus = new EventBus()

beforeEach(async () => {
  deps = await createTestDeps()
  const app = createApp(deps, { live: { latestOf: () => [], metrics: undefined, bus } })
  let n = 1
  t = {
    app,
    deps,
    agent: (ip) => new TestAgent(app, deps, ip ?? `10.9.0.${n++}`),
    close: () => deps.close(),
  }
})
afterEach(async () => {
  await deps.close()
})

async function readUntil(body: ReadableStream<Uint8Array>, text: string): Promise<string> {
  const reader = body.getReader()
  const dec = new TextDecoder()
  let acc = ''
  while (!acc.includes(text)) {
    const { value, done } = await reader.read()
    if (done) break
    acc += dec.decode(value)
  }
  await reader.cancel()
  return acc
}

describe('GET /live', () => {
  it('streams status changes of the active tenant only', async () => {
    const a = await makeTenant(deps)
    const b = await makeTenant(deps)
    const viewer = await loginAs(t, 'viewer', a.id)
    const res = await viewer.get('/live')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const body = res.body as ReadableStream<Uint8Array>
    setTimeout(() => {
      bus.emit('device.status_changed', {
        tenantId: b.id,
        deviceId: 'other-tenant-device',
        from: 'online',
        to: 'offline',
        at: 1,
      })
      bus.emit('device.status_changed', {
        tenantId: a.id,
        deviceId: 'mine',
        from: 'unknown',
        to: 'online',
        at: 2,
      })
    }, 50)
    const text = await readUntil(body, '"mine"')
    expect(text).toContain('event: status')
    expect(text).toContain('"to":"online"')
    expect(text).not.toContain('other-tenant-device')
  })

  it('sends an anonymous visitor to the login page', async () => {
    const res = await t.agent().get('/live')
    expect([302, 303]).toContain(res.status)
    expect(res.headers.get('location')).toContain('/login')
  })

  it('ends a stream after its maximum lifetime, so the browser reconnects and is checked again', async () => {
    const app = createApp(deps, {
      live: { latestOf: () => [], metrics: undefined, bus },
      liveStreamMaxMs: 200,
    })
    const short: TestApp = {
      app,
      deps,
      agent: (ip) => new TestAgent(app, deps, ip ?? '10.9.1.1'),
      close: () => deps.close(),
    }
    const a = await makeTenant(deps)
    const viewer = await loginAs(short, 'viewer', a.id)
    const res = await viewer.get('/live')
    expect(res.status).toBe(200)
    // reads to the end: resolves only because the server closes the stream
    const text = await readUntil(res.body as ReadableStream<Uint8Array>, 'never sent')
    expect(text).toContain('event: hello')
  })
})
