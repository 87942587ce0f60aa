// RouterOS version distance for the firmware currency rule: releases are counted by minor number
// (7.12 → 7.15 is 3 behind); a patch release of the same minor is not behind; another major is.

const parse = (v: string): number[] | undefined => {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.trim())
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined
}

/**
 * How many minor releases `installed` is behind `latest` (0 when equal or newer).
 * @example versionsBehind('7.12.1', '7.15.3') // 3
 */
export function versionsBehind(installed: string, latest: string): number | 'major' {
  const a = parse(installed)
  const b = parse(latest)
  if (!a || !b) return 0
  if ((a[0] as number) < (b[0] as number)) return 'major'
  if ((a[0] as number) > (b[0] as number)) return 0
  return Math.max(0, (b[1] as number) - (a[1] as number))
}
