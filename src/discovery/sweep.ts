// The probing loop of one scan: every host address of the range, every port, with at most
// `concurrency` sockets open and at most `ratePerS` new connections a second (a token schedule,
// so a /16 of nothing neither floods the segment nor starves the poller's event loop).
import { intToIpv4 } from './cidr.ts'
import { probePort, type ProbeResult } from './probe.ts'

export interface SweepLimits {
  concurrency: number
  ratePerS: number
  timeoutMs: number
}

export interface HostFinding {
  address: string
  openPorts: number[]
  /** the first way RouterOS identified itself, if any */
  routeros: string | undefined
}

export interface SweepOptions {
  first: number
  last: number
  ports: readonly number[]
  limits: SweepLimits
  signal: AbortSignal
  /** a host with at least one open port */
  onFound: (f: HostFinding) => void | Promise<void>
  /** called after each finished host with the number finished so far */
  onProgress: (probed: number) => void
  probe?: (
    host: string,
    port: number,
    timeoutMs: number,
    signal: AbortSignal,
  ) => Promise<ProbeResult>
}

/** Waits `ms`, or less: a cancel ends the wait at once (a slow rate must not delay a cancel). */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })

/** Hands out start times spaced 1/rate apart; callers wait for theirs. */
function rateGate(ratePerS: number, signal: AbortSignal) {
  const gap = 1000 / ratePerS
  let next = 0
  return async () => {
    const now = performance.now()
    const at = Math.max(now, next)
    next = at + gap
    if (at - now >= 1) await sleep(at - now, signal)
  }
}

async function probeHost(o: SweepOptions, ip: number, gate: () => Promise<void>) {
  const address = intToIpv4(ip)
  const probe = o.probe ?? probePort
  const results = await Promise.all(
    o.ports.map(async (port) => {
      await gate()
      if (o.signal.aborted) return { port, r: { open: false } as ProbeResult }
      return { port, r: await probe(address, port, o.limits.timeoutMs, o.signal) }
    }),
  )
  const open = results.filter((x) => x.r.open)
  if (open.length === 0 || o.signal.aborted) return
  await o.onFound({
    address,
    openPorts: open.map((x) => x.port),
    routeros: open.find((x) => x.r.routeros !== undefined)?.r.routeros,
  })
}

/** Probes the range; resolves with the number of hosts probed (fewer when aborted). */
export async function sweep(o: SweepOptions): Promise<number> {
  const gate = rateGate(o.limits.ratePerS, o.signal)
  const workers = Math.max(1, Math.floor(o.limits.concurrency / Math.max(1, o.ports.length)))
  let nextIp = o.first
  let probed = 0
  const worker = async () => {
    while (!o.signal.aborted && nextIp <= o.last) {
      const ip = nextIp++
      await probeHost(o, ip, gate)
      if (!o.signal.aborted) o.onProgress(++probed)
    }
  }
  await Promise.all(Array.from({ length: Math.min(workers, o.last - o.first + 1) }, worker))
  return probed
}
