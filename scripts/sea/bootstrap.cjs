// Entry of the single executable (Node SEA). The executable carries Outpost's bundle, assets and
// production node_modules (with this architecture's native addons) as one gzipped asset; on first
// run they are unpacked into a cache directory named after the payload's hash, and dist/server.mjs
// is imported from there. The environment variables are the same as for `npm start`.
'use strict'
const sea = require('node:sea')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const zlib = require('node:zlib')
const { createRequire } = require('node:module')
const { pathToFileURL } = require('node:url')

const meta = JSON.parse(sea.getAsset('meta.json', 'utf8'))

if (process.argv.includes('--version') || process.argv.includes('-v')) {
  process.stdout.write(
    `outpost ${meta.version} (node ${process.versions.node}, ${process.platform}-${process.arch})\n`,
  )
  process.exit(0)
}
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(
    `outpost ${meta.version}: starts the Outpost server (configuration: OUTPOST_* environment variables, see README)\n` +
      'OUTPOST_SEA_CACHE: where the bundled files are unpacked (default $XDG_CACHE_HOME/outpost or ~/.cache/outpost)\n',
  )
  process.exit(0)
}

function cacheRoot() {
  if (process.env.OUTPOST_SEA_CACHE) return process.env.OUTPOST_SEA_CACHE
  const base =
    process.env.XDG_CACHE_HOME ||
    (process.env.HOME ? path.join(process.env.HOME, '.cache') : os.tmpdir())
  return path.join(base, 'outpost')
}

/** unpacks the payload once per content hash; a half-written directory is never used (rename) */
function unpack() {
  const dir = path.join(cacheRoot(), meta.hash)
  if (fs.existsSync(path.join(dir, '.complete'))) return dir
  const tmp = `${dir}.tmp-${process.pid}`
  fs.rmSync(tmp, { recursive: true, force: true })
  const payload = zlib.gunzipSync(Buffer.from(sea.getRawAsset('payload.gz')))
  for (const f of meta.files) {
    const target = path.join(tmp, f.path)
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 })
    fs.writeFileSync(target, payload.subarray(f.offset, f.offset + f.size), { mode: f.mode })
  }
  // a CommonJS file loaded from disk has Node's normal import(): the SEA main script does not
  fs.writeFileSync(path.join(tmp, 'import.cjs'), 'module.exports = (url) => import(url)\n')
  fs.writeFileSync(path.join(tmp, '.complete'), '')
  try {
    fs.renameSync(tmp, dir)
  } catch (err) {
    // another process unpacked the same payload first
    fs.rmSync(tmp, { recursive: true, force: true })
    if (!fs.existsSync(path.join(dir, '.complete'))) throw err
  }
  return dir
}

let dir
try {
  dir = unpack()
} catch (err) {
  process.stderr.write(
    `outpost: cannot unpack into ${cacheRoot()}: ${err.message} (set OUTPOST_SEA_CACHE to a writable directory)\n`,
  )
  process.exit(1)
}
const load = createRequire(path.join(dir, 'package.json'))('./import.cjs')
load(pathToFileURL(path.join(dir, 'dist', 'server.mjs')).href).catch((err) => {
  process.stderr.write(`outpost: ${err && err.stack ? err.stack : err}\n`)
  process.exit(1)
})
