// Shared by the jobs benchmarks: simulated routers with SSH in child processes, added to the
// running server with their SSH port, a job followed to its end, and the poller's punctuality
// read from /metrics while it runs.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { METRICS_TOKEN, ROOT, type api } from './outpost-live.ts'

export interface SshSim {
  name: string
  host: string
  apiPort: number
  sshPort: number
  username: string
  password: string
  version?: string
}

const kids = new Set<ChildProcess>()
process.on('exit', () => {
  for (const c of kids) if (c.exitCode === null) c.kill('SIGTERM')
})

/** Starts `argv` under node and collects `want` JSON device lines. */
export async function simProcess(
  argv: string[],
  want: number,
): Promise<{ child: ChildProcess; devices: SshSim[] }> {
  const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  kids.add(child)
  const devices: SshSim[] = []
  let err = ''
  child.stderr?.on('data', (d) => (err = (err + String(d)).slice(-4000)))
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`simulator did not start: ${err}`)), 300_000)
    child.once('exit', (code) => fail(new Error(`simulator exited (${code}): ${err}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return
      devices.push(JSON.parse(line) as SshSim)
      if (devices.length === want) {
        clearTimeout(timer)
        ok()
      }
    })
  })
  return { child, devices }
}

export async function addSshDevices(
  call: ReturnType<typeof api>,
  sims: SshSim[],
  pollIntervalS: number,
): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < sims.length; i += 100) {
    const batch = sims.slice(i, i + 100).map((s) => ({
      name: s.name,
      host: s.host,
      apiPort: s.apiPort,
      sshPort: s.sshPort,
      username: s.username,
      password: s.password,
      pollIntervalS,
    }))
    const res = await call('POST', '/devices', batch)
    if (res.status !== 201)
      throw new Error(`adding devices answered ${res.status}: ${(await res.text()).slice(0, 500)}`)
    ids.push(...((await res.json()) as { devices: { id: string }[] }).devices.map((d) => d.id))
  }
  return ids
}

export interface JobResult {
  id: string
  state: string
  counts: Record<string, number>
  targets: {
    deviceName: string
    state: string
    error: string | null
    durationMs: number | null
    beforeVersion: string | null
    afterVersion: string | null
  }[]
}

/** Share of devices whose last poll is at most interval + 5 s old (from /metrics). */
export async function pollerOnTime(
  url: string,
  pollS: number,
): Promise<{ onTime: number; total: number }> {
  const text = await (
    await fetch(url + '/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text()
  let onTime = 0
  let total = 0
  for (const line of text.split('\n')) {
    const m = /^outpost_device_last_poll_age_seconds\{.*\} ([\d.e+-]+)$/.exec(line)
    if (!m) continue
    total++
    if (Number(m[1]) <= pollS + 5) onTime++
  }
  return { onTime, total }
}

/** Polls the job until it leaves `running`; samples the poller every 5 s meanwhile. */
export async function followJob(
  call: ReturnType<typeof api>,
  url: string,
  jobId: string,
  pollS: number,
  maxMs: number,
): Promise<{ job: JobResult; worstOnTime: number }> {
  const t0 = Date.now()
  let worst = 1
  let lastSample = 0
  for (;;) {
    const job = ((await (await call('GET', `/jobs/${jobId}`)).json()) as { job: JobResult }).job
    if (Date.now() - lastSample >= 5000) {
      lastSample = Date.now()
      const p = await pollerOnTime(url, pollS)
      if (p.total > 0) worst = Math.min(worst, p.onTime / p.total)
    }
    if (!['running', 'scheduled'].includes(job.state)) return { job, worstOnTime: worst }
    if (Date.now() - t0 > maxMs)
      throw new Error(`job still ${job.state} after ${maxMs} ms: ${JSON.stringify(job.counts)}`)
    await new Promise((r) => setTimeout(r, 500))
  }
}
