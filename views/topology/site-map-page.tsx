import type { SiteMapView } from '../../src/topology/topology.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { TopologyTabs, ZoomButtons } from './topology-tabs.tsx'

export interface SiteMapPageProps {
  map: SiteMapView
  canEdit: boolean
  csrfToken: string
  /** the coordinates form after a refused save: values as typed and messages */
  form?: { siteId: string; latitude: string; longitude: string; errors: Record<string, string> }
}

const STATUS_WORDS: Record<string, string> = {
  online: 'all online',
  degraded: 'degraded',
  offline: 'offline',
  auth_failed: 'login failed',
  unknown: 'not polled yet',
}

function LocationForm(p: SiteMapPageProps) {
  const f = p.form
  const e = f?.errors ?? {}
  return (
    <section class="card" id="site-location">
      <h2>Site coordinates</h2>
      <p class="muted">
        Decimal degrees (latitude −90 to 90, longitude −180 to 180); leave both empty to clear.
        Device coordinates are on each device's Edit page; a site without its own is placed at the
        average of its devices'.
      </p>
      <form method="post" action="/topology/sites/location" class="stack-form">
        <CsrfField token={p.csrfToken} />
        <div class={e.siteId ? 'field field-invalid' : 'field'}>
          <label for="f-siteId">Site</label>
          <select id="f-siteId" name="siteId">
            {p.map.siteOptions.map((s) => (
              <option value={s.id} selected={f?.siteId === s.id}>
                {s.name}
                {s.latitude !== null ? ` (${s.latitude}, ${s.longitude})` : ''}
              </option>
            ))}
          </select>
          {e.siteId && <p class="field-error">{e.siteId}</p>}
        </div>
        {(['latitude', 'longitude'] as const).map((k) => (
          <div class={e[k] ? 'field field-invalid' : 'field'}>
            <label for={`f-${k}`}>{k === 'latitude' ? 'Latitude' : 'Longitude'}</label>
            <input
              id={`f-${k}`}
              name={k}
              inputmode="decimal"
              value={f?.[k] ?? ''}
              aria-invalid={e[k] ? 'true' : undefined}
              aria-describedby={e[k] ? `f-${k}-error` : undefined}
            />
            {e[k] && (
              <p class="field-error" id={`f-${k}-error`}>
                {e[k]}
              </p>
            )}
          </div>
        ))}
        <button type="submit" class="button">
          Save coordinates
        </button>
      </form>
    </section>
  )
}

/** Sites on an offline world outline, coloured by their worst device. */
export function SiteMapPage(p: SiteMapPageProps) {
  const m = p.map
  return (
    <section>
      <div class="page-header">
        <h1>Site map</h1>
        <TopologyTabs current="map" />
      </div>
      <p class="muted">
        {m.sites.length} places on the map
        {m.unplaced > 0 ? `; ${m.unplaced} devices have no coordinates (nor has their site)` : ''}.
        Select a site to list its devices.
      </p>
      <div class="topo-frame" data-live="topology">
        <div class="topo-toolbar">
          <span></span>
          <ZoomButtons />
        </div>
        <svg
          class="map-svg"
          data-zoom-pan=""
          viewBox={`0 0 ${m.width} ${m.height}`}
          role="img"
          aria-label="Site map"
        >
          <rect class="map-sea" width={m.width} height={m.height} />
          <path class="map-land" d={m.landPath} />
          {m.sites.map((s) => (
            <a href={s.href}>
              <g class="map-site" data-status={s.status}>
                <title>{`${s.name}: ${s.devices} devices, ${STATUS_WORDS[s.status] ?? s.status}${s.source === 'devices' ? ' (placed by its devices)' : ''}`}</title>
                <circle cx={s.x} cy={s.y} r={Math.min(12, 4 + Math.sqrt(s.devices) * 1.5)} />
                <text x={s.x + 10} y={s.y + 4}>
                  {s.name}
                </text>
              </g>
            </a>
          ))}
        </svg>
      </div>
      <div class="table-wrap">
        <table class="data-table" data-testid="site-list">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Devices</th>
              <th scope="col">Status</th>
              <th scope="col">Coordinates</th>
            </tr>
          </thead>
          <tbody>
            {m.sites.map((s) => (
              <tr>
                <td>
                  <a href={s.href}>{s.name}</a>
                </td>
                <td>{s.devices}</td>
                <td data-status={s.status}>
                  {s.counts.online} online
                  {s.counts.offline + s.counts.auth_failed > 0
                    ? `, ${s.counts.offline + s.counts.auth_failed} down`
                    : ''}
                  {s.counts.degraded > 0 ? `, ${s.counts.degraded} degraded` : ''}
                </td>
                <td>
                  {s.latitude.toFixed(4)}, {s.longitude.toFixed(4)}
                  {s.source === 'devices' ? ' (devices)' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.canEdit && m.siteOptions.length > 0 && <LocationForm {...p} />}
    </section>
  )
}
