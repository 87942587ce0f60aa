// Benchmark: the browser terminal on loopback. Keystroke-to-echo latency through the appliance
// (WebSocket → SSH with a PTY → simulated router → back) and whether 20 concurrent terminal
// sessions slow the poller (poll durations and polls done, without and with the terminals).
// Runs support/terminal-entry.ts, bundled first because the app's views are .tsx.
// Run: npm run bench -- terminal   (options: [devices 40] [seconds per phase 20])
import { build } from 'esbuild'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const outfile = join(root, '.tmp/bench/terminal.mjs')
await build({
  entryPoints: [join(root, 'test/bench/support/terminal-entry.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  logLevel: 'warning',
})
await import(pathToFileURL(outfile).href)
