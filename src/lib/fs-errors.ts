// File-system errors in plain words for start-up messages. An errno code alone can mislead:
// Node's recursive mkdir on a read-only file system reports ENOENT, not EROFS.
import { accessSync, constants, existsSync } from 'node:fs'
import { dirname } from 'node:path'

const WORDS: Record<string, string> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'the disk is full',
  EDQUOT: 'disk quota exceeded',
}

function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message
}

/**
 * Why `path` could not be created: when the error says ENOENT, the nearest existing ancestor is
 * asked for write access, which names the real cause (EROFS, EACCES) if there is one.
 */
function realCode(err: unknown, path: string): string {
  const code = codeOf(err)
  if (code !== 'ENOENT') return code
  let dir = dirname(path)
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir)
  try {
    accessSync(dir, constants.W_OK)
    return code
  } catch (cause) {
    return codeOf(cause)
  }
}

/**
 * The cause of a failed create/write of `path`, for a message: "read-only file system (EROFS)",
 * or the bare code ("ENOTDIR") when there are no better words.
 * @example `cannot be created${fsCause(err, dir)}` → "cannot be created: read-only file system (EROFS)"
 */
export function fsCause(err: unknown, path: string): string {
  const code = realCode(err, path)
  const words = WORDS[code]
  return words === undefined ? ` (${code})` : `: ${words} (${code})`
}
