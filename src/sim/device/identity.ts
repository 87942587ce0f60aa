/** Stable per-device identifiers (serial number, software id) and file types. */

export function fileType(name: string): string {
  if (name.endsWith('.backup')) return 'backup'
  if (name.endsWith('.rsc')) return 'script'
  if (name.endsWith('.npk')) return 'package'
  if (name.endsWith('.txt')) return '.txt file'
  return 'file'
}

export function serial(prefix: string, seed: number): string {
  return (prefix + seed.toString(16).toUpperCase().padStart(8, '0')).slice(0, 11)
}

export function softwareId(seed: number): string {
  const chars = 'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789'
  let s = ''
  let x = seed
  for (let i = 0; i < 8; i++) {
    s += chars[x % chars.length]
    x = (Math.floor(x / chars.length) ^ Math.imul(i + 7, 0x9e3779b1)) >>> 0
  }
  return `${s.slice(0, 4)}-${s.slice(4)}`
}
