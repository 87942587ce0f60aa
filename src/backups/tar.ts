// A minimal ustar writer (regular files and directories): enough for the git history archive,
// which `tar xzf` unpacks everywhere. Names up to 100 bytes (ours are short, generated paths).

export interface TarEntry {
  path: string
  /** absent for a directory */
  data?: Uint8Array
  mtimeMs: number
}

function header(path: string, size: number, mtimeMs: number, dir: boolean): Buffer {
  const h = Buffer.alloc(512)
  const name = Buffer.from(path, 'utf8')
  if (name.length > 100) throw new Error(`tar path too long: ${path}`)
  name.copy(h, 0)
  const octal = (n: number, len: number) => n.toString(8).padStart(len - 1, '0') + '\0'
  h.write(octal(dir ? 0o755 : 0o644, 8), 100, 'ascii')
  h.write(octal(0, 8), 108, 'ascii')
  h.write(octal(0, 8), 116, 'ascii')
  h.write(octal(size, 12), 124, 'ascii')
  h.write(octal(Math.floor(mtimeMs / 1000), 12), 136, 'ascii')
  h.write('        ', 148, 'ascii')
  h.write(dir ? '5' : '0', 156, 'ascii')
  h.write('ustar\0', 257, 'ascii')
  h.write('00', 263, 'ascii')
  let sum = 0
  for (const b of h) sum += b
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii')
  return h
}

/** The archive bytes (uncompressed); directories must come before their files. */
export function tarArchive(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = []
  for (const e of entries) {
    const dir = e.data === undefined
    const data = e.data ?? new Uint8Array(0)
    parts.push(
      header(dir && !e.path.endsWith('/') ? `${e.path}/` : e.path, data.length, e.mtimeMs, dir),
    )
    if (data.length > 0) {
      parts.push(Buffer.from(data.buffer, data.byteOffset, data.length))
      const pad = (512 - (data.length % 512)) % 512
      if (pad > 0) parts.push(Buffer.alloc(pad))
    }
  }
  parts.push(Buffer.alloc(1024))
  return Buffer.concat(parts)
}
