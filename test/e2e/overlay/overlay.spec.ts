// The overlay end to end with real WireGuard. Three namespaces: the "appliance" (the built
// server, running wireguard-go through its own wrapper), a NAT router, and the "customer site"
// behind it with a simulated RouterOS 7 router in a process of its own. The test adds the device
// by its LAN address (unreachable from the appliance), creates an enrollment, pastes the script
// into the simulated router (its /tool fetch calls the URL through the NAT), brings up the router
// side's real wireguard-go from the simulator's configuration, and waits until the appliance
// polls the device through the tunnel. The test reaches the appliance over a control link.
import type { ChildProcess } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser } from '../../support/http-browser.ts'
import { NetnsLab, requireOverlayTools } from '../../support/overlay-netns.ts'
import { startPeer } from '../../support/overlay-wg.ts'
import { buildServer, CHROMIUM, launchBrowser, removeBuild } from '../harness.ts'

const lab = new NetnsLab('e')
const pid = process.pid
// a control link from this test's namespace to the appliance (RFC 2544 test range, per pid)
const CONTROL = { mine: `198.19.${pid % 250}.1`, appliance: `198.19.${pid % 250}.2` }
const WAN = { appliance: '198.18.10.1', nat: '198.18.10.2' }
let serverFile: string
let dataDir: string
let server: ChildProcess
let site: ChildProcess
let siteLines: AsyncIterator<string>
let url: string
let ns: { app: string; nat: string; site: string }
const stopPeers: (() => Promise<void>)[] = []

async function waitFor<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

