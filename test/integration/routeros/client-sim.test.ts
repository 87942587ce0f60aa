import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startDevice } from '../../../src/sim/index.ts'
import type { SimDevice } from '../../../src/sim/index.ts'
import { connect, RouterOsError } from '../../../src/routeros/index.ts'
import type { ConnectOptions, RouterOsSession } from '../../../src/routeros/index.ts'
import type { Sentence } from '../../../src/routeros/protocol.ts'

const sims: SimDevice[] = []
const sessions: RouterOsSession[] = []

async function device(persona: string): Promise<SimDevice> {
  const sim = await startDevice({ persona, services: { api: true, apiSsl: false, ssh: false } })
  sims.push(sim)
  return sim
}

async function open(sim: SimDevice, extra: Partial<ConnectOptions> = {}): Promise<RouterOsSession> {
  const s = await connect({
    host: sim.host,
    port: sim.apiPort,
    username: sim.username,
    password: sim.password,
    commandTimeoutMs: 5000,
    ...extra,
  })
  sessions.push(s)
  return s
}

async function failure(p: Promise<unknown>): Promise<RouterOsError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(RouterOsError)
    return e as RouterOsError
  }
  throw new Error('expected a rejection')
}

let chr: SimDevice
let legacy: SimDevice

beforeAll(async () => {
  chr = await device('chr-7.18')
  legacy = await device('legacy-6.42')
})

afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close()
  for (const sim of sims) sim.faults.reset()
})

afterAll(async () => {
  for (const sim of sims) await sim.close()
})

describe('login', () => {
  it('logs in with the plain method (7.18) and the MD5 challenge (6.42 persona)', async () => {
    for (const sim of [chr, legacy]) {
      const s = await open(sim)
      const [res] = await s.print('/system/resource', { proplist: ['version'] })
      expect(res?.version?.startsWith(sim.version)).toBe(true)
    }
  })
  it('maps a wrong password to bad_credentials on both login methods', async () => {
    for (const sim of [chr, legacy]) {
      const e = await failure(open(sim, { password: 'wrong' }))
      expect(e.code).toBe('bad_credentials')
      expect(e.message).toMatch(
        sim === chr ? /invalid user name or password \(6\)/ : /cannot log in/,
      )
    }
  })
  it('maps a user without the api policy to api_permission', async () => {
    const admin = await open(chr)
    await admin.exec('/user/group/add', { name: 'noapi', policy: 'read,write,ssh' })
    await admin.exec('/user/add', { name: 'bob', group: 'noapi', password: 'pw' })
    const e = await failure(open(chr, { username: 'bob', password: 'pw' }))
    expect(e.code).toBe('api_permission')
  })
})

describe('commands', () => {
  it('prints with .proplist and queries, counts with count-only', async () => {
    const s = await open(chr)
    const all = await s.print('/interface', { proplist: ['name', 'type'] })
    expect(all.length).toBeGreaterThan(0)
    expect(Object.keys(all[0] ?? {}).sort()).toEqual(['name', 'type'])
    const first = all[0]?.name as string
    const one = await s.print('/interface', { proplist: ['name'], query: [`?name=${first}`] })
    expect(one).toEqual([{ name: first }].map((r) => Object.assign(Object.create(null), r)))
    const none = await s.print('/interface', { query: [`?name=${first}`, '?name=nothing', '?#&'] })
    expect(none).toEqual([])
    expect(await s.count('/interface')).toBe(all.length)
    expect(await s.count('/interface', { query: [`?name=${first}`] })).toBe(1)
  })
  it('reports !empty on a 7.18 persona and a plain !done on 6.42', async () => {
    const a = await open(chr)
    const r = await a.write(['/ip/address/print', '?address=203.0.113.99/32'])
    expect(r).toMatchObject({ rows: [], empty: true })
    const b = await open(legacy)
    expect(await b.write(['/ip/address/print', '?address=203.0.113.99/32'])).toMatchObject({
      rows: [],
      empty: false,
    })
  })
  it('turns !trap into a TrapError with category and keeps the connection usable', async () => {
    const s = await open(chr)
    const e = await failure(s.write(['/no/such/print']))
    expect(e).toMatchObject({ code: 'trap', category: 0, routerMessage: 'no such command prefix' })
    const added = await s.exec('/ip/address/add', {
      address: '198.51.100.1/24',
      interface: 'ether1',
    })
    expect(added.done.ret).toMatch(/^\*[0-9A-F]+$/)
    const dup = await failure(
      s.exec('/ip/address/add', { address: '198.51.100.1/24', interface: 'nope0' }),
    )
    expect(dup.code).toBe('trap')
    await s.exec('/ip/address/remove', { '.id': added.done.ret as string })
  })
  it('runs many tagged commands concurrently on one connection', async () => {
    const s = await open(chr)
    const jobs = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? s.print('/system/identity')
        : i % 3 === 1
          ? s.count('/interface')
          : s.print('/system/resource'),
    )
    const out = await Promise.all(jobs)
    for (let i = 0; i < out.length; i += 3) expect(out[i]).toEqual(out[0])
    expect(new Set(out.filter((_, i) => i % 3 === 1)).size).toBe(1)
  })
})

