// Writes an appliance archive as a stream: the files are hashed in one read (the manifest, which
// comes first, needs their sizes and SHA-256), then read again through gzip and AES-256-GCM into
// the destination. Memory stays at a few buffers whatever the size of the databases; the format
// is archive.ts's, byte for byte, so openArchive reads both.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import {
  containerHead,
  describeBytes,
  openCipher,
  type Manifest,
  type ManifestFile,
} from './archive.ts'

/** A file on disk, or small in-memory bytes (the secrets). */
export type ArchiveEntry = { name: string; path: string } | { name: string; data: Buffer }

async function describeFile(name: string, path: string): Promise<ManifestFile> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  return { name, size, sha256: hash.digest('hex') }
}

async function* container(head: Buffer, entries: readonly ArchiveEntry[]): AsyncGenerator<Buffer> {
  yield head
  for (const e of entries) {
    if ('data' in e) yield e.data
    else
      for await (const chunk of createReadStream(e.path, { highWaterMark: 1 << 20 }))
        yield chunk as Buffer
  }
}

/**
 * Streams the archive into `out` (ended when done). A file that changes between the two reads
 * makes the archive fail its check on restore, so pass only files nobody writes (the snapshot's
 * own copies).
 * @example await writeArchive(meta, [{ name: 'outpost.db', path }], passphrase, createWriteStream(file))
 */
export async function writeArchive(
  meta: Omit<Manifest, 'files' | 'format'>,
  entries: readonly ArchiveEntry[],
  passphrase: string,
  out: Writable,
): Promise<void> {
  const list: ManifestFile[] = []
  for (const e of entries)
    list.push('data' in e ? describeBytes(e.name, e.data) : await describeFile(e.name, e.path))
  const { head, cipher } = openCipher(passphrase)
  await pipeline(
    container(containerHead(meta, list), entries),
    createGzip({ level: 6 }),
    async function* (source: AsyncIterable<Buffer>) {
      yield head
      for await (const chunk of source) yield cipher.update(chunk)
      yield cipher.final()
      yield cipher.getAuthTag()
    },
    out,
  )
}
