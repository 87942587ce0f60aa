// A small tmpfs mounted by the test in a fresh temp directory, for real file-system failures
// (a full disk, a read-only file system). Needs root, as the appliance's test machine has.
import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Tmpfs {
  readonly dir: string
  /** remount read-only (EROFS for every write) */
  readOnly(): void
  /** writes a filler file until the file system has no byte left (ENOSPC) */
  fill(): void
  /** deletes the filler file: the space is back */
  free(): void
  unmount(): void
}

/** Mounts a tmpfs of `sizeBytes` (rounded up to whole pages by the kernel). */
export function mountTmpfs(sizeBytes: number): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-tmpfs-'))
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700`, 'tmpfs', dir])
  let mounted = true
  return {
    dir,
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir]),
    fill: () => fillUp(join(dir, 'filler')),
    free: () => rmSync(join(dir, 'filler'), { force: true }),
    unmount: () => {
      if (!mounted) return
      mounted = false
      execFileSync('umount', ['-l', dir])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function fillUp(file: string): void {
  const fd = openSync(file, 'a')
  try {
    for (let chunk = 1024 * 1024; chunk >= 1; chunk = Math.floor(chunk / 4)) {
      const buf = Buffer.alloc(chunk)
      try {
        for (;;) writeSync(fd, buf)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
      }
    }
  } finally {
    closeSync(fd)
  }
}