describe('deadlines, streams and faults', () => {
  it('a command past its deadline is rejected and closes the session (no reading on)', async () => {
    const s = await open(chr)
    const other = s.print('/system/identity', { timeoutMs: 0 })
    chr.faults.set({ stall: true })
    const e = await failure(s.write(['/system/resource/print'], { timeoutMs: 200 }))
    expect(e.code).toBe('command_timeout')
    expect(e.message).toBe(
      '/system/resource/print did not finish within 200 ms (connection closed)',
    )
    expect(s.isClosed).toBe(true)
    expect(await s.closed).toBe(e)
    // every other command of the session fails with the same reason, later ones too
    expect(await failure(other)).toBe(e)
    expect(await failure(s.print('/system/identity'))).toBe(e)
    chr.faults.set({ stall: false })
    expect((await (await open(chr)).print('/system/identity'))[0]?.name).toBeTruthy()
  })
  it('streams listen output past the command deadline, cancels when the loop stops', async () => {
    const s = await open(chr, { commandTimeoutMs: 100 })
    const other = await open(chr)
    const [eth] = await s.print('/interface', { proplist: ['.id', 'name'], timeoutMs: 10_000 })
    const stream = s.stream(['/interface/listen'])
    const seen: string[] = []
    setTimeout(
      () =>
        void other
          .exec('/interface/set', { '.id': eth?.['.id'] as string, comment: 'via-listen' })
          .catch(() => undefined),
      300,
    )
    for await (const row of stream) {
      seen.push(row.comment ?? '')
      if (row.comment === 'via-listen') break
    }
    expect(seen).toContain('via-listen')
    // the session stays usable (a generous deadline: the 100 ms one is for the stream, and a loaded CI box is slow)
    expect((await s.print('/system/identity', { timeoutMs: 10_000 })).length).toBe(1)
  })
  it('a refused stream fails the iterator with the trap; a finished one ends', async () => {
    const s = await open(chr)
    const bad = s.stream(['/no/such/listen'])
    const e = await failure(
      (async () => {
        for await (const _ of bad) throw new Error('no rows expected')
      })(),
    )
    expect(e).toMatchObject({ code: 'trap', routerMessage: 'no such command prefix' })
    const rows: string[] = []
    for await (const row of s.stream(['/interface/print', '=.proplist=name']))
      rows.push(row.name ?? '')
    expect(rows).toEqual((await s.print('/interface', { proplist: ['name'] })).map((r) => r.name))
  })
  it('breaking out of a stream sends /cancel (the router answers interrupted)', async () => {
    const late: Sentence[] = []
    const s = await open(chr, { onUnmatched: (x) => late.push(x) })
    const other = await open(chr)
    const stream = s.stream(['/ip/address/listen'])
    setTimeout(
      () =>
        void other
          .exec('/ip/address/add', { address: '192.0.2.7/32', interface: 'ether1' })
          .catch(() => undefined),
      30,
    )
    for await (const row of stream) if (row.address === '192.0.2.7/32') break
    await expect
      .poll(() => late.some((x) => x.command === '!trap' && x.attrs.message === 'interrupted'))
      .toBe(true)
    const [added] = await other.print('/ip/address', {
      query: ['?address=192.0.2.7/32'],
      proplist: ['.id'],
    })
    await other.exec('/ip/address/remove', { '.id': added?.['.id'] as string })
  })
  it('!fatal rejects pending commands with the reason and closes the session', async () => {
    const s = await open(chr)
    chr.faults.set({ fatal: 'simulated fatal' })
    const e = await failure(s.print('/system/identity'))
    expect(e).toMatchObject({ code: 'fatal', reason: 'simulated fatal' })
    expect(s.isClosed).toBe(true)
    expect((await failure(s.print('/system/identity'))).code).toBe('fatal')
  })
  it('a reset in the middle of a sentence rejects every pending command with closed', async () => {
    const s = await open(chr)
    chr.faults.set({ resetMidSentence: true })
    const results = await Promise.all([1, 2, 3].map(() => failure(s.print('/interface'))))
    expect(results.map((r) => r.code)).toEqual(['closed', 'closed', 'closed'])
  })
  it('garbage bytes and oversized words fail with protocol errors', async () => {
    for (const fault of [{ garbage: true }, { oversizedWord: true }]) {
      const s = await open(chr)
      chr.faults.set(fault)
      expect((await failure(s.print('/system/identity'))).code).toBe('protocol')
      chr.faults.reset()
    }
  })
  it('refused and silently dropped connections', async () => {
    const sim = await device('rb5009-7.15')
    sim.faults.set({ unreachable: 'refused' })
    await sim.waitUntilUp()
    expect((await failure(open(sim))).code).toBe('refused')
    sim.faults.set({ unreachable: 'drop' })
    await sim.waitUntilUp()
    const e = await failure(
      connect({
        host: sim.host,
        port: sim.apiPort,
        username: 'admin',
        password: '',
        loginTimeoutMs: 300,
      }),
    )
    expect(e.code).toBe('command_timeout')
  })
})

