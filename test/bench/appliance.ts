// Benchmark: HTTPS overhead on a signed-in page and the appliance snapshot time; the work is in
// support/appliance-entry.ts, bundled first because the app's views are .tsx.
// Run: node test/bench/appliance.ts [samples.db MB, default 100]
import { build } from 'esbuild'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const outfile = join(root, '.tmp/bench/appliance.mjs')
await build({
  entryPoints: [join(root, 'test/bench/support/appliance-entry.ts')],
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
