// The JSON documents of a single-layer, single-platform image: the image config, the OCI manifest
// and index, and the docker-archive manifest.json. Pure and deterministic (keys in a fixed order,
// `created` from SOURCE_DATE_EPOCH) so two builds from the same inputs give the same digests.
import { createHash } from 'node:crypto'

export type Arch = 'amd64' | 'arm64' | 'armv7'

export const ARCHES: readonly Arch[] = ['amd64', 'arm64', 'armv7']

/** OCI platform fields, Debian architecture and Node's process.arch for each image architecture */
export const PLATFORMS: Record<
  Arch,
  { architecture: string; variant?: string; debian: string; node: string }
> = {
  amd64: { architecture: 'amd64', debian: 'amd64', node: 'x64' },
  arm64: { architecture: 'arm64', variant: 'v8', debian: 'arm64', node: 'arm64' },
  armv7: { architecture: 'arm', variant: 'v7', debian: 'armhf', node: 'arm' },
}

export interface Blob {
  readonly mediaType: string
  readonly digest: string
  readonly size: number
}

export interface ImageSpec {
  readonly arch: Arch
  readonly version: string
  /** seconds since the epoch; the image's `created` and every file's mtime */
  readonly epoch: number
  /** sha256 of the uncompressed layer tar ("sha256:…") */
  readonly diffId: string
  readonly uid: number
  readonly entrypoint: readonly string[]
  readonly env: readonly string[]
  readonly port: number
}

export const MEDIA = {
  config: 'application/vnd.oci.image.config.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const

export function sha256(data: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}

export function blobOf(mediaType: string, data: string | Uint8Array): Blob {
  return {
    mediaType,
    digest: sha256(data),
    size: typeof data === 'string' ? Buffer.byteLength(data) : data.length,
  }
}

export function isoDate(epoch: number): string {
  if (!Number.isInteger(epoch) || epoch < 0)
    throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds, got ${epoch}`)
  return new Date(epoch * 1000).toISOString().replace('.000Z', 'Z')
}

/** The image config (OCI, with Docker's Healthcheck, which podman and docker read from it). */
export function imageConfig(spec: ImageSpec): string {
  const p = PLATFORMS[spec.arch]
  const created = isoDate(spec.epoch)
  // the healthcheck uses the image's own Node: there is no shell or curl in the image
  const probe =
    "fetch('http://127.0.0.1:'+(process.env.OUTPOST_PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
  const config = {
    created,
    architecture: p.architecture,
    ...(p.variant ? { variant: p.variant } : {}),
    os: 'linux',
    config: {
      User: `${spec.uid}:${spec.uid}`,
      ExposedPorts: { [`${spec.port}/tcp`]: {} },
      Env: [...spec.env],
      Entrypoint: [...spec.entrypoint],
      WorkingDir: '/opt/outpost',
      Volumes: { '/data': {} },
      StopSignal: 'SIGTERM',
      Healthcheck: {
        Test: ['CMD', '/usr/local/bin/node', '-e', probe],
        Interval: 30_000_000_000,
        Timeout: 5_000_000_000,
        StartPeriod: 60_000_000_000,
        Retries: 3,
      },
      Labels: {
        'org.opencontainers.image.title': 'Outpost',
        'org.opencontainers.image.description': 'MikroTik RouterOS fleet manager',
        'org.opencontainers.image.version': spec.version,
        'org.opencontainers.image.created': created,
      },
    },
    rootfs: { type: 'layers', diff_ids: [spec.diffId] },
    history: [{ created, created_by: 'scripts/build-oci.ts' }],
  }
  return JSON.stringify(config)
}

export function ociManifest(config: Blob, layer: Blob, version: string): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA.manifest,
    config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
    layers: [{ mediaType: layer.mediaType, digest: layer.digest, size: layer.size }],
    annotations: { 'org.opencontainers.image.version': version },
  })
}

export function ociIndex(manifest: Blob, arch: Arch, tag: string): string {
  const p = PLATFORMS[arch]
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: manifest.mediaType,
        digest: manifest.digest,
        size: manifest.size,
        platform: {
          architecture: p.architecture,
          os: 'linux',
          ...(p.variant ? { variant: p.variant } : {}),
        },
        annotations: { 'org.opencontainers.image.ref.name': tag },
      },
    ],
  })
}

/** docker-archive's manifest.json: config and layer paths inside the tar, and the tag to load as. */
export function dockerManifest(configDigest: string, layerPath: string, repoTag: string): string {
  return JSON.stringify([
    { Config: `${hex(configDigest)}.json`, RepoTags: [repoTag], Layers: [layerPath] },
  ])
}

export function hex(digest: string): string {
  const m = /^sha256:([0-9a-f]{64})$/.exec(digest)
  if (!m?.[1]) throw new Error(`not a sha256 digest: ${digest}`)
  return m[1]
}

export function parseArch(argv: readonly string[]): Arch {
  const i = argv.indexOf('--arch')
  const raw =
    i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--arch='))?.slice('--arch='.length)
  const arch = raw ?? 'amd64'
  if (!(ARCHES as readonly string[]).includes(arch)) {
    throw new Error(`unknown --arch ${JSON.stringify(arch)}: use one of ${ARCHES.join(', ')}`)
  }
  return arch as Arch
}
