// GET /jobs/live: a notice reaches the page only for its own tenant (and job, when one is asked
// for); changes arriving together coalesce into one notice.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { jobRunner } from '../../../src/jobs/runner-registry.ts'
import { jobsHarness, type JobsHarness } from './jobs-harness.ts'

let h: JobsHarness
beforeAll(async () => {
  h = await jobsHarness()
}, 30_000)
afterAll(() => h.close())

/** Reads the SSE body, collecting `event:` names, until `stop` says enough or `ms` pass. */
function reader(res: Response) {
  const r = res.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  const events = (): string[] => [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]!)
  // a read still waiting when `until` gave up is kept for the next call, so no chunk is lost
  let pending: ReturnType<typeof r.read> | undefined
  async function until(stop: (events: string[]) => boolean, ms: number): Promise<string[]> {
    const deadline = Date.now() + ms
    while (!stop(events()) && Date.now() < deadline) {
      pending ??= r.read()
      const chunk = await Promise.race([
        pending,
        new Promise<null>((ok) => setTimeout(() => ok(null), deadline - Date.now())),
      ])
      if (chunk === null) break
      pending = undefined
      if (chunk.done) break
      text += decoder.decode(chunk.value, { stream: true })
    }
    return events()
  }
  return { until, text: () => text, cancel: () => r.cancel() }
}

it('notifies the tenant of its own job only, once for a burst', async () => {
  const res = await h.op.get('/jobs/live?job=job-a')
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
  const sse = reader(res)
  expect(await sse.until((e) => e.includes('hello'), 5_000)).toEqual(['hello'])
  const runner = jobRunner(h.t.deps)
  // another tenant's job and another job of this tenant: no notice
  runner.emit({ tenantId: 'other-tenant' as never, jobId: 'job-a', state: 'running' })
  runner.emit({ tenantId: h.tenantId, jobId: 'job-b', state: 'running' })
  expect(await sse.until((e) => e.includes('job'), 700)).toEqual(['hello'])
  // a burst for the job asked for: one notice
  for (let i = 0; i < 5; i++)
    runner.emit({ tenantId: h.tenantId, jobId: 'job-a', state: 'running' })
  expect(await sse.until((e) => e.includes('job'), 5_000)).toEqual(['hello', 'job'])
  expect(await sse.until((e) => e.length > 2, 1_000)).toEqual(['hello', 'job'])
  expect(sse.text()).toContain('data: {"deviceId":"job-a"}')
  await sse.cancel()
})
