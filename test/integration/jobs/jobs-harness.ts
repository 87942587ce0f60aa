// Shared by the jobs tests: the real app on a fresh database, an operator and a viewer of one
// tenant, and simulated routers reached over real SSH on loopback.
import type { TenantId } from '../../../src/lib/ids.ts'
import { jobRunner } from '../../../src/jobs/index.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSshServer, type SshServerHandle } from '../../../src/sim/ssh/ssh-server.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'

export interface SimSsh {
  dev: SimRouter
  ssh: SshServerHandle
  id: string
}

export interface JobsHarness {
  t: TestApp
  tenantId: TenantId
  op: TestAgent
  viewer: TestAgent
  sims: SimSsh[]
  /** starts simulated routers and adds them as devices (SSH only) */
  addSims(n: number, opts?: { persona?: string; prefix?: string; rebootDelayMs?: number }): Promise<SimSsh[]>
  json<T>(res: Response): Promise<T>
  waitFor(jobId: string, done: (job: JobJson) => boolean, ms?: number): Promise<JobJson>
  close(): Promise<void>
}

export interface TargetJson { deviceId: string; deviceName: string; state: string; output: string; error: string | null; attempts: number; outputCapped: boolean; beforeVersion: string | null; afterVersion: string | null }
export interface JobJson { id: string; state: string; note: string | null; counts: Record<string, number>; targets: TargetJson[]; isWrite: boolean }

export async function jobsHarness(): Promise<JobsHarness> {
  const t = await createTestApp()
  const tenant = await makeTenant(t.deps)
  const op = await loginAs(t, 'operator', tenant.id)
  const viewer = await loginAs(t, 'viewer', tenant.id)
  const sims: SimSsh[] = []
  let n = 0
  const json = async <T>(res: Response): Promise<T> => {
    const text = await res.text()
    if (res.status >= 300) throw new Error(`${res.status}: ${text}`)
    return JSON.parse(text) as T
  }
  return {
    t, tenantId: tenant.id, op, viewer, sims, json,
    async addSims(count, opts = {}) {
      const made: SimSsh[] = []
      for (let i = 0; i < count; i++) {
        const name = `${opts.prefix ?? 'jr'}-${++n}`
        const dev = new SimRouter({ persona: opts.persona ?? 'rb5009-7.15', name, ...(opts.rebootDelayMs !== undefined ? { rebootDelayMs: opts.rebootDelayMs } : {}) })
        const ssh = await startSshServer(dev, { host: '127.0.0.1', port: 0 })
        const res = await op.request('POST', '/api/v1/devices', { json: [{ name, host: '127.0.0.1', apiPort: 1, sshPort: ssh.port, username: 'admin' }] })
        const id = (await json<{ devices: { id: string }[] }>(res)).devices[0]?.id ?? ''
        made.push({ dev, ssh, id })
      }
      sims.push(...made)
      return made
    },
    async waitFor(jobId, done, ms = 20_000) {
      const t0 = Date.now()
      for (;;) {
        const job = (await json<{ job: JobJson }>(await op.request('GET', `/api/v1/jobs/${jobId}`))).job
        if (done(job)) return job
        if (Date.now() - t0 > ms) throw new Error(`job ${jobId} still ${job.state}: ${JSON.stringify(job.counts)}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    async close() {
      jobRunner(t.deps).stop('*')
      await jobRunner(t.deps).idle()
      for (const s of sims) {
        await s.ssh.close()
        s.dev.dispose()
      }
      await t.close()
    },
  }
}
