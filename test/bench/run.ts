// `npm run bench`: runs every benchmark script in test/bench/ one after another in its own
// process (so one benchmark's memory or sockets never skew the next) and stops on the first failure.
// Pass names to run a subset: `npm run bench -- routeros-codec sim-fleet`.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const wanted = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.ts$/, '')))
  .sort()

for (const f of files) {
  process.stdout.write(`\n=== ${f} ===\n`)
  const r = spawnSync(process.execPath, [join(here, f)], { stdio: 'inherit' })
  if (r.status !== 0) {
    process.stderr.write(`benchmark ${f} failed with status ${r.status}\n`)
    process.exit(1)
  }
}
