// A start that fails after the background workers started (here: the recovery console's port is
// taken) stops every one of them and closes the database: nothing keeps running in the process.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { startOutpost } from '../../../src/startup.ts'

let dir: string
let blocker: Server
let busyPort: number
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-failed-start-'))
  blocker = createServer()
  await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok))
  busyPort = (blocker.address() as { port: number }).port
})
afterAll(() => {
  blocker.close()
  rmSync(dir, { recursive: true, force: true })
})

const silent = new Writable({ write: (_chunk, _enc, done) => done() })
const env = (recoveryPort: number) => ({
  OUTPOST_DATA_DIR: dir,
  OUTPOST_PORT: '0',
  OUTPOST_HOST: '127.0.0.1',
  OUTPOST_SYSLOG_PORT: '0',
  OUTPOST_HTTPS_PORT: '0',
  OUTPOST_DISCOVERY_PORT: '0',
  OUTPOST_RECOVERY_PORT: String(recoveryPort),
  OUTPOST_ARGON2_PROFILE: 'light',
})

/** Timers and sockets keeping this process alive, by kind. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1
  return counts
}

/** Intervals created and not cleared while `fn` runs (unref'd ones too, which resources() misses). */
async function leakedIntervals(fn: () => Promise<unknown>): Promise<number> {
  const live = new Set<unknown>()
  const realSet = globalThis.setInterval
  const realClear = globalThis.clearInterval
  const set = vi.spyOn(globalThis, 'setInterval').mockImplementation(((...args: never[]) => {
    const t = (realSet as (...a: never[]) => unknown)(...args)
    live.add(t)
    return t
  }) as never)
  const clear = vi.spyOn(globalThis, 'clearInterval').mockImplementation(((t: never) => {
    live.delete(t)
    realClear(t)
  }) as never)
  try {
    await fn()
  } finally {
    set.mockRestore()
    clear.mockRestore()
  }
  return live.size
}

it('stops every worker it started when the recovery console cannot listen', async () => {
  // a normal start and stop first, so lazily created process-wide things exist in both counts
  const ok = await startOutpost(env(0), { logDestination: silent })
  await ok.stop()
  await new Promise((r) => setTimeout(r, 50))
  const before = resources()
  const leaked = await leakedIntervals(() =>
    expect(startOutpost(env(busyPort), { logDestination: silent })).rejects.toThrow(
      /recovery|listen|EADDRINUSE/i,
    ),
  )
  expect(leaked).toBe(0)
  await new Promise((r) => setTimeout(r, 50))
  expect(resources()).toEqual(before)
})
