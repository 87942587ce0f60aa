// `npm run build:oci -- --arch amd64|arm64|armv7`: builds Outpost's container image without a
// container engine and writes it twice, as a docker-archive tar (what RouterOS `/container add
// file=` and `docker/podman load` take) and as an OCI layout directory (what skopeo, podman and
// registries take). One layer: a minimal Debian 12 root, the pinned Node and Outpost. Every file
// mtime and the image date come from SOURCE_DATE_EPOCH, entries are sorted and owners numeric,
// so the same inputs give the same digests.
import {
  createReadStream,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import {
  blobOf,
  dockerManifest,
  hex,
  imageConfig,
  MEDIA,
  ociIndex,
  ociManifest,
  parseArch,
  type Arch,
} from './oci/manifest.ts'
import { addOutpost, buildBase, nodeBinary, UID } from './oci/rootfs.ts'
import {
  BuildError,
  reproducibleTarFlags,
  requireRoot,
  requireTools,
  ROOT,
  run,
  sourceDateEpoch,
  step,
} from './oci/tools.ts'

const PORT = 3000

async function fileDigest(file: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer)
  return `sha256:${h.digest('hex')}`
}

async function main(): Promise<void> {
  const arch: Arch = parseArch(process.argv.slice(2))
  requireTools({ mmdebstrap: 'mmdebstrap', tar: 'tar', gzip: 'gzip', npm: 'npm', git: 'git' })
  requireRoot('build:oci')
  const epoch = sourceDateEpoch(process.env)
  const version = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version
  const out = join(ROOT, 'dist', 'oci')
  const work = join(out, 'work', arch)
  const rootfs = join(work, 'rootfs')
  mkdirSync(work, { recursive: true })

  step('bundle (npm run build)')
  run('node', ['build.ts'])
  const node = nodeBinary(arch, join(out, 'cache'))
  buildBase(arch, rootfs, epoch)
  addOutpost(arch, rootfs, node)

  step('layer tar')
  const layerTar = join(work, 'layer.tar')
  const top = run('ls', ['-A', rootfs]).trim().split('\n').sort()
  run('tar', ['--create', '--file', layerTar, ...reproducibleTarFlags(epoch), '-C', rootfs, ...top])
  const diffId = await fileDigest(layerTar)
  step('gzip layer')
  const layerGz = join(work, 'layer.tar.gz')
  run('sh', ['-c', `gzip -n -9 -c "${layerTar}" > "${layerGz}"`])
  const layer = {
    mediaType: MEDIA.layerGzip,
    digest: await fileDigest(layerGz),
    size: statSync(layerGz).size,
  }

  const env = [
    'PATH=/usr/local/bin:/usr/bin:/bin',
    'NODE_ENV=production',
    'OUTPOST_DATA_DIR=/data',
    'OUTPOST_HOST=0.0.0.0',
    `OUTPOST_PORT=${PORT}`,
    'OUTPOST_EXPECT_VOLUME=true',
    // the heap limits of `npm start` (README, Memory); in NODE_OPTIONS so a router can lower them
    'NODE_OPTIONS=--max-semi-space-size=2 --max-old-space-size=256',
  ]
  const entrypoint = ['/usr/local/bin/node', '/opt/outpost/dist/server.mjs']
  const configJson = imageConfig({
    arch,
    version,
    epoch,
    diffId,
    uid: UID,
    entrypoint,
    env,
    port: PORT,
  })
  const config = blobOf(MEDIA.config, configJson)
  const manifestJson = ociManifest(config, layer, version)
  const manifest = blobOf(MEDIA.manifest, manifestJson)

  step(`OCI layout dist/oci/outpost-${arch}.oci`)
  const oci = join(out, `outpost-${arch}.oci`)
  rmSync(oci, { recursive: true, force: true })
  const blobs = join(oci, 'blobs', 'sha256')
  mkdirSync(blobs, { recursive: true })
  writeFileSync(join(oci, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
  writeFileSync(join(blobs, hex(config.digest)), configJson)
  writeFileSync(join(blobs, hex(manifest.digest)), manifestJson)
  renameSync(layerGz, join(blobs, hex(layer.digest)))
  writeFileSync(join(oci, 'index.json'), ociIndex(manifest, arch, version))

  step(`docker-archive dist/oci/outpost-${arch}.tar`)
  const darc = join(work, 'docker-archive')
  rmSync(darc, { recursive: true, force: true })
  const layerPath = `${hex(diffId)}/layer.tar`
  mkdirSync(join(darc, hex(diffId)), { recursive: true })
  linkSync(layerTar, join(darc, layerPath))
  writeFileSync(join(darc, `${hex(config.digest)}.json`), configJson)
  const tag = `outpost:${version}`
  writeFileSync(join(darc, 'manifest.json'), dockerManifest(config.digest, layerPath, tag))
  writeFileSync(join(darc, 'repositories'), JSON.stringify({ outpost: { [version]: hex(diffId) } }))
  const tarFile = join(out, `outpost-${arch}.tar`)
  const entries = run('ls', ['-A', darc]).trim().split('\n').sort()
  run('tar', [
    '--create',
    '--file',
    `${tarFile}.tmp`,
    ...reproducibleTarFlags(epoch),
    '--owner=0',
    '--group=0',
    '--hard-dereference',
    '-C',
    darc,
    ...entries,
  ])
  renameSync(`${tarFile}.tmp`, tarFile)
  rmSync(work, { recursive: true, force: true })

  const report = {
    arch,
    tag,
    manifestDigest: manifest.digest,
    configDigest: config.digest,
    tarBytes: statSync(tarFile).size,
    gzipLayerBytes: layer.size,
    sourceDateEpoch: epoch,
  }
  writeFileSync(join(out, `outpost-${arch}.json`), `${JSON.stringify(report, null, 2)}\n`)
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(
    `build:oci: ${err instanceof BuildError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  )
  process.exit(1)
})
