// Canary pause and confirmation, cancel, retry, templates (versions, preview, bad variables),
// guided config and scheduled jobs, through the JSON API against simulated routers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jobsHarness, type JobJson, type JobsHarness } from './jobs-harness.ts'

let h: JobsHarness
beforeAll(async () => {
  h = await jobsHarness()
  await h.addSims(5)
}, 30_000)
afterAll(() => h.close())

const ended = (j: JobJson) => !['running', 'scheduled'].includes(j.state)
const post = async (path: string, json?: unknown) =>
  h.op.request(
    'POST',
    `/api/v1${path}`,
    json === undefined ? { headers: { 'X-CSRF-Token': await h.op.csrfToken() } } : { json },
  )

describe('canary, cancel, retry', () => {
  it('pauses after the canary and continues only when confirmed', async () => {
    const { job } = await h.json<{ job: JobJson }>(
      await post('/jobs', {
        kind: 'command',
        command: '/system identity print',
        targets: { all: true },
        canary: 2,
      }),
    )
    const paused = await h.waitFor(job.id, ended)
    expect(paused.state).toBe('paused')
    expect(paused.note).toMatch(/canary \(2 devices\) succeeded/)
    expect(paused.counts).toMatchObject({ succeeded: 2, queued: 3 })
    await h.json(await post(`/jobs/${job.id}/resume`))
    const done = await h.waitFor(job.id, ended)
    expect(done.state).toBe('succeeded')
    expect(done.counts.succeeded).toBe(5)
  })

  it('goes on by itself after a successful canary when asked to', async () => {
    const { job } = await h.json<{ job: JobJson }>(
      await post('/jobs', {
        kind: 'command',
        command: '/system identity print',
        targets: { all: true },
        canary: 1,
        canaryAuto: true,
      }),
    )
    expect((await h.waitFor(job.id, ended)).state).toBe('succeeded')
  })

  it('cancels the targets not started and records the running ones', async () => {
    for (const s of h.sims) s.dev.faults.set({ latencyMs: 300 })
    try {
      const { job } = await h.json<{ job: JobJson }>(
        await post('/jobs', {
          kind: 'command',
          command: '/system identity print',
          targets: { all: true },
          concurrency: 1,
        }),
      )
      await h.waitFor(job.id, (j) => j.counts.running === 1 || (j.counts.succeeded ?? 0) > 0)
      await h.json(await post(`/jobs/${job.id}/cancel`))
      const done = await h.waitFor(job.id, (j) => j.counts.running === 0)
      expect(done.state).toBe('cancelled')
      expect(done.counts.cancelled).toBeGreaterThanOrEqual(3)
      expect((await post(`/jobs/${job.id}/cancel`)).status).toBe(409)
    } finally {
      for (const s of h.sims) s.dev.faults.reset()
    }
  })

  it('retries only the failed targets', async () => {
    const s = h.sims[4]!
    s.dev.faults.set({ stall: true })
    const { job } = await h.json<{ job: JobJson }>(
      await post('/jobs', {
        kind: 'command',
        command: '/system identity print',
        targets: { deviceIds: [s.id, h.sims[0]!.id] },
        timeoutS: 1,
      }),
    )
    const failed = await h.waitFor(job.id, ended)
    expect(failed.state).toBe('failed')
    s.dev.faults.reset()
    await h.json(await post(`/jobs/${job.id}/retry`))
    const done = await h.waitFor(job.id, ended)
    expect(done.state).toBe('succeeded')
    expect(done.targets.find((t) => t.deviceId === s.id)?.attempts).toBe(2)
    expect(done.targets.find((t) => t.deviceId === h.sims[0]!.id)?.attempts).toBe(1)
  })

  it('waits for its maintenance window', async () => {
    const { job } = await h.json<{ job: JobJson }>(
      await post('/jobs', {
        kind: 'command',
        command: '/system identity print',
        targets: { all: true },
        notBefore: Date.now() + 3_600_000,
      }),
    )
    expect(job.state).toBe('scheduled')
    await new Promise((r) => setTimeout(r, 200))
    expect((await h.waitFor(job.id, () => true)).counts.queued).toBe(5)
  })
})

