/**
 * A local path to go to after sign-in, a tenant switch or a bulk action. Anything that could
 * leave the site (`//host`, `/\host`, schemes, control characters) falls back to `/`. Characters
 * outside printable ASCII (`€` in a search) are percent-encoded: the path ends up in a Location
 * or HX-Redirect header, and a header value outside Latin-1 throws (a 500 before this).
 */
export function safeLocalPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 512) return fallback
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback
  try {
    return value.replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch))
  } catch {
    // a lone surrogate cannot be encoded
    return fallback
  }
}

/** The section of a path (`/devices/01J…/backups` → `/devices`): ids do not survive a tenant switch. */
export function sectionOf(path: string): string {
  const first = safeLocalPath(path).split(/[/?#]/)[1]
  return first ? `/${first}` : '/'
}