describe('API-SSL against the simulator', () => {
  it('cert mode: verify with the CA, pin the fingerprint, or accept self-signed', async () => {
    const { simCertificate } = await import('../../../src/sim/index.ts')
    const sim = await startDevice({
      persona: 'rb5009-7.15',
      services: { api: false, apiSsl: true, ssh: false },
    })
    sims.push(sim)
    const cert = simCertificate()
    const modes = [
      { mode: 'verify' as const, ca: cert.cert, checkHostname: false },
      { mode: 'pin' as const, fingerprint256: cert.fingerprint256 },
      { mode: 'insecure' as const },
    ]
    for (const tls of modes) {
      const s = await connect({
        host: sim.host,
        port: sim.apiSslPort,
        tls,
        username: 'admin',
        password: '',
      })
      sessions.push(s)
      expect((await s.print('/system/identity'))[0]?.name).toBe('MikroTik')
    }
    const wrongPin = 'AA:'.repeat(31) + 'AA'
    const e = await failure(
      connect({
        host: sim.host,
        port: sim.apiSslPort,
        tls: { mode: 'pin', fingerprint256: wrongPin },
        username: 'admin',
        password: '',
      }),
    )
    expect(e.code).toBe('tls')
  })
  it('certless mode: anonymous DH', async () => {
    const sim = await startDevice({
      persona: 'chr-7.18',
      apiSslMode: 'adh',
      services: { api: false, apiSsl: true, ssh: false },
    })
    sims.push(sim)
    const s = await connect({
      host: sim.host,
      port: sim.apiSslPort,
      tls: { mode: 'certless' },
      username: 'admin',
      password: '',
    })
    sessions.push(s)
    expect(await s.count('/interface')).toBeGreaterThan(0)
  })
})

describe('connection loss', () => {
  it('rejects every pending command with closed when the router goes away', async () => {
    const sim = await device('hap-ac-6.49')
    const s = await open(sim)
    sim.faults.set({ stall: true })
    const pending = [1, 2, 3, 4].map(() => failure(s.print('/interface')))
    await new Promise((r) => setTimeout(r, 50))
    await sim.close()
    expect((await Promise.all(pending)).map((e) => e.code)).toEqual([
      'closed',
      'closed',
      'closed',
      'closed',
    ])
    expect((await s.closed).code).toBe('closed')
  })
})

describe('segmentation towards the simulator', () => {
  it('the router side decodes commands sent one byte per TCP segment', async () => {
    const { default: net } = await import('node:net')
    const { encodeSentence, SentenceDecoder, parseSentence } =
      await import('../../../src/routeros/protocol.ts')
    const sock = net.connect(chr.apiPort, chr.host)
    sock.setNoDelay(true)
    await new Promise((r) => sock.once('connect', r))
    const decoder = new SentenceDecoder()
    const got: string[] = []
    sock.on('data', (c) => {
      for (const w of decoder.push(c))
        got.push(parseSentence(w).command + (parseSentence(w).tag ?? ''))
    })
    const bytes = Buffer.concat([
      encodeSentence(['/login', '=name=admin', '=password=', '.tag=a']),
      encodeSentence(['/system/identity/print', '.tag=b']),
    ])
    // one byte per write, with a pause right before each terminating zero byte
    for (let i = 0; i < bytes.length; i++) {
      sock.write(bytes.subarray(i, i + 1))
      await new Promise((r) => setTimeout(r, bytes[i + 1] === 0 ? 20 : 0))
    }
    await expect.poll(() => got).toEqual(['!donea', '!reb', '!doneb'])
    sock.destroy()
  })
})