describe('templates', () => {
  it('keeps versions with who changed what, previews per device and skips a device whose values do not fit', async () => {
    const created = await h.json<{ template: { id: string; readOnly: boolean; version: number } }>(
      await post('/templates', {
        name: 'Identity',
        body: '/system identity set name="{{prefix}}-{{name}}"',
        variables: [
          { name: 'prefix', type: 'string', default: 'site' },
          { name: 'name', type: 'string', source: 'name' },
          { name: 'vlan', type: 'number', required: false },
        ],
      }),
    )
    expect(created.template.readOnly).toBe(false)
    const changed = await h.op.request('PATCH', `/api/v1/templates/${created.template.id}`, {
      json: {
        name: 'Identity',
        body: '/system identity set name="{{prefix}}-{{name}}"\n/interface vlan add name=v{{vlan}} vlan-id={{vlan}} interface=ether1',
        variables: [
          { name: 'prefix', type: 'string', default: 'site' },
          { name: 'name', type: 'string', source: 'name' },
          { name: 'vlan', type: 'number' },
        ],
      },
    })
    expect(changed.status).toBe(200)
    const got = await h.json<{
      versions: { version: number; changedBy: string; summary: string }[]
    }>(await h.op.request('GET', `/api/v1/templates/${created.template.id}`))
    expect(got.versions.map((v) => v.version)).toEqual([2, 1])
    expect(got.versions[0]?.summary).toMatch(/script \+1 -0 lines; variables changed: vlan/)
    const [a, b] = h.sims
    const grid = { [a!.id]: { vlan: 10 }, [b!.id]: { vlan: 'ten' } }
    const preview = await h.json<{
      rows: { deviceId: string; script: string; errors: string[] }[]
    }>(
      await post(`/templates/${created.template.id}/preview`, {
        targets: { deviceIds: [a!.id, b!.id] },
        variables: grid,
      }),
    )
    expect(preview.rows.find((r) => r.deviceId === a!.id)?.script).toContain(
      `/system identity set name="site-${a!.dev.name}"`,
    )
    expect(preview.rows.find((r) => r.deviceId === b!.id)?.errors[0]).toMatch(
      /vlan must be a number, not "ten"/,
    )
    const { job } = await h.json<{ job: JobJson }>(
      await post('/jobs', {
        kind: 'template',
        templateId: created.template.id,
        targets: { deviceIds: [a!.id, b!.id] },
        variables: grid,
        confirmTargets: 1,
      }),
    )
    const done = await h.waitFor(job.id, ended)
    expect(done.targets.find((t) => t.deviceId === b!.id)).toMatchObject({
      state: 'skipped',
      attempts: 0,
    })
    expect(done.targets.find((t) => t.deviceId === b!.id)?.error).toMatch(/vlan must be a number/)
    expect(done.targets.find((t) => t.deviceId === a!.id)?.state).toBe('succeeded')
    expect(a!.dev.identity).toBe(`site-${a!.dev.name}`)
  })

  it('refuses a template that uses an undeclared variable, naming it', async () => {
    const res = await post('/templates', {
      name: 'Broken',
      body: '/ip dns set servers={{dns}}',
      variables: [],
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('{{dns}} is used but not declared')
  })
})

describe('guided config', () => {
  it('applies DNS servers generated from the form to the chosen devices', async () => {
    const target = h.sims[3]!
    const { job } = await h.json<{ job: JobJson }>(
      await post('/jobs', {
        kind: 'guided',
        guided: { task: 'dns', servers: ['192.0.2.53', '198.51.100.53'] },
        targets: { deviceIds: [target.id] },
        confirmTargets: 1,
      }),
    )
    const done = await h.waitFor(job.id, ended)
    expect(done.state).toBe('succeeded')
    expect(target.dev.tree.getSingleton('/ip/dns').servers).toBe('192.0.2.53,198.51.100.53')
  })

  it("offers safe apply for each target (the pipeline arms and disarms its dead man's switch)", async () => {
    const target = h.sims[2]!
    const { job } = await h.json<{ job: JobJson }>(
      await post('/jobs', {
        kind: 'guided',
        guided: { task: 'system', identity: 'safe-one' },
        targets: { deviceIds: [target.id] },
        mode: 'safe',
        confirmTargets: 1,
      }),
    )
    const done = await h.waitFor(job.id, ended, 60_000)
    expect(done.state).toBe('succeeded')
    expect(done.targets[0]?.output).toMatch(/safe apply\): kept/)
    expect(target.dev.identity).toBe('safe-one')
  }, 70_000)
})
