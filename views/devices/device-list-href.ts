import type { DeviceListQuery } from '../../src/devices/devices.types.ts'

const DEFAULTS: Partial<Record<keyof DeviceListQuery, unknown>> = {
  q: '',
  sort: 'name',
  dir: 'asc',
  page: 1,
  per_page: 50,
}

/** `/devices?…` for the query with some fields replaced; defaults and empty values are left out. */
export function deviceListHref(
  query: DeviceListQuery,
  patch: Partial<DeviceListQuery> = {},
  base = '/devices',
): string {
  const merged = { ...query, ...patch }
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(merged)) {
    if (value === null || value === undefined || value === '') continue
    if (DEFAULTS[key as keyof DeviceListQuery] === value) continue
    params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${base}?${qs}` : base
}
