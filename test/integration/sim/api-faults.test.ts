import net from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ProtocolError, SentenceDecoder } from '../../../src/routeros/protocol.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { Wire } from './api-wire.ts'

function connectOutcome(port: number): Promise<'refused' | 'connected'> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port })
    s.on('connect', () => {
      s.destroy()
      resolve('connected')
    })
    s.on('error', (e: NodeJS.ErrnoException) =>
      resolve(e.code === 'ECONNREFUSED' ? 'refused' : 'connected'),
    )
  })
}

describe('simulator fault injection', () => {
  let sim: SimDevice
  beforeAll(async () => {
    sim = await startDevice({ persona: 'rb5009-7.15', services: { ssh: false } })
  })
  afterAll(async () => {
    await sim.close()
  })
  beforeEach(() => {
    sim.faults.reset()
  })

  it('delays replies by the configured latency', async () => {
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    sim.faults.set({ latencyMs: 150 })
    const start = Date.now()
    const reply = await w.call('/system/identity/print')
    expect(reply.at(-1)).toEqual(['!done'])
    expect(Date.now() - start).toBeGreaterThanOrEqual(140)
    w.close()
  })

  it('stalls replies until the command is cancelled', async () => {
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    sim.faults.set({ stall: true })
    w.send('/system/resource/print', '.tag=s1')
    await expect(w.next(200)).rejects.toThrow('no sentence')
    w.send('/cancel', '=tag=s1', '.tag=c1')
    expect(await w.next()).toEqual(['!trap', '=category=2', '=message=interrupted', '.tag=s1'])
    expect(await w.next()).toEqual(['!done', '.tag=c1'])
    expect(await w.next()).toEqual(['!done', '.tag=s1'])
    w.close()
  })

  it('resets the connection in the middle of a sentence', async () => {
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    sim.faults.set({ resetMidSentence: true })
    w.send('/interface/print')
    await w.whenClosed()
    const bytes = Buffer.concat(w.raw.slice(1))
    expect(bytes.length).toBeGreaterThan(0)
    const d = new SentenceDecoder()
    d.push(bytes)
    expect(d.bufferedBytes).toBeGreaterThan(0)
    expect(w.error?.message ?? '').toMatch(/ECONNRESET|reset/)
  })

  it('sends undecodable garbage and oversized words', async () => {
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    sim.faults.set({ garbage: true })
    w.send('/system/identity/print')
    await new Promise((r) => setTimeout(r, 50))
    expect(w.error).toBeInstanceOf(ProtocolError)
    w.close()
    const w2 = await Wire.connect(sim.apiPort)
    sim.faults.set({ garbage: false })
    await w2.login()
    sim.faults.set({ oversizedWord: true })
    w2.send('/system/identity/print')
    await new Promise((r) => setTimeout(r, 50))
    expect(w2.error?.message).toMatch(/exceeds the limit/)
    w2.close()
  })

  it('answers the next command with !fatal and closes', async () => {
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    sim.faults.set({ fatal: 'out of memory' })
    w.send('/system/identity/print')
    expect(await w.next()).toEqual(['!fatal', 'out of memory'])
    await w.whenClosed()
  })

  it('fails logins with the real message while the fault is on', async () => {
    sim.faults.set({ loginFailure: true })
    const w = await Wire.connect(sim.apiPort)
    expect(await w.login()).toEqual([
      ['!trap', '=message=invalid user name or password (6)'],
      ['!done'],
    ])
    sim.faults.set({ loginFailure: false })
    expect(await w.login()).toEqual([['!done']])
    w.close()
  })

  it('refuses connections while unreachable=refused and listens again afterwards', async () => {
    const port = sim.apiPort
    const w = await Wire.connect(port)
    await w.login()
    sim.faults.set({ unreachable: 'refused' })
    await w.whenClosed()
    expect(await connectOutcome(port)).toBe('refused')
    sim.faults.set({ unreachable: 'none' })
    await sim.waitUntilUp()
    expect(sim.apiPort).toBe(port)
    const again = await Wire.connect(port)
    expect(await again.login()).toEqual([['!done']])
    again.close()
  })

  it('accepts and never answers while unreachable=drop', async () => {
    sim.faults.set({ unreachable: 'drop' })
    const w = await Wire.connect(sim.apiPort)
    w.send('/login', '=name=admin', '=password=')
    await expect(w.next(300)).rejects.toThrow('no sentence')
    expect(w.closed).toBe(false)
    w.close()
  })
})
