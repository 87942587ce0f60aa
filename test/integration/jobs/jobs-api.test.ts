// POST /api/v1/jobs end to end: real app, real SQLite, simulated routers over real SSH.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jobsHarness, type JobJson, type JobsHarness } from './jobs-harness.ts'

let h: JobsHarness
beforeAll(async () => {
  h = await jobsHarness()
  await h.addSims(4)
}, 30_000)
afterAll(() => h.close())

const ended = (j: JobJson) => !['running', 'scheduled'].includes(j.state)

describe('POST /api/v1/jobs (command)', () => {
  it('runs a read-only command on every device and keeps each output', async () => {
    const res = await h.op.request('POST', '/api/v1/jobs', {
      json: { kind: 'command', command: '/system identity print', targets: { all: true } },
    })
    expect(res.status).toBe(201)
    const { job } = await h.json<{ job: JobJson }>(res)
    expect(job.isWrite).toBe(false)
    const done = await h.waitFor(job.id, ended)
    expect(done.state).toBe('succeeded')
    expect(done.targets).toHaveLength(4)
    for (const t of done.targets) {
      expect(t.state).toBe('succeeded')
      expect(t.output).toContain(`name: ${t.deviceName}`)
    }
  })

  it('refuses a write command without the number of targets, and runs it with it', async () => {
    const body = {
      kind: 'command',
      command: '/system identity set name=changed',
      targets: { deviceIds: [h.sims[0]?.id] },
    }
    const refused = await h.op.request('POST', '/api/v1/jobs', { json: body })
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('confirmTargets')
    const { job } = await h.json<{ job: JobJson }>(
      await h.op.request('POST', '/api/v1/jobs', { json: { ...body, confirmTargets: 1 } }),
    )
    const done = await h.waitFor(job.id, ended)
    expect(done.targets[0]?.state).toBe('succeeded')
    // the write went through the change pipeline (issue 11) as a change set
    expect(done.targets[0]?.output).toMatch(/^change \w+ \(bulk command, standard apply\): kept/)
    expect(h.sims[0]?.dev.identity).toBe('changed')
  })

  it('answers 404 for a device of another tenant and creates nothing', async () => {
    const res = await h.op.request('POST', '/api/v1/jobs', {
      json: {
        kind: 'command',
        command: '/system identity print',
        targets: { deviceIds: ['01JXXXXXXXXXXXXXXXXXXXXXXX'] },
      },
    })
    expect(res.status).toBe(404)
  })

  it('does not let a viewer start a job, but shows the tenant jobs', async () => {
    const res = await h.viewer.request('POST', '/api/v1/jobs', {
      json: { kind: 'command', command: '/system identity print', targets: { all: true } },
    })
    expect(res.status).toBe(403)
    const list = await h.json<{ jobs: JobJson[] }>(await h.viewer.request('GET', '/api/v1/jobs'))
    expect(list.jobs.length).toBeGreaterThan(0)
  })

  it('stops on the first failure and leaves the other targets queued', async () => {
    const [bad] = await h.addSims(1, { prefix: 'down' })
    await bad?.sim.close()
    const ids = [bad?.id, ...h.sims.slice(0, 3).map((s) => s.id)]
    const { job } = await h.json<{ job: JobJson }>(
      await h.op.request('POST', '/api/v1/jobs', {
        json: {
          kind: 'command',
          command: '/system resource print',
          targets: { deviceIds: ids },
          concurrency: 1,
          stopOnFailure: true,
        },
      }),
    )
    const done = await h.waitFor(job.id, ended)
    expect(done.state).toBe('halted')
    const first = done.targets.find((t) => t.deviceId === bad?.id)
    expect(first?.state).toBe('failed')
    expect(first?.error).toMatch(/SSH|refused|connect/i)
    expect(done.targets.filter((t) => t.state === 'queued').length).toBeGreaterThan(0)
    h.sims.splice(h.sims.indexOf(bad!), 1)
  })

  it('stops a command that never ends at the per-target timeout and says so', async () => {
    const s = h.sims[1]!
    s.dev.faults.set({ stall: true })
    try {
      const { job } = await h.json<{ job: JobJson }>(
        await h.op.request('POST', '/api/v1/jobs', {
          json: {
            kind: 'command',
            command: '/system resource print',
            targets: { deviceIds: [s.id, h.sims[2]?.id] },
            timeoutS: 1,
          },
        }),
      )
      const done = await h.waitFor(job.id, ended)
      const stuck = done.targets.find((t) => t.deviceId === s.id)
      expect(stuck?.state).toBe('failed')
      expect(stuck?.error).toMatch(/did not finish within 1 s/)
      expect(done.targets.find((t) => t.deviceId === h.sims[2]?.id)?.state).toBe('succeeded')
    } finally {
      s.dev.faults.reset()
    }
  })

  it('caps several megabytes of output and says so', async () => {
    const s = h.sims[2]!
    s.ssh.faults = { endlessExport: true }
    try {
      const { job } = await h.json<{ job: JobJson }>(
        await h.op.request('POST', '/api/v1/jobs', {
          json: {
            kind: 'command',
            command: '/export',
            targets: { deviceIds: [s.id] },
            timeoutS: 60,
          },
        }),
      )
      const done = await h.waitFor(job.id, ended, 60_000)
      expect(done.targets[0]?.state).toBe('failed')
      expect(done.targets[0]?.error).toMatch(/passed 8 MB/)
    } finally {
      s.ssh.faults = {}
    }
  }, 70_000)
})
