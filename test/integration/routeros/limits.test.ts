// The client's caps against the simulator's hostile-device faults over real sockets: every cap
// fails its command with a typed error in plain words and closes the session, quickly (long
// before the command deadline), and streams stay streaming (the caps bound only unread rows).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startDevice } from '../../../src/sim/index.ts'
import type { SimDevice } from '../../../src/sim/index.ts'
import { connect, RouterOsError, sshExec } from '../../../src/routeros/index.ts'
import type { ConnectOptions, RouterOsSession } from '../../../src/routeros/index.ts'

let sim: SimDevice
const sessions: RouterOsSession[] = []

beforeAll(async () => {
  sim = await startDevice({
    persona: 'chr-7.18',
    services: { api: true, apiSsl: false, ssh: true },
  })
})
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close()
  sim.faults.reset()
  if (sim.ssh) sim.ssh.faults = {}
})
afterAll(async () => {
  await sim.close()
})

async function open(extra: Partial<ConnectOptions> = {}): Promise<RouterOsSession> {
  const s = await connect({
    host: sim.host,
    port: sim.apiPort,
    username: sim.username,
    password: sim.password,
    // far away: a cap must end the command, not the deadline
    commandTimeoutMs: 20_000,
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

/** Runs `fn` and returns its error and how long it took. */
async function timed(fn: () => Promise<unknown>): Promise<{ e: RouterOsError; ms: number }> {
  const start = Date.now()
  const e = await failure(fn())
  return { e, ms: Date.now() - start }
}

describe('rows per reply', () => {
  it('endless !re rows fail the command at the default 100,000 rows and close the session', async () => {
    // the byte cap lifted, so the row cap is the one that trips (small rows)
    const s = await open({ maxReplyBytes: Number.MAX_SAFE_INTEGER })
    sim.faults.set({ endlessRows: true })
    const { e, ms } = await timed(() => s.print('/interface'))
    expect(e).toMatchObject({ code: 'too_many_rows', limit: 100_000, command: '/interface/print' })
    expect(e.message).toBe(
      '/interface/print: the device sent more than 100,000 rows (connection closed)',
    )
    expect(ms).toBeLessThan(10_000)
    expect(s.isClosed).toBe(true)
    expect(await s.closed).toBe(e)
  })
  it('a smaller cap set per session; the other pending commands fail with the same reason', async () => {
    const s = await open({ maxReplyRows: 1000 })
    const queued = s.print('/system/identity')
    sim.faults.set({ endlessRows: true })
    const e = await failure(s.print('/interface'))
    expect(e.message).toContain('more than 1,000 rows')
    expect(await failure(queued)).toBe(e)
    expect(await failure(s.print('/system/identity'))).toBe(e)
  })
  it('an endless reply to the login fails the connect with the cap error', async () => {
    sim.faults.set({ endlessRows: true })
    const { e } = await timed(() => open({ maxReplyRows: 5000 }))
    expect(e.code).toBe('too_many_rows')
  })
})

describe('bytes per command', () => {
  it('counts the reply in memory terms (bytes plus a per-word overhead) and closes at the cap', async () => {
    const s = await open({ maxReplyRows: Number.MAX_SAFE_INTEGER, maxReplyBytes: 1024 * 1024 })
    sim.faults.set({ endlessRows: true })
    const e = await failure(s.print('/interface'))
    expect(e).toMatchObject({ code: 'reply_too_large', limit: 1024 * 1024 })
    expect(e.message).toBe('/interface/print: the device sent more than 1 MiB (connection closed)')
    expect(s.isClosed).toBe(true)
  })
  it('the default cap (32 MiB) ends an endless reply even with no row cap', async () => {
    const s = await open({ maxReplyRows: Number.MAX_SAFE_INTEGER })
    sim.faults.set({ endlessRows: true })
    const { e, ms } = await timed(() => s.print('/interface'))
    expect(e.message).toContain('more than 32 MiB')
    expect(ms).toBeLessThan(15_000)
  })
})

describe('bytes per sentence', () => {
  it('one endless sentence fails at the default 1 MiB, words of the unfinished sentence counted', async () => {
    const s = await open()
    sim.faults.set({ endlessSentence: true })
    const { e, ms } = await timed(() => s.print('/system/resource'))
    expect(e).toMatchObject({ code: 'sentence_too_large', limit: 1024 * 1024 })
    expect(e.message).toBe('the device sent a sentence larger than 1 MiB (connection closed)')
    expect(ms).toBeLessThan(5000)
    expect(s.isClosed).toBe(true)
  })
  it('a huge word fails as soon as its length is announced, before its bytes are kept', async () => {
    const s = await open()
    sim.faults.set({ hugeWords: true })
    const { e, ms } = await timed(() => s.print('/system/identity'))
    expect(e.code).toBe('sentence_too_large')
    expect(ms).toBeLessThan(5000)
  })
  it('a larger sentence cap lets the huge words through, then stops the sentence', async () => {
    const s = await open({ maxSentenceBytes: 40 * 1024 * 1024 })
    sim.faults.set({ hugeWords: true })
    const e = await failure(s.print('/system/identity'))
    expect(e.message).toContain('larger than 40 MiB')
  })
})

describe('streams stay streaming', () => {
  it('reads far more rows than the cap while it keeps up; fails once unread rows pass it', async () => {
    const s = await open({ maxReplyRows: 10_000 })
    const slow = await open({ maxReplyRows: 10_000 })
    sim.faults.set({ endlessRows: true })
    let n = 0
    for await (const row of s.stream(['/interface/print', '=follow='])) {
      expect(row.type).toBe('ether')
      if (++n === 50_000) break
    }
    expect(n).toBe(50_000)
    const stream = slow.stream(['/interface/print', '=follow='])
    // nobody reads: the unread rows pass the cap
    expect((await slow.closed).code).toBe('too_many_rows')
    const e = await failure(
      (async () => {
        for await (const _ of stream) void _
      })(),
    )
    expect(e.code).toBe('too_many_rows')
  })
})

describe('command deadline', () => {
  it('closes the session (today it kept reading a device that never stops)', async () => {
    const s = await open({
      maxReplyRows: Number.MAX_SAFE_INTEGER,
      maxReplyBytes: Number.MAX_SAFE_INTEGER,
    })
    sim.faults.set({ endlessRows: true })
    const e = await failure(s.print('/interface', { timeoutMs: 300 }))
    expect(e.code).toBe('command_timeout')
    expect(s.isClosed).toBe(true)
  })
})

describe('SSH output', () => {
  it('an endless export fails at the default 16 MiB with reply_too_large', async () => {
    if (!sim.ssh) throw new Error('ssh expected')
    sim.ssh.faults = { endlessExport: true }
    const base = {
      host: sim.host,
      port: sim.sshPort,
      username: sim.username,
      password: sim.password,
    }
    const small = await failure(
      sshExec({ ...base, command: '/export', maxOutputBytes: 256 * 1024 }),
    )
    expect(small.message).toBe('ssh /export: the device sent more than 256 KiB (connection closed)')
    const { e, ms } = await timed(() => sshExec({ ...base, command: '/export', timeoutMs: 25_000 }))
    expect(e.code).toBe('reply_too_large')
    expect(e.message).toContain('more than 16 MiB')
    expect(ms).toBeLessThan(25_000)
  }, 40_000)
})
