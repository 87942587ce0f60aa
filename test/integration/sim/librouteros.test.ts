/**
 * Independent-client check: Debian's python3-librouteros (not our codec) drives the simulator.
 * Needs /usr/bin/python3 with python3-librouteros (installed by .ci/run).
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'

const run = promisify(execFile)
const SCRIPT = fileURLToPath(new URL('./librouteros_check.py', import.meta.url))

interface PyOpts {
  user?: string
  password?: string
  method?: string
  tls?: 'cert' | 'adh'
}

async function py(
  sim: SimDevice,
  scenario: string,
  opts: PyOpts = {},
): Promise<Record<string, unknown>> {
  const port = opts.tls ? sim.apiSslPort : sim.apiPort
  const args = [
    SCRIPT,
    sim.host,
    String(port),
    opts.user ?? 'admin',
    opts.password ?? '',
    scenario,
    opts.method ?? 'plain',
    opts.tls ?? 'plain',
  ]
  const { stdout } = await run('/usr/bin/python3', args, { timeout: 20_000 })
  return JSON.parse(stdout) as Record<string, unknown>
}

describe('python3-librouteros against the simulator', () => {
  let rb: SimDevice
  let chr: SimDevice
  beforeAll(async () => {
    rb = await startDevice({
      persona: 'rb5009-7.15',
      name: 'py-rb',
      services: { ssh: false, apiSsl: false },
    })
    chr = await startDevice({
      persona: 'chr-7.18',
      name: 'py-chr',
      services: { ssh: false, apiSsl: false },
    })
  })
  afterAll(async () => {
    await rb.close()
    await chr.close()
  })

  it('logs in and prints identity, resource and interfaces', async () => {
    const out = await py(rb, 'basic')
    expect(out.ok).toBe(true)
    expect(out.identity).toEqual([{ name: 'py-rb' }])
    expect(out.resource_keys).toEqual(
      expect.arrayContaining(['uptime', 'version', 'cpu-load', 'free-memory', 'board-name']),
    )
    expect(out.interface_names).toEqual([
      'ether1',
      'ether2',
      'ether3',
      'ether4',
      'ether5',
      'ether6',
      'ether7',
      'ether8',
      'sfp-sfpplus1',
      'bridge',
    ])
  })

  it('runs queries built by librouteros (where, In, !=) and raw query words', async () => {
    const out = await py(rb, 'query')
    expect(out).toMatchObject({
      ok: true,
      ethers: [
        'ether1',
        'ether2',
        'ether3',
        'ether4',
        'ether5',
        'ether6',
        'ether7',
        'ether8',
        'sfp-sfpplus1',
      ],
      either: ['ether1', 'ether2'],
      in: ['ether1', 'ether2'],
      not_ether: ['bridge'],
      proplist_keys: ['name', 'type'],
      kwargs_count: 10,
    })
  })

  it('survives !empty on 7.18 (empty result, the connection stays usable)', async () => {
    const out = await py(chr, 'empty')
    expect(out).toEqual({ ok: true, health: [], identity: [{ name: 'py-chr' }] })
  })

  it('gets traps with the real messages and categories', async () => {
    const out = await py(rb, 'trap')
    expect(out).toMatchObject({
      ok: true,
      unknown: { message: 'no such command prefix', category: 0 },
      bad_id: { message: 'no such item', category: 0 },
      bad_arg: { message: 'input does not match any value of interface', category: 1 },
      dup_name: { message: 'failure: already have such name', category: 4 },
      after: [{ name: 'py-rb' }],
    })
  })

  it('reads count-only results', async () => {
    const out = await py(rb, 'count')
    expect(out).toEqual({ ok: true, count: [{ ret: 10 }], ether_count: [{ ret: 9 }] })
  })

  it('adds, sets and removes an address', async () => {
    const out = await py(rb, 'crud')
    expect(out.ok).toBe(true)
    expect(out.id).toMatch(/^\*[0-9A-F]+$/)
    expect(out.found).toEqual([
      expect.objectContaining({ address: '10.20.30.1/24', comment: 'py', disabled: false }),
    ])
    expect(out.after_set).toEqual([expect.objectContaining({ comment: 'py2' })])
    expect(out.after_remove).toEqual([])
  })

  it('reports a bad password as a trap', async () => {
    const out = await py(rb, 'basic', { password: 'wrong' })
    expect(out).toMatchObject({ ok: false, type: 'TrapError' })
    expect(String(out.error)).toContain('invalid user name or password (6)')
  })

  it('talks API-SSL with a certificate and certificate-less (anonymous DH)', async () => {
    const cert = await startDevice({
      persona: 'chr-7.18',
      name: 'py-tls',
      services: { ssh: false, api: false },
    })
    const adh = await startDevice({
      persona: 'chr-7.18',
      name: 'py-adh',
      apiSslMode: 'adh',
      services: { ssh: false, api: false },
    })
    try {
      expect(await py(cert, 'empty', { tls: 'cert' })).toEqual({
        ok: true,
        health: [],
        identity: [{ name: 'py-tls' }],
      })
      expect(await py(adh, 'empty', { tls: 'adh' })).toEqual({
        ok: true,
        health: [],
        identity: [{ name: 'py-adh' }],
      })
      expect(await py(adh, 'empty', { tls: 'cert' })).toMatchObject({ ok: false, type: 'SSLError' })
    } finally {
      await cert.close()
      await adh.close()
    }
  })

  it('logs in to the MD5-only legacy persona with the token method', async () => {
    const legacy = await startDevice({
      persona: 'legacy-6.42',
      name: 'py-legacy',
      services: { ssh: false, apiSsl: false },
    })
    try {
      const out = await py(legacy, 'basic', { method: 'token' })
      expect(out).toMatchObject({ ok: true, identity: [{ name: 'py-legacy' }] })
    } finally {
      await legacy.close()
    }
  })
})
