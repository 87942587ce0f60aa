// Adding devices through the form against simulated routers over real loopback sockets: the check
// must say precisely what is wrong, and show the router's facts when all is right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'

let t: TestApp
let sim: SimDevice
let operator: TestAgent

beforeAll(async () => {
  t = await createTestApp()
  sim = await startDevice({
    persona: 'rb5009-7.15',
    name: 'sim-core',
    services: { api: true, apiSsl: true, ssh: false },
    serialNumber: 'HCQ0812ABCD',
  })
  sim.device.tree.add('/user', {
    name: 'ops',
    group: 'full',
    password: 'right-Pw-9',
    disabled: 'false',
  })
  sim.device.tree.add('/user/group', {
    name: 'noapi',
    policy: 'local,ssh,read,write,winbox',
    skin: 'default',
  })
  sim.device.tree.add('/user', {
    name: 'webonly',
    group: 'noapi',
    password: 'web-Pw-3',
    disabled: 'false',
  })
  const tenant = await makeTenant(t.deps, 'sim-tenant')
  operator = await loginAs(t, 'operator', tenant.id)
})
afterAll(async () => {
  await sim.close()
  await t.close()
})

const form = (over: Record<string, string>) => ({
  name: 'core-sim',
  host: sim.host,
  api_port: String(sim.apiPort),
  username: 'ops',
  password: 'right-Pw-9',
  is_enabled: 'on',
  poll_interval_s: '60',
  ...over,
})

describe('adding a simulated router', () => {
  it('says the credentials are wrong, then shows identity, board and version with the right ones', async () => {
    const wrong = await operator.post('/devices', form({ password: 'wrong-password' }))
    expect(wrong.status).toBe(422)
    const wrongText = visibleText(await wrong.text())
    expect(wrongText).toContain('The router rejected the user name or password.')
    expect(wrongText).not.toContain('wrong-password')

    const right = await operator.post('/devices', form({}))
    expect(right.status).toBe(303)
    const location = right.headers.get('Location') ?? ''
    const page = visibleText(await (await operator.get(location)).text())
    expect(page).toContain('sim-core')
    expect(page).toContain(sim.device.persona.board)
    expect(page).toContain(sim.version)
    expect(page).toContain('HCQ0812ABCD')
    // the router answered the check, so it was seen just now (not "never" until the first poll)
    expect(page).not.toMatch(/Last seen\s*never/)
  })

  it('"Check now" reports the router answering, then a changed password', async () => {
    const res = await operator.post('/devices', form({ name: 'check-now' }))
    expect(res.status).toBe(303)
    const location = res.headers.get('Location') ?? ''
    expect((await operator.post(`${location}/check`)).status).toBe(303)
    expect(visibleText(await (await operator.get(location)).text())).toContain(
      'check-now answered: sim-core',
    )
    const opsId = sim.device.tree.list('/user').find((u) => u.props.name === 'ops')?.id ?? ''
    sim.device.tree.set('/user', opsId, { password: 'rotated-on-router' })
    try {
      expect((await operator.post(`${location}/check`)).status).toBe(303)
      expect(visibleText(await (await operator.get(location)).text())).toContain(
        'The router rejected the user name or password.',
      )
    } finally {
      sim.device.tree.set('/user', opsId, { password: 'right-Pw-9' })
    }
  })

  it('says the account lacks the api policy', async () => {
    const res = await operator.post(
      '/devices',
      form({ name: 'noapi', username: 'webonly', password: 'web-Pw-3' }),
    )
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain('lacks the "api" policy')
  })

  it('reports a TLS failure when the pinned fingerprint does not match', async () => {
    const res = await operator.post(
      '/devices',
      form({
        name: 'tls-pin',
        transport: 'api-ssl',
        api_port: String(sim.apiSslPort),
        tls_mode: 'pin',
        tls_fingerprint: 'ab'.repeat(32),
      }),
    )
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toMatch(/TLS with .* failed: .*fingerprint mismatch/)
  })

  it('connects over API-SSL accepting the self-signed certificate', async () => {
    const res = await operator.post(
      '/devices',
      form({
        name: 'tls-ok',
        transport: 'api-ssl',
        api_port: String(sim.apiSslPort),
        tls_mode: 'insecure',
      }),
    )
    expect(res.status).toBe(303)
  })

  it('names both addresses when neither answers', async () => {
    const res = await operator.post(
      '/devices',
      form({ name: 'both-down', host: '127.0.0.2', host2: '127.0.0.3' }),
    )
    expect(res.status).toBe(422)
    const text = visibleText(await res.text())
    expect(text).toContain(`127.0.0.2:${sim.apiPort} refused the connection`)
    expect(text).toContain(`Second address: 127.0.0.3:${sim.apiPort} refused the connection`)
  })

  it('falls back to the second management address when the first refuses', async () => {
    // the simulator listens on 127.0.0.1 only, so 127.0.0.2 (also loopback) refuses
    const res = await operator.post(
      '/devices',
      form({ name: 'failover', host: '127.0.0.2', host2: sim.host }),
    )
    expect(res.status).toBe(303)
  })
})
