// Staged firmware rollouts against simulated routers over SSH: RouterOS download → reboot →
// verify, then RouterBOOT; canary first, batches after; a failing device halts the rollout.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { jobsHarness, type JobJson, type JobsHarness } from './jobs-harness.ts'

let h: JobsHarness
beforeEach(async () => {
  h = await jobsHarness()
})
afterEach(() => h.close())

const ended = (j: JobJson) => !['running', 'scheduled'].includes(j.state)
const start = async (ids: string[], extra: Record<string, unknown> = {}) =>
  (
    await h.json<{ job: JobJson }>(
      await h.op.request('POST', '/api/v1/jobs', {
        json: {
          kind: 'firmware',
          targets: { deviceIds: ids },
          firmware: { rebootTimeoutS: 8, routerboard: true },
          confirmTargets: ids.length,
          ...extra,
        },
      }),
    )
  ).job

describe('firmware jobs', () => {
  it('upgrades v6 and v7 routers, RouterOS then RouterBOOT, and reports before/after versions', async () => {
    const v6 = await h.addSims(1, { persona: 'hap-ac-6.49', rebootDelayMs: 200 })
    const v7 = await h.addSims(1, { persona: 'rb5009-7.15', rebootDelayMs: 200 })
    const job = await start([v6[0]!.id, v7[0]!.id])
    const done = await h.waitFor(job.id, ended, 60_000)
    expect(done.state).toBe('succeeded')
    const t6 = done.targets.find((t) => t.deviceId === v6[0]!.id)!
    expect([t6.beforeVersion, t6.afterVersion]).toEqual(['6.49.10', '6.49.17'])
    expect(v6[0]!.dev.version).toBe('6.49.17')
    expect(v6[0]!.dev.firmware).toBe('6.49.17')
    expect(v7[0]!.dev.version).toBe(v7[0]!.dev.latestVersion)
    expect(v7[0]!.dev.firmware).toBe(v7[0]!.dev.version)
    expect(t6.output).toMatch(/downloaded; rebooting to install[\s\S]*RouterBOOT/)
  }, 90_000)

  it('halts the rollout when the canary fails to download, leaving the rest untouched', async () => {
    const sims = await h.addSims(4, { persona: 'hap-ac-6.49', rebootDelayMs: 200 })
    sims[0]!.dev.faults.set({ downloadFails: true })
    const job = await start(
      sims.map((s) => s.id),
      { canary: 1, concurrency: 2 },
    )
    const done = await h.waitFor(job.id, ended, 30_000)
    expect(done.state).toBe('halted')
    expect(done.targets[0]?.error).toMatch(/download of RouterOS 6.49.17 failed/)
    expect(done.targets.slice(1).map((t) => t.state)).toEqual(['queued', 'queued', 'queued'])
    for (const s of sims.slice(1)) expect(s.dev.version).toBe('6.49.10')
  }, 60_000)

  it('halts when a device comes back on the old version, and when one does not come back', async () => {
    const sims = await h.addSims(3, { persona: 'rb5009-7.15', rebootDelayMs: 200 })
    sims[0]!.dev.faults.set({ keepsOldVersion: true })
    const first = await h.waitFor((await start([sims[0]!.id])).id, ended, 30_000)
    expect(first.state).toBe('halted')
    expect(first.targets[0]?.error).toMatch(/came back on RouterOS 7.15.3, not/)
    sims[1]!.dev.faults.set({ staysDown: true })
    const second = await h.waitFor(
      (
        await start([sims[1]!.id, sims[2]!.id], {
          concurrency: 1,
          firmware: { rebootTimeoutS: 5, routerboard: false },
        })
      ).id,
      ended,
      30_000,
    )
    expect(second.state).toBe('halted')
    expect(second.targets[0]?.error).toMatch(/did not come back within 5 s/)
    expect(second.targets[1]?.state).toBe('queued')
    expect(sims[2]!.dev.version).toBe('7.15.3')
  }, 60_000)
})
