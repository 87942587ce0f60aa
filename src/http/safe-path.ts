/**
 * A local path to go to after sign-in or a tenant switch. Anything that could leave the site
 * (`//host`, `/\host`, schemes, control characters) falls back to `/`.
 */
export function safeLocalPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 512) return fallback
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback
  return value
}

/** The section of a path (`/devices/01J…/backups` → `/devices`): ids do not survive a tenant switch. */
export function sectionOf(path: string): string {
  const first = safeLocalPath(path).split(/[/?#]/)[1]
  return first ? `/${first}` : '/'
}
