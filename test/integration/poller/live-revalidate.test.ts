// An open /live stream is authorised again before each batch of events and every few seconds
// (issue 7: it kept sending the tenant's events after logout, removal or a role change).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../../src/app.ts'
import { EventBus } from '../../../src/poller/event-bus.ts'
import { REVALIDATE_MS } from '../../../src/dashboard/live.routes.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { TestAgent, type TestApp } from '../../support/test-app.ts'

let deps: TestDeps
let t: TestApp
let bus: EventBus
let tenant: { id: TenantId; name: string }

beforeEach(async () => {
  deps = await createTestDeps()
  bus = new EventBus()
  const app = createApp(deps, { live: { latestOf: () => [], metrics: undefined, bus } })
  let n = 1
  t = {
    app,
    deps,
    agent: (ip) => new TestAgent(app, deps, ip ?? `10.9.2.${n++}`),
    close: () => deps.close(),
  }
  tenant = await makeTenant(deps)
})
afterEach(async () => {
  await deps.close()
})

interface Stream {
  /** reads until `text` appears; fails after `ms` */
  until(text: string, ms?: number): Promise<string>
  /** reads to the end; `ended` false when the server kept it open for `ms` */
  rest(ms: number): Promise<{ text: string; ended: boolean }>
}

function reader(res: Response): Stream {
  const r = (res.body as ReadableStream<Uint8Array>).getReader()
  const dec = new TextDecoder()
  let acc = ''
  let done = false
  const pump = async (stop: () => boolean, ms: number) => {
    const deadline = Date.now() + ms
    while (!done && !stop() && Date.now() < deadline) {
      const next = await Promise.race([
        r.read(),
        new Promise<'timeout'>((ok) =>
          setTimeout(() => ok('timeout'), Math.max(1, deadline - Date.now())),
        ),
      ])
      if (next === 'timeout') break
      if (next.done) done = true
      else acc += dec.decode(next.value)
    }
  }
  return {
    async until(text, ms = 3000) {
      await pump(() => acc.includes(text), ms)
      expect(acc).toContain(text)
      return acc
    },
    async rest(ms) {
      await pump(() => false, ms)
      if (!done) await r.cancel()
      return { text: acc, ended: done }
    },
  }
}

const emit = (deviceId: string) =>
  bus.emit('device.status_changed', {
    tenantId: tenant.id,
    deviceId,
    from: 'online',
    to: 'offline',
    at: 1,
  })

async function openStream(role: 'viewer' | 'operator' = 'viewer') {
  const user = await loginAs(t, role, tenant.id)
  const res = await user.get('/live')
  expect(res.status).toBe(200)
  const stream = reader(res)
  await stream.until('event: hello')
  // the stream delivers while the session holds
  emit('before-change')
  await stream.until('before-change')
  return { user, stream }
}

describe('an open /live stream', () => {
  it('ends after logout without sending the next batch', async () => {
    const { user, stream } = await openStream()
    expect((await user.post('/logout')).status).toBe(303)
    emit('after-logout')
    const { text, ended } = await stream.rest(3000)
    expect(ended).toBe(true)
    expect(text).not.toContain('after-logout')
  })

  it('ends once the user is removed from the tenant', async () => {
    const { user, stream } = await openStream()
    const admin = await loginAs(t, 'admin', tenant.id)
    expect((await admin.post(`/users/${user.userId}/remove`)).status).toBe(303)
    emit('after-removal')
    const { text, ended } = await stream.rest(3000)
    expect(ended).toBe(true)
    expect(text).not.toContain('after-removal')
  })

  it('ends once the account is disabled or its role changes', async () => {
    const admin = await loginAs(t, 'admin', tenant.id)
    const a = await openStream()
    expect((await admin.post(`/users/${a.user.userId}/disable`)).status).toBe(303)
    emit('after-disable')
    const disabled = await a.stream.rest(3000)
    expect(disabled.ended).toBe(true)
    expect(disabled.text).not.toContain('after-disable')

    const b = await openStream('operator')
    expect((await admin.post(`/users/${b.user.userId}/role`, { role: 'viewer' })).status).toBe(303)
    emit('after-role-change')
    const changed = await b.stream.rest(3000)
    expect(changed.ended).toBe(true)
    expect(changed.text).not.toContain('after-role-change')
  })

  it('ends within a few seconds even when no event arrives', { timeout: 20_000 }, async () => {
    const { user, stream } = await openStream()
    expect((await user.post('/logout')).status).toBe(303)
    const { ended } = await stream.rest(REVALIDATE_MS + 3000)
    expect(ended).toBe(true)
  })
})
