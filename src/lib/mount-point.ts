// Whether a directory is a mount point, from the kernel's mount table: a container image's data
// directory that is not one lives in the container's own layer and is lost with the container.
import { readFileSync } from 'node:fs'

/** Mount points listed in /proc/self/mountinfo text (field 5, with the kernel's octal escapes). */
export function mountPoints(mountinfo: string): Set<string> {
  const out = new Set<string>()
  for (const line of mountinfo.split('\n')) {
    const field = line.split(' ')[4]
    if (field)
      out.add(field.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
  }
  return out
}

/** True when `dir` (absolute) is a mount point; also true when the table cannot be read (no false alarm). */
export function isMountPoint(dir: string, mountinfoFile = '/proc/self/mountinfo'): boolean {
  let text: string
  try {
    text = readFileSync(mountinfoFile, 'utf8')
  } catch {
    return true
  }
  return mountPoints(text).has(dir.length > 1 ? dir.replace(/\/+$/, '') : dir)
}
