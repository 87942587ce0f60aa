// `npm run build:sea [-- --arch amd64|arm64]`: writes dist/sea/outpost-linux-<x64|arm64>, one
// executable (Node single executable application) made of the pinned Node and a payload of
// Outpost's bundle, assets and production node_modules (with the architecture's prebuilt addons),
// unpacked on first run by scripts/sea/bootstrap.cjs. Deterministic: sorted files, gzip without
// a timestamp, the same Node binary.
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createHash } from 'node:crypto'
import { join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { parseArch, PLATFORMS } from './oci/manifest.ts'
import { nodeBinary, stageApp, stripBinary } from './oci/rootfs.ts'
import { BuildError, ROOT, run, step } from './oci/tools.ts'

const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'

interface Entry {
  path: string
  mode: number
  offset: number
  size: number
}

function walk(dir: string, base: string, out: string[]): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) walk(p, base, out)
    else if (e.isFile()) out.push(relative(base, p))
  }
  return out
}

function main(): void {
  const arch = parseArch(process.argv.slice(2))
  if (arch === 'armv7')
    throw new BuildError('build:sea supports amd64 (linux-x64) and arm64 (linux-arm64)')
  const target = `linux-${PLATFORMS[arch].node}`
  const out = join(ROOT, 'dist', 'sea')
  const work = join(out, 'work', target)
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })

  step('bundle (npm run build)')
  run('node', ['build.ts'])
  const app = join(work, 'app')
  stageApp(arch, app)

  step('payload')
  const files = walk(app, app, []).sort()
  const entries: Entry[] = []
  const chunks: Buffer[] = []
  let offset = 0
  for (const f of files) {
    const body = readFileSync(join(app, f))
    entries.push({
      path: f,
      mode: statSync(join(app, f)).mode & 0o111 ? 0o755 : 0o644,
      offset,
      size: body.length,
    })
    chunks.push(body)
    offset += body.length
  }
  const payload = gzipSync(Buffer.concat(chunks), { level: 9 })
  const hash = createHash('sha256')
    .update(payload)
    .update(JSON.stringify(entries))
    .digest('hex')
    .slice(0, 16)
  const version = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version
  writeFileSync(join(work, 'meta.json'), JSON.stringify({ version, hash, files: entries }))
  writeFileSync(join(work, 'payload.gz'), payload)
  const seaConfig = {
    main: join(ROOT, 'scripts', 'sea', 'bootstrap.cjs'),
    output: join(work, 'sea.blob'),
    disableExperimentalSEAWarning: true,
    useSnapshot: false,
    useCodeCache: false,
    assets: { 'meta.json': join(work, 'meta.json'), 'payload.gz': join(work, 'payload.gz') },
  }
  writeFileSync(join(work, 'sea-config.json'), JSON.stringify(seaConfig))

  step(`executable dist/sea/outpost-${target}`)
  // the blob is made by the Node that runs this script; it must be the same version as the target
  const node = nodeBinary(arch, join(ROOT, 'dist', 'oci', 'cache'))
  const hostVersion = process.version
  run(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')])
  const exe = join(out, `outpost-${target}`)
  copyFileSync(node, `${exe}.tmp`)
  chmodSync(`${exe}.tmp`, 0o755)
  stripBinary(arch, `${exe}.tmp`)
  run(join(ROOT, 'node_modules', '.bin', 'postject'), [
    `${exe}.tmp`,
    'NODE_SEA_BLOB',
    join(work, 'sea.blob'),
    '--sentinel-fuse',
    FUSE,
  ])
  copyFileSync(`${exe}.tmp`, exe)
  chmodSync(exe, 0o755)
  rmSync(`${exe}.tmp`)
  rmSync(work, { recursive: true, force: true })
  const sha = createHash('sha256').update(readFileSync(exe)).digest('hex')
  process.stdout.write(
    `${JSON.stringify({ target, bytes: statSync(exe).size, sha256: sha, payloadHash: hash, builtWith: hostVersion }, null, 2)}\n`,
  )
}

try {
  main()
} catch (err) {
  process.stderr.write(`build:sea: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
}
