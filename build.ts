// Bundles the server (and the demo/CLI entries) into dist/ with esbuild. Native addons and
// packages that load files relative to themselves stay external and are resolved from
// node_modules at run time.
import { build } from 'esbuild'
import { existsSync } from 'node:fs'

const entries = ['src/main.ts', 'src/demo.ts', 'src/cli.ts'].filter((f) => existsSync(f))
const names: Record<string, string> = {
  'src/main.ts': 'server',
  'src/demo.ts': 'demo',
  'src/cli.ts': 'cli',
}

await build({
  entryPoints: Object.fromEntries(entries.map((f) => [names[f] ?? f, f])),
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: true,
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  packages: 'external',
  logLevel: 'warning',
})
