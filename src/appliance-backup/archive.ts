// The appliance archive format: one file, encrypted and authenticated with a key derived from a
// passphrase. Layout: "OUTPOSTB" | format 1 | scrypt log2N, r, p | salt(16) | check(16) |
// iv(12) | AES-256-GCM(gzip(container)) | tag(16). `check` is an HMAC of the derived key, so a
// wrong passphrase is told apart from a damaged archive. The container is a JSON manifest (files
// with sizes and SHA-256) followed by the files' bytes.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  scryptSync,
  timingSafeEqual,
  type CipherGCM,
} from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'

const MAGIC = Buffer.from('OUTPOSTB', 'ascii')
const FORMAT = 1
const HEADER = MAGIC.length + 1 + 3 + 16 + 16 + 12
const TAG = 16
/** scrypt N=2^15, r=8, p=1: about 32 MiB and 0.1 s, hard enough for a passphrase guesser */
const KDF = { log2N: 15, r: 8, p: 1 }

export class ArchiveError extends Error {
  override readonly name = 'ArchiveError'
}

export interface ManifestFile {
  readonly name: string
  readonly size: number
  readonly sha256: string
}

export interface Manifest {
  readonly format: 1
  readonly createdAt: string
  readonly appVersion: string
  /** migrations applied to outpost.db when the snapshot was taken */
  readonly migrations: readonly string[]
  readonly files: readonly ManifestFile[]
}

export interface ArchiveContents {
  readonly manifest: Manifest
  readonly files: ReadonlyMap<string, Buffer>
}

function deriveKey(passphrase: string, salt: Buffer, log2N: number, r: number, p: number): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, {
    N: 2 ** log2N,
    r,
    p,
    maxmem: 256 * 1024 * 1024,
  })
}

function checkValue(key: Buffer): Buffer {
  return createHmac('sha256', key)
    .update('outpost-backup-passphrase-check')
    .digest()
    .subarray(0, 16)
}

/** The container's start (length-prefixed manifest); the files' bytes follow in order. */
export function containerHead(
  meta: Omit<Manifest, 'files' | 'format'>,
  list: ManifestFile[],
): Buffer {
  const manifest: Manifest = { format: 1, ...meta, files: list }
  const json = Buffer.from(JSON.stringify(manifest), 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32BE(json.length)
  return Buffer.concat([len, json])
}

/** The header (also the cipher's associated data) and the cipher for a new archive. */
export function openCipher(passphrase: string): { head: Buffer; cipher: CipherGCM } {
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const key = deriveKey(passphrase, salt, KDF.log2N, KDF.r, KDF.p)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const head = Buffer.concat([
    MAGIC,
    Buffer.from([FORMAT, KDF.log2N, KDF.r, KDF.p]),
    salt,
    checkValue(key),
    iv,
  ])
  cipher.setAAD(head)
  return { head, cipher }
}

/** The manifest entry of in-memory bytes. */
export function describeBytes(name: string, data: Buffer): ManifestFile {
  return { name, size: data.length, sha256: createHash('sha256').update(data).digest('hex') }
}

/** In memory, for small archives and tests; archive-writer.ts streams big ones in the same format. */
export function sealArchive(
  meta: Omit<Manifest, 'files' | 'format'>,
  files: ReadonlyMap<string, Buffer>,
  passphrase: string,
): Buffer {
  const list = [...files].map(([name, data]) => describeBytes(name, data))
  const plain = gzipSync(Buffer.concat([containerHead(meta, list), ...files.values()]), {
    level: 6,
  })
  const { head, cipher } = openCipher(passphrase)
  const body = Buffer.concat([cipher.update(plain), cipher.final()])
  return Buffer.concat([head, body, cipher.getAuthTag()])
}

/**
 * Decrypts and checks an archive; throws ArchiveError with a message meant for the user.
 * @example const { manifest, files } = openArchive(bytes, passphrase)
 */
export function openArchive(bytes: Buffer, passphrase: string): ArchiveContents {
  if (bytes.length < HEADER + TAG || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ArchiveError('not an Outpost appliance backup (or the file is truncated)')
  }
  let at = MAGIC.length
  const format = bytes[at++]!
  if (format > FORMAT)
    throw new ArchiveError(
      `archive format ${format} is newer than this Outpost understands; upgrade first`,
    )
  const [log2N, r, p] = [bytes[at++]!, bytes[at++]!, bytes[at++]!]
  if (log2N < 10 || log2N > 20 || r < 1 || r > 32 || p < 1 || p > 16)
    throw new ArchiveError('archive header is damaged')
  const salt = bytes.subarray(at, (at += 16))
  const check = bytes.subarray(at, (at += 16))
  const iv = bytes.subarray(at, at + 12)
  const key = deriveKey(passphrase, salt, log2N, r, p)
  if (!timingSafeEqual(check, checkValue(key))) throw new ArchiveError('wrong passphrase')
  const decipher = createDecipheriv('aes-256-gcm', key, iv)
  decipher.setAAD(bytes.subarray(0, HEADER))
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG))
  let plain: Buffer
  try {
    plain = gunzipSync(
      Buffer.concat([
        decipher.update(bytes.subarray(HEADER, bytes.length - TAG)),
        decipher.final(),
      ]),
    )
  } catch {
    throw new ArchiveError('archive is damaged or truncated (authentication failed)')
  }
  return unpack(plain)
}

function unpack(plain: Buffer): ArchiveContents {
  const len = plain.readUInt32BE(0)
  const manifest = JSON.parse(plain.subarray(4, 4 + len).toString('utf8')) as Manifest
  const files = new Map<string, Buffer>()
  let at = 4 + len
  for (const f of manifest.files) {
    const data = plain.subarray(at, (at += f.size))
    if (data.length !== f.size || createHash('sha256').update(data).digest('hex') !== f.sha256) {
      throw new ArchiveError(`archive entry ${f.name} is damaged`)
    }
    files.set(f.name, data)
  }
  return { manifest, files }
}
