// Loose readers for snapshot JSON (POLLER's device_snapshots): fields a collector could not read
// are missing, and 64-bit counters are stored as strings. Bad shapes read as "absent".

export type Json = Record<string, unknown>

export function parseList(json: string | undefined): Json[] {
  if (json === undefined) return []
  const v: unknown = JSON.parse(json)
  return Array.isArray(v) ? v.filter((x): x is Json => typeof x === 'object' && x !== null) : []
}

export function parseObject(json: string | undefined): Json | undefined {
  if (json === undefined) return undefined
  const v: unknown = JSON.parse(json)
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined
}

export const str = (o: Json, k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined)
export const num = (o: Json, k: string): number | undefined => {
  const v = o[k]
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v)
  return undefined
}
export const bool = (o: Json, k: string): boolean => o[k] === true
export const strs = (o: Json, k: string): string[] =>
  Array.isArray(o[k]) ? (o[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []
