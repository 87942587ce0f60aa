import type { DeviceFilterOptions, DeviceListQuery } from '../../src/devices/devices.types.ts'

const STATUS_OPTIONS = [
  ['', 'Any status'],
  ['online', 'Online'],
  ['degraded', 'Degraded'],
  ['offline', 'Offline'],
  ['auth_failed', 'Auth failed'],
  ['unknown', 'Not polled yet'],
  ['disabled', 'Disabled'],
] as const

function Select(props: {
  name: string
  label: string
  value: string | null
  options: { value: string; label: string }[]
}) {
  return (
    <label class="filter">
      <span class="visually-hidden">{props.label}</span>
      <select
        name={props.name}
        aria-label={props.label}
        hx-get="/devices"
        hx-trigger="change"
        hx-include="closest form"
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  )
}

const any = (label: string) => ({ value: '', label })

/**
 * Search box and filters; a GET form that htmx submits as the user types or picks. Only the
 * selects react to `change`: the search box fires `change` when it loses focus, which is the
 * moment the user clicks a result, and a second search then replaced the row under the click.
 */
export function DeviceFilters(props: { query: DeviceListQuery; options: DeviceFilterOptions }) {
  const q = props.query
  const o = props.options
  const labels = (refs: { id: string; name: string }[]) =>
    refs.map((r) => ({ value: r.id, label: r.name }))
  return (
    <form
      class="filters"
      method="get"
      action="/devices"
      role="search"
      hx-get="/devices"
      hx-target="#device-results"
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger="submit"
    >
      <label class="filter">
        <span class="visually-hidden">Search devices</span>
        <input
          type="search"
          name="q"
          value={q.q}
          placeholder="Search name, host, identity…"
          aria-label="Search devices"
          hx-get="/devices"
          hx-trigger="input changed delay:300ms, search changed"
          hx-target="#device-results"
          hx-swap="outerHTML"
          hx-push-url="true"
          hx-include="closest form"
        />
      </label>
      <Select
        name="status"
        label="Status"
        value={q.status}
        options={STATUS_OPTIONS.map(([value, label]) => ({ value, label }))}
      />
      <Select
        name="site"
        label="Site"
        value={q.site}
        options={[any('Any site'), ...labels(o.sites)]}
      />
      <Select name="tag" label="Tag" value={q.tag} options={[any('Any tag'), ...labels(o.tags)]} />
      <Select
        name="group"
        label="Group"
        value={q.group}
        options={[any('Any group'), ...labels(o.groups)]}
      />
      <Select
        name="version"
        label="Version"
        value={q.version}
        options={[any('Any version'), ...o.versions.map((v) => ({ value: v, label: v }))]}
      />
      {q.sort !== 'name' && <input type="hidden" name="sort" value={q.sort} />}
      {q.dir !== 'asc' && <input type="hidden" name="dir" value={q.dir} />}
      <button type="submit" class="button">
        Filter
      </button>
    </form>
  )
}