beforeAll(async () => {
  requireOverlayTools()
  serverFile = await buildServer()
  ns = { app: lab.ns('a'), nat: lab.ns('n'), site: lab.ns('s') }
  lab.link(ns.app, `${WAN.appliance}/24`, ns.nat, `${WAN.nat}/24`, 'w')
  lab.link(ns.nat, '192.168.77.1/24', ns.site, '192.168.77.2/24', 'l')
  lab.exec(ns.site, ['ip', 'route', 'add', 'default', 'via', '192.168.77.1'])
  lab.exec(ns.nat, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1'])
  lab.exec(
    ns.nat,
    ['nft', '-f', '-'],
    [
      'table ip nat {',
      '  chain post { type nat hook postrouting priority 100; ip saddr 192.168.77.0/24 masquerade; }',
      '}',
    ].join('\n'),
  )
  // control link: this namespace ↔ appliance only
  const ctlA = `ovle${pid}ca`.slice(-15)
  const ctlB = `ovle${pid}cb`.slice(-15)
  lab.execHost(['ip', 'link', 'add', ctlB, 'type', 'veth', 'peer', 'name', ctlA, 'netns', ns.app])
  lab.exec(ns.app, ['ip', 'address', 'add', `${CONTROL.appliance}/30`, 'dev', ctlA])
  lab.exec(ns.app, ['ip', 'link', 'set', ctlA, 'up'])
  lab.hostCleanup.push(['ip', 'link', 'del', ctlB])
  lab.execHost(['ip', 'address', 'add', `${CONTROL.mine}/30`, 'dev', ctlB])
  lab.execHost(['ip', 'link', 'set', ctlB, 'up'])

  dataDir = mkdtempSync(join(tmpdir(), 'outpost-e2e-ovl-'))
  server = lab.spawn(ns.app, [process.execPath, serverFile], {
    OUTPOST_DATA_DIR: dataDir,
    OUTPOST_PORT: '3000',
    OUTPOST_HOST: '0.0.0.0',
    OUTPOST_HTTPS_PORT: '0',
    OUTPOST_RECOVERY_PORT: '0',
    OUTPOST_SYSLOG_PORT: '0',
    OUTPOST_OVERLAY_PORT: '51820',
    OUTPOST_OVERLAY_INTERFACE: `ovle${pid}w`.slice(0, 15),
    OUTPOST_OVERLAY_ENDPOINT: WAN.appliance,
    OUTPOST_PUBLIC_URL: `http://${WAN.appliance}:3000`,
    OUTPOST_ARGON2_PROFILE: 'light',
    OUTPOST_LOG_LEVEL: 'info',
  })
  const logs = createInterface({ input: server.stdout! })
  let stderr = ''
  server.stderr?.on('data', (d) => (stderr += String(d)))
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${stderr}`)), 30_000)
    logs.on('line', (line) => {
      if (line.includes('"outpost listening"')) {
        clearTimeout(timer)
        ok()
      }
    })
  })
  url = `http://${CONTROL.appliance}:3000`

  site = lab.spawn(ns.site, [process.execPath, 'test/support/overlay-site-router.ts'])
  let siteErr = ''
  site.stderr?.on('data', (d) => (siteErr += String(d)))
  siteLines = createInterface({ input: site.stdout! })[Symbol.asyncIterator]()
  const ready = await siteLines.next()
  if (ready.done) throw new Error(`the site router did not start: ${siteErr}`)
}, 120_000)

afterAll(async () => {
  for (const stop of stopPeers) await stop()
  await lab.cleanup()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  if (serverFile) removeBuild(serverFile)
})

async function signedIn(): Promise<{ b: Browser; csrf: () => Promise<string> }> {
  const b = new Browser(url)
  const first = readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim()
  await b.req('POST', '/login', {
    form: { username: 'admin', password: first, _csrf: await b.token('/login') },
  })
  const pw = 'overlay e2e passphrase'
  await b.req('POST', '/account/password', {
    form: {
      currentPassword: first,
      newPassword: pw,
      confirmPassword: pw,
      _csrf: await b.token('/account/password'),
    },
  })
  const created = await b.req('POST', '/tenants', {
    form: { name: 'Remote Co', _csrf: await b.token('/tenants') },
  })
  const tenantId = /\/tenants\/([0-9A-Z]{26})$/.exec(created.headers.get('location') ?? '')?.[1]
  await b.req('POST', '/session/tenant', {
    form: { tenantId: tenantId ?? '', returnTo: '/', _csrf: await b.token('/') },
  })
  return { b, csrf: () => b.token('/') }
}

describe('a router behind NAT calls home over WireGuard', () => {
  it('enrolls with the pasted script and is polled through the tunnel', async () => {
    const { b, csrf } = await signedIn()
    const info = (await (await b.req('GET', '/api/v1/overlay')).json()) as {
      interface: { state: { kind: string; mode?: string } }
    }
    expect(info.interface.state).toEqual({ kind: 'running', mode: 'userspace', firewall: 'nft' })
    const add = await b.req(
      'POST',
      '/api/v1/devices',
      {
        json: [
          {
            name: 'site-router',
            host: '192.168.77.2',
            apiPort: 8728,
            sshPort: 2222,
            username: 'admin',
            password: '',
            pollIntervalS: 10,
          },
        ],
      },
      { 'X-CSRF-Token': await csrf() },
    )
    expect(add.status).toBe(201)
    const id = ((await add.json()) as { devices: { id: string }[] }).devices[0]?.id ?? ''
    const made = await b.req('POST', `/api/v1/devices/${id}/overlay/enroll`, undefined, {
      'X-CSRF-Token': await csrf(),
    })
    expect(made.status).toBe(201)
    const { script } = (await made.json()) as { script: string }

    site.stdin?.write(`${JSON.stringify({ paste: script })}\n`)
    const answer = JSON.parse(String((await siteLines.next()).value)) as {
      fetched: { status: number }[]
      wg: {
        privateKey: string
        listenPort: number
        address: string
        peer: { publicKey: string; endpoint: string; allowedAddress: string; keepalive: number }
      }
    }
    expect(answer.fetched.map((f) => f.status)).toEqual([200])
    expect(answer.wg.peer.endpoint).toBe(`${WAN.appliance}:51820`)
    // the harness: the router side's real WireGuard interface, from the simulator's configuration
    const wg = await startPeer(lab, {
      ns: ns.site,
      name: `ovle${pid}r`.slice(0, 15),
      privateKey: answer.wg.privateKey,
      listenPort: answer.wg.listenPort,
      address: answer.wg.address,
      peer: {
        publicKey: answer.wg.peer.publicKey,
        endpoint: answer.wg.peer.endpoint,
        allowedIps: answer.wg.peer.allowedAddress,
        keepalive: answer.wg.peer.keepalive,
      },
    })
    stopPeers.push(() => wg.down())

    const device = await waitFor('the device polled over the overlay', 60_000, async () => {
      const d = (await (await b.req('GET', `/api/v1/devices/${id}`)).json()) as {
        device: { host: string; status: string; identity: string | null }
      }
      return d.device.status === 'online' ? d.device : undefined
    })
    expect(device.host).toBe(answer.wg.address)
    const status = (await (await b.req('GET', `/api/v1/devices/${id}/overlay`)).json()) as {
      latestHandshakeAt: number | null
      rxBytes: number
      endpoint: string
    }
    expect(status.latestHandshakeAt).not.toBeNull()
    expect(status.rxBytes).toBeGreaterThan(0)
    // the router's packets arrive from the NAT's public side, not its LAN address
    expect(status.endpoint.split(':')[0]).toBe(WAN.nat)

    // the pages, as a browser shows them (1280 and 390 px wide)
    const browser = await launchBrowser()
    try {
      const page = await browser.context.newPage()
      await browser.context.addCookies([...b.jar].map(([name, value]) => ({ name, value, url })))
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 })
        await page.goto(`${url}/overlay`)
        expect(await page.textContent('main')).toContain('site-router')
        await page.screenshot({ path: join(tmpdir(), `ovl-overlay-${width}.png`), fullPage: true })
        await page.goto(`${url}/devices/${id}/overlay`)
        expect(await page.textContent('main')).toContain(answer.wg.address)
        await page.screenshot({ path: join(tmpdir(), `ovl-device-${width}.png`), fullPage: true })
      }
    } finally {
      await browser.close()
    }
    expect(CHROMIUM).toBe('/usr/bin/chromium')

    // deleting the device takes its peer off the appliance's interface
    const del = await b.req('DELETE', `/api/v1/devices/${id}`, undefined, {
      'X-CSRF-Token': await csrf(),
    })
    expect(del.status).toBe(204)
    const peers = lab.exec(ns.app, ['wg', 'show', `ovle${pid}w`.slice(0, 15), 'peers'])
    expect(peers.trim()).toBe('')
  }, 120_000)
})
