/**
 * SFTP subsystem over the device's file store (`dev.files`, shared with `/file`, backups and
 * `/export file=`): open/read/write/close, stat, directory listing of `/`, remove and rename.
 * Bytes written over SFTP are kept alongside the file so binary uploads download unchanged.
 */
import ssh2 from 'ssh2'
import type { SFTPWrapper } from 'ssh2'
import type { SimFile, SimRouter } from '../device/device.ts'

const { STATUS_CODE, OPEN_MODE } = ssh2.utils.sftp
const RAW = new WeakMap<SimFile, Buffer>()

interface Handle {
  name: string
  write: boolean
  data: Buffer
  dir?: boolean
  listed?: boolean
}

export function fileBytes(f: SimFile): Buffer {
  return RAW.get(f) ?? Buffer.from(f.contents, 'utf8')
}

/** Stores bytes as a device file (text when valid UTF-8, else Latin-1 text plus the raw bytes). */
export function storeFile(dev: SimRouter, name: string, data: Buffer): SimFile {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data)
  } catch {
    text = data.toString('latin1')
  }
  const f = dev.writeFile(name, text)
  RAW.set(f, Buffer.from(data))
  return f
}

function clean(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+$/, '')
}

function attrs(size: number, dir: boolean, mtime: number) {
  const t = Math.floor(mtime / 1000)
  return { mode: dir ? 0o40755 : 0o100644, uid: 0, gid: 0, size, atime: t, mtime: t }
}

interface Handles {
  open(h: Handle): Buffer
  get(b: Buffer): Handle | undefined
  close(b: Buffer): void
}

function handleTable(): Handles {
  const handles = new Map<number, Handle>()
  let seq = 0
  return {
    open: (h) => {
      const id = ++seq
      handles.set(id, h)
      const b = Buffer.alloc(4)
      b.writeUInt32BE(id)
      return b
    },
    get: (b) => (b.length === 4 ? handles.get(b.readUInt32BE(0)) : undefined),
    close: (b) => void handles.delete(b.readUInt32BE(0)),
  }
}

export function serveSftp(dev: SimRouter, sftp: SFTPWrapper): void {
  const h = handleTable()
  // the client closing its side (OpenSSH sftp at the end of a batch) ends the subsystem
  sftp.on('end', () => sftp.end())
  fileOps(dev, sftp, h)
  statOps(dev, sftp, h)
  dirOps(dev, sftp, h)
}

function fileOps(dev: SimRouter, sftp: SFTPWrapper, handles: Handles): void {
  sftp.on('OPEN', (reqid, filename, flags) => {
    const name = clean(filename)
    const write = (flags & OPEN_MODE.WRITE) !== 0
    const existing = dev.readFile(name)
    if (!write && !existing) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE)
    const keep = existing && write && (flags & OPEN_MODE.TRUNC) === 0
    const data = !write || keep ? fileBytes(existing as SimFile) : Buffer.alloc(0)
    sftp.handle(reqid, handles.open({ name, write, data }))
  })
  sftp.on('READ', (reqid, handle, offset, length) => {
    const h = handles.get(handle)
    if (!h || h.dir) return sftp.status(reqid, STATUS_CODE.FAILURE)
    if (offset >= h.data.length) return sftp.status(reqid, STATUS_CODE.EOF)
    sftp.data(reqid, h.data.subarray(offset, Math.min(h.data.length, offset + length)))
  })
  sftp.on('WRITE', (reqid, handle, offset, data) => {
    const h = handles.get(handle)
    if (!h || !h.write) return sftp.status(reqid, STATUS_CODE.FAILURE)
    const end = offset + data.length
    if (end > h.data.length) h.data = Buffer.concat([h.data, Buffer.alloc(end - h.data.length)])
    data.copy(h.data, offset)
    sftp.status(reqid, STATUS_CODE.OK)
  })
  sftp.on('CLOSE', (reqid, handle) => {
    const h = handles.get(handle)
    if (!h) return sftp.status(reqid, STATUS_CODE.FAILURE)
    handles.close(handle)
    if (h.write) storeFile(dev, h.name, h.data)
    sftp.status(reqid, STATUS_CODE.OK)
  })
}

function statOps(dev: SimRouter, sftp: SFTPWrapper, handles: Handles): void {
  const stat = (reqid: number, path: string): void => {
    const name = clean(path)
    if (name === '' || name === '.') return void sftp.attrs(reqid, attrs(0, true, dev.clock.now()))
    const f = dev.readFile(name)
    if (!f) return void sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE)
    sftp.attrs(reqid, attrs(fileBytes(f).length, false, f.created))
  }
  sftp.on('STAT', stat)
  sftp.on('LSTAT', stat)
  sftp.on('FSTAT', (reqid, handle) => {
    const h = handles.get(handle)
    if (!h) return sftp.status(reqid, STATUS_CODE.FAILURE)
    sftp.attrs(reqid, attrs(h.data.length, h.dir === true, dev.clock.now()))
  })
  sftp.on('SETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK))
  sftp.on('FSETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK))
  sftp.on('REALPATH', (reqid, path) => {
    const name = clean(path)
    const full = name === '' || name === '.' ? '/' : '/' + name
    sftp.name(reqid, [{ filename: full, longname: full, attrs: attrs(0, true, dev.clock.now()) }])
  })
}

function dirOps(dev: SimRouter, sftp: SFTPWrapper, handles: Handles): void {
  sftp.on('OPENDIR', (reqid, path) => {
    const name = clean(path)
    if (name !== '' && name !== '.') return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE)
    sftp.handle(reqid, handles.open({ name: '', write: false, data: Buffer.alloc(0), dir: true }))
  })
  sftp.on('READDIR', (reqid, handle) => {
    const h = handles.get(handle)
    if (!h?.dir) return sftp.status(reqid, STATUS_CODE.FAILURE)
    if (h.listed) return sftp.status(reqid, STATUS_CODE.EOF)
    h.listed = true
    const entries = [...dev.files.values()].map((f) => {
      const size = fileBytes(f).length
      return {
        filename: f.name,
        longname: `-rw-r--r-- 1 0 0 ${size} ${f.name}`,
        attrs: attrs(size, false, f.created),
      }
    })
    if (entries.length === 0) return sftp.status(reqid, STATUS_CODE.EOF)
    sftp.name(reqid, entries)
  })
  sftp.on('REMOVE', (reqid, path) => {
    sftp.status(reqid, dev.removeFile(clean(path)) ? STATUS_CODE.OK : STATUS_CODE.NO_SUCH_FILE)
  })
  sftp.on('RENAME', (reqid, from, to) => {
    const f = dev.readFile(clean(from))
    if (!f) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE)
    const data = fileBytes(f)
    dev.removeFile(f.name)
    storeFile(dev, clean(to), data)
    sftp.status(reqid, STATUS_CODE.OK)
  })
  sftp.on('MKDIR', (reqid) => sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED))
  sftp.on('RMDIR', (reqid) => sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED))
}
