// Poller CPU per poll with and without the SQLite statement cache (src/db/statement-cache.ts):
// runs poller-fleet.ts (real Poller, real database, simulated routers in other processes) with
// `--statement-cache 0` (Kysely prepares every statement afresh, as before the cache) and with the
// default cache, alternating, so both see the same machine load. CPU per poll is process CPU time
// divided by polls, which other processes' load skews less than wall-clock timings.
// Usage: node test/bench/poller-cpu.ts [--devices 300] [--interval-s 10] [--measure-s 60] [--rounds 2]
import { spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt
}
const fleet = fileURLToPath(new URL('./poller-fleet.ts', import.meta.url))
const common = [
  '--devices',
  arg('devices', '300'),
  '--interval-s',
  arg('interval-s', '10'),
  '--measure-s',
  arg('measure-s', '60'),
]
const rounds = Number(arg('rounds', '2'))
const results: { mode: string; cpuPerPoll: string; polls: string; load: string }[] = []

for (let r = 0; r < rounds; r++) {
  for (const [mode, cache] of [
    ['no cache', '0'],
    ['cache', '500'],
  ] as const) {
    const out = spawnSync(process.execPath, [fleet, ...common, '--statement-cache', cache], {
      encoding: 'utf8',
    })
    if (out.status !== 0) {
      process.stderr.write(out.stderr)
      process.exit(1)
    }
    // the last two lines are poller-fleet's table header and row
    const lines = out.stdout.trim().split('\n')
    const head = (lines.at(-2) ?? '').trim().split(/\s{2,}/)
    const row = (lines.at(-1) ?? '').trim().split(/\s{2,}/)
    const col = (name: string) => row[head.indexOf(name)] ?? '?'
    results.push({
      mode,
      cpuPerPoll: col('CPU/poll'),
      polls: col('polls/s'),
      load: col('load avg'),
    })
    process.stdout.write(
      `round ${r + 1} ${mode.padEnd(8)}  CPU/poll ${col('CPU/poll')}  polls/s ${col('polls/s')}  load ${col('load avg')}\n`,
    )
  }
}
process.stdout.write(
  `load average now ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`,
)
