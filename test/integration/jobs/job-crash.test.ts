// kill -9 during a 500-target job: after the restart every target is in a true state (done,
// interrupted or never started) and no device ran the command twice unless the user resumed it.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import {
  createJob,
  getJobDetail,
  jobRunner,
  recoverJobs,
  resumeJob,
} from '../../../src/jobs/index.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSshServer, type SshServerHandle } from '../../../src/sim/ssh/ssh-server.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'

const TARGETS = 500
const sims: { dev: SimRouter; ssh: SshServerHandle }[] = []
let deps: TestDeps | undefined
afterAll(async () => {
  if (deps) await jobRunner(deps).idle()
  for (const s of sims) {
    await s.ssh.close()
    s.dev.dispose()
  }
  await deps?.close()
})

const logins = (dev: SimRouter) =>
  dev.logEntries.filter((e) => / logged in .* via ssh$/.test(e.message)).length

it('keeps every target in a true state across kill -9 and runs none twice', async () => {
  deps = await createTestDeps()
  const tenantId = newId<TenantId>()
  await deps.db
    .insertInto('tenants')
    .values({ id: tenantId, name: 'crash', created_at: Date.now() })
    .execute()
  const scope = forTenant(deps.kysely, tenantId)
  const actor = { kind: 'user' as const, id: 'U', name: 'crash-test', ip: null }
  const byId = new Map<string, SimRouter>()
  for (let i = 0; i < TARGETS; i++) {
    const dev = new SimRouter({ persona: 'chr-7.18', name: `crash-${i}` })
    const ssh = await startSshServer(dev, { host: '127.0.0.1', port: 0 })
    sims.push({ dev, ssh })
    const input = deviceCreateSchema.parse({
      name: `crash-${i}`,
      host: '127.0.0.1',
      api_port: '1',
      ssh_port: String(ssh.port),
      username: 'admin',
      password: '',
      is_enabled: 'false',
    })
    const r = await addDevice({ deps, scope, actor }, input, { check: false, saveAnyway: false })
    if (!r.ok) throw new Error('device')
    byId.set(r.device.id, dev)
  }
  // scheduled a moment ahead, so the child (not this process) is the one that runs it
  const job = await createJob(
    { deps, scope, actor },
    {
      kind: 'command',
      command: '/system resource print',
      targets: { all: true },
      concurrency: 10,
      canary: 0,
      canaryAuto: false,
      stopOnFailure: false,
      timeoutS: 30,
      mode: 'standard',
      notBefore: Date.now() + 60_000,
    },
  )
  await scope.updateTable('jobs').set({ not_before: 1 }).where('id', '=', job.id).execute()

  const child = spawn(
    process.execPath,
    [
      fileURLToPath(new URL('./support/job-child.ts', import.meta.url)),
      deps.dir,
      // on PostgreSQL the child must open the test's database, not a fresh SQLite file
      ...(deps.config.database ? [deps.config.database.url] : []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const exited = new Promise((ok) => child.once('exit', ok))
  // kill -9 once a fifth of the targets are done
  for (let i = 0; i < 1200; i++) {
    const done = await scope
      .selectFrom('job_targets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', job.id)
      .where('state', '=', 'succeeded')
      .executeTakeFirstOrThrow()
    if (Number(done.n) >= TARGETS / 5) break
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill('SIGKILL')
  await exited

  const interrupted = await recoverJobs(deps)
  const after = await getJobDetail({ scope }, job.id)
  expect(after.state).toBe(interrupted > 0 ? 'interrupted' : 'running')
  let ranTwice = 0
  for (const t of after.targets) {
    const n = logins(byId.get(t.deviceId)!)
    expect(['succeeded', 'interrupted', 'queued']).toContain(t.state)
    if (t.state === 'succeeded') expect(n).toBe(1)
    if (t.state === 'queued') expect(n).toBe(0)
    if (t.state === 'interrupted') expect(n).toBeLessThanOrEqual(1)
    expect(t.attempts).toBeLessThanOrEqual(1)
    if (n > 1) ranTwice++
  }
  expect(ranTwice).toBe(0)
  expect(after.counts.succeeded).toBeGreaterThanOrEqual(TARGETS / 5)
  expect(after.counts.queued).toBeGreaterThan(0)

  // the user resumes: interrupted targets run again (asked for), the rest exactly once
  const wasInterrupted = new Set(
    after.targets.filter((t) => t.state === 'interrupted').map((t) => t.deviceId),
  )
  if (after.state === 'interrupted') await resumeJob({ deps, scope, actor }, job.id)
  else jobRunner(deps).start(tenantId, job.id)
  await jobRunner(deps).idle()
  const final = await getJobDetail({ scope }, job.id)
  expect(final.state).toBe('succeeded')
  for (const t of final.targets) {
    const n = logins(byId.get(t.deviceId)!)
    if (!wasInterrupted.has(t.deviceId)) expect(n).toBe(1)
    else expect(n).toBeLessThanOrEqual(2)
  }
}, 240_000)
