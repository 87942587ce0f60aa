// The image documents written by scripts/build-oci.ts: deterministic, and linked by digests.
import { describe, expect, it } from 'vitest'
import {
  blobOf,
  dockerManifest,
  hex,
  imageConfig,
  isoDate,
  MEDIA,
  ociIndex,
  ociManifest,
  parseArch,
  sha256,
  type ImageSpec,
} from '../../../scripts/oci/manifest.ts'

const spec: ImageSpec = {
  arch: 'arm64',
  version: '1.2.3',
  epoch: 1_700_000_000,
  diffId: sha256('layer'),
  uid: 10001,
  entrypoint: ['/usr/local/bin/node', '/opt/outpost/dist/server.mjs'],
  env: ['OUTPOST_DATA_DIR=/data'],
  port: 3000,
}

describe('OCI image documents', () => {
  it('gives the same bytes for the same inputs and a different digest for a different layer', () => {
    expect(imageConfig(spec)).toBe(imageConfig({ ...spec }))
    expect(sha256(imageConfig(spec))).not.toBe(
      sha256(imageConfig({ ...spec, diffId: sha256('other') })),
    )
  })

  it('describes a non-root arm64/v8 image with /data, port 3000 and a healthcheck', () => {
    const c = JSON.parse(imageConfig(spec))
    expect(c).toMatchObject({
      architecture: 'arm64',
      variant: 'v8',
      os: 'linux',
      created: '2023-11-14T22:13:20Z',
    })
    expect(c.config.User).toBe('10001:10001')
    expect(c.config.Volumes).toEqual({ '/data': {} })
    expect(c.config.ExposedPorts).toEqual({ '3000/tcp': {} })
    expect(c.config.Healthcheck.Test[0]).toBe('CMD')
    expect(c.rootfs.diff_ids).toEqual([spec.diffId])
    expect(JSON.parse(imageConfig({ ...spec, arch: 'armv7' }))).toMatchObject({
      architecture: 'arm',
      variant: 'v7',
    })
    expect(JSON.parse(imageConfig({ ...spec, arch: 'amd64' })).variant).toBeUndefined()
  })

  it('links index → manifest → config and layer by digest and size', () => {
    const config = blobOf(MEDIA.config, imageConfig(spec))
    const layer = { mediaType: MEDIA.layerGzip, digest: sha256('gz'), size: 2 }
    const manifestJson = ociManifest(config, layer, '1.2.3')
    const manifest = blobOf(MEDIA.manifest, manifestJson)
    const m = JSON.parse(manifestJson)
    expect(m.config).toEqual({ mediaType: MEDIA.config, digest: config.digest, size: config.size })
    expect(m.layers).toEqual([layer])
    const idx = JSON.parse(ociIndex(manifest, 'arm64', '1.2.3'))
    expect(idx.manifests[0]).toMatchObject({
      digest: manifest.digest,
      size: Buffer.byteLength(manifestJson),
      platform: { architecture: 'arm64' },
    })
    expect(JSON.parse(dockerManifest(config.digest, 'abc/layer.tar', 'outpost:1.2.3'))).toEqual([
      {
        Config: `${hex(config.digest)}.json`,
        RepoTags: ['outpost:1.2.3'],
        Layers: ['abc/layer.tar'],
      },
    ])
  })

  it('refuses an unknown architecture and a bad SOURCE_DATE_EPOCH with a clear message', () => {
    expect(parseArch(['--arch', 'arm64'])).toBe('arm64')
    expect(parseArch(['--arch=armv7'])).toBe('armv7')
    expect(parseArch([])).toBe('amd64')
    expect(() => parseArch(['--arch', 'x86'])).toThrow(
      'unknown --arch "x86": use one of amd64, arm64, armv7',
    )
    expect(() => isoDate(-1)).toThrow('SOURCE_DATE_EPOCH must be a whole number')
    expect(() => hex('md5:00')).toThrow('not a sha256 digest')
  })
})
