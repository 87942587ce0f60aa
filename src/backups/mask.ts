/**
 * Masking of secrets in export text for viewers (and for the fleet search index, which must never
 * hold a secret): the value of every sensitive property becomes `********`. Works on logical
 * lines; a line whose secret was wrapped over several physical lines is shown joined.
 */

/** Property names whose values are secrets in RouterOS exports (v6 and v7). */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'password',
  'secret',
  'passphrase',
  'private-key',
  'preshared-key',
  'pre-shared-key',
  'wpa-pre-shared-key',
  'wpa2-pre-shared-key',
  'wpa3-psk',
  'psk',
  'sae-password',
  'authentication-password',
  'encryption-password',
  'auth-key',
  'authentication-key',
  'management-protection-key',
  'ipsec-secret',
  'tcp-md5-key',
  'ldap-password',
  'x-auth-password',
  'static-key-0',
  'static-key-1',
  'static-key-2',
  'static-key-3',
  'static-sta-private-key',
  'static-transmit-key',
  'radius-secret',
  'shared-secret',
  'key',
  'smtp-password',
  'api-key',
  'md5-key',
  'ospf-key',
  'bgp-key',
  'token',
  'dyndns-password',
  'passwd',
])

export const MASK = '********'

// key=value where value is a quoted string (with escapes) or a bare word
const PAIR = /(^|[\s[])([a-z0-9-]+)=("(?:[^"\\]|\\[\s\S])*"|[^\s\]]*)/g

/** Masks one logical line (continuations already joined). */
export function maskLine(line: string, keys: ReadonlySet<string> = SECRET_KEYS): string {
  if (line.startsWith('#')) return line
  return line.replace(PAIR, (m, pre: string, key: string, value: string) =>
    keys.has(key) && value !== '' && value !== '""' ? `${pre}${key}=${MASK}` : m,
  )
}

/** Masks a whole export (raw or normalised), keeping line ends and untouched wrapping. */
export function maskSecrets(text: string, keys: ReadonlySet<string> = SECRET_KEYS): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const physical = text.split(/\r?\n/)
  const out: string[] = []
  for (let i = 0; i < physical.length; i++) {
    const group = [physical[i] as string]
    while (/\\$/.test(group[group.length - 1] as string) && i + 1 < physical.length)
      group.push(physical[++i] as string)
    const joined = group
      .map((p, n) => (n === 0 ? p : p.replace(/^[ \t]+/, '')))
      .map((p, n, all) => (n < all.length - 1 ? p.slice(0, -1) : p))
      .join('')
    const masked = maskLine(joined, keys)
    if (masked === joined) out.push(...group)
    else out.push(masked)
  }
  return out.join(eol)
}

/** True when the text still shows a secret value (used by tests and as a guard before indexing). */
export function hasUnmaskedSecret(text: string, keys: ReadonlySet<string> = SECRET_KEYS): boolean {
  const joined = text.replace(/\\\r?\n[ \t]+/g, '')
  return joined.split(/\r?\n/).some((l) => maskLine(l, keys) !== l)
}
