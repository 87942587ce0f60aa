const TABS = [
  { href: '/all', label: 'Overview' },
  { href: '/all/devices', label: 'Devices' },
  { href: '/all/events', label: 'Events' },
] as const

/** The cross-customer view's sections; it reads every tenant, it never switches one. */
export function OverviewTabs(props: { current: (typeof TABS)[number]['href'] }) {
  return (
    <nav class="tabs" aria-label="All tenants">
      <ul>
        {TABS.map((t) => (
          <li>
            <a href={t.href} aria-current={t.href === props.current ? 'page' : undefined}>
              {t.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/** "2026-01-01 12:00:05 UTC": exact, sortable, the same in every tenant's time zone. */
export function exactTime(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

export const ROLE_LABEL = { admin: 'Admin', operator: 'Operator', viewer: 'Viewer' } as const

export function overviewHref(path: string, params: Record<string, string | number | null>) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `${path}?${s}` : path
}

/** One filter of the cross-customer pages: a labelled select of [value, label] pairs. */
export function FilterSelect(props: {
  name: string
  label: string
  value: string | null
  options: readonly (readonly [string, string])[]
}) {
  return (
    <label class="filter">
      <span class="visually-hidden">{props.label}</span>
      <select name={props.name} aria-label={props.label}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === (props.value ?? '')}>
            {label}
          </option>
        ))}
      </select>
    </label>
  )
}
