// Shared by the jobs tests: the real app on a fresh database, an operator and a viewer of one
// tenant, and simulated routers reached over real SSH on loopback.
import type { TenantId } from '../../../src/lib/ids.ts'
import { jobRunner } from '../../../src/jobs/index.ts'
import { configureChanges } from '../../../src/changes/index.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import type { SimRouter } from '../../../src/sim/device/device.ts'
import type { SshServerHandle } from '../../../src/sim/ssh/ssh-server.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'

export interface SimSsh {
  dev: SimRouter
  ssh: SshServerHandle
  sim: SimDevice
  id: string
}

export interface JobsHarness {
  t: TestApp
  tenantId: TenantId
  op: TestAgent
  viewer: TestAgent
  sims: SimSsh[]
  /** starts simulated routers and adds them as devices (SSH only) */
  addSims(
    n: number,
    opts?: { persona?: string; prefix?: string; rebootDelayMs?: number },
  ): Promise<SimSsh[]>
  json<T>(res: Response): Promise<T>
  waitFor(jobId: string, done: (job: JobJson) => boolean, ms?: number): Promise<JobJson>
  close(): Promise<void>
}

export interface TargetJson {
  deviceId: string
  deviceName: string
  state: string
  output: string
  error: string | null
  attempts: number
  outputCapped: boolean
  beforeVersion: string | null
  afterVersion: string | null
}
export interface JobJson {
  id: string
  state: string
  note: string | null
  counts: Record<string, number>
  targets: TargetJson[]
  isWrite: boolean
}

export async function jobsHarness(): Promise<JobsHarness> {
  const t = await createTestApp()
  const tenant = await makeTenant(t.deps)
  const op = await loginAs(t, 'operator', tenant.id)
  const viewer = await loginAs(t, 'viewer', tenant.id)
  // writes go through the change pipeline: shorter waits for simulated routers (no step skipped)
  configureChanges(t.deps, {
    connectTimeoutMs: 1500,
    commandTimeoutMs: 4000,
    applyBudgetS: 3,
    graceMs: 20_000,
    retryMs: 300,
  })
  const sims: SimSsh[] = []
  let n = 0
  const json = async <T>(res: Response): Promise<T> => {
    const text = await res.text()
    if (res.status >= 300) throw new Error(`${res.status}: ${text}`)
    return JSON.parse(text) as T
  }
  return {
    t,
    tenantId: tenant.id,
    op,
    viewer,
    sims,
    json,
    async addSims(count, opts = {}) {
      const made: SimSsh[] = []
      for (let i = 0; i < count; i++) {
        const name = `${opts.prefix ?? 'jr'}-${++n}`
        const sim = await startDevice({
          persona: opts.persona ?? 'rb5009-7.15',
          name,
          services: { api: true, apiSsl: false, ssh: true },
          ...(opts.rebootDelayMs !== undefined ? { rebootDelayMs: opts.rebootDelayMs } : {}),
        })
        const res = await op.request('POST', '/api/v1/devices', {
          json: [
            {
              name,
              host: '127.0.0.1',
              apiPort: sim.apiPort,
              sshPort: sim.sshPort,
              username: 'admin',
            },
          ],
        })
        const id = (await json<{ devices: { id: string }[] }>(res)).devices[0]?.id ?? ''
        made.push({ dev: sim.device, ssh: sim.ssh!, sim, id })
      }
      sims.push(...made)
      return made
    },
    async waitFor(jobId, done, ms = 20_000) {
      const t0 = Date.now()
      for (;;) {
        const job = (await json<{ job: JobJson }>(await op.request('GET', `/api/v1/jobs/${jobId}`)))
          .job
        if (done(job)) return job
        if (Date.now() - t0 > ms)
          throw new Error(`job ${jobId} still ${job.state}: ${JSON.stringify(job.counts)}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    async close() {
      jobRunner(t.deps).stop('*')
      await jobRunner(t.deps).idle()
      for (const s of sims) await s.sim.close()
      await t.close()
    },
  }
}
