// Starts a simulated fleet in child processes (sim-fleet-child.ts), `perChild` routers each so no
// process exceeds the open-file limit, and collects every router's address and API port. Above
// 20,000 routers each gets its own loopback address (127.3.0.1 onwards), since that many
// listeners do not fit in the kernel's ephemeral port range.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface SimEndpoint {
  host: string
  apiPort: number
}

// resolved from the working directory too, so a bundled copy of a bench still finds the child
const beside = fileURLToPath(new URL('./sim-fleet-child.ts', import.meta.url))
const child = existsSync(beside)
  ? beside
  : join(process.cwd(), 'test/bench/support/sim-fleet-child.ts')

export async function startSimChildren(
  n: number,
  opts: { perChild: number; hostRange?: string },
): Promise<{ procs: ChildProcess[]; endpoints: SimEndpoint[] }> {
  const hostRange = opts.hostRange ?? (n > 20_000 ? '127.3.0.1' : undefined)
  const procs: ChildProcess[] = []
  const endpoints: SimEndpoint[] = []
  const parts: Promise<void>[] = []
  for (let off = 0; off < n; off += opts.perChild) {
    const args = [child, String(Math.min(opts.perChild, n - off)), String(off)]
    const p = spawn(process.execPath, hostRange ? [...args, hostRange] : args, {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    procs.push(p)
    parts.push(
      new Promise((resolve, reject) => {
        createInterface({ input: p.stdout! }).on('line', (l) => {
          if (l === 'ready') return resolve()
          const d = JSON.parse(l) as SimEndpoint
          endpoints.push({ host: d.host, apiPort: d.apiPort })
        })
        p.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)))
      }),
    )
  }
  await Promise.all(parts)
  return { procs, endpoints }
}
