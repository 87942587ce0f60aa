import type { DeviceStatus } from '../../src/devices/devices.types.ts'

const TILES: { status: DeviceStatus; label: string; tone: string }[] = [
  { status: 'online', label: 'Online', tone: 'ok' },
  { status: 'degraded', label: 'Degraded', tone: 'warn' },
  { status: 'offline', label: 'Offline', tone: 'bad' },
  { status: 'auth_failed', label: 'Auth failed', tone: 'bad' },
  { status: 'unknown', label: 'Not polled yet', tone: 'muted' },
]

/** Device counts by status; each tile opens the device table filtered by that status. */
export function StatusTiles(props: { total: number; counts: Record<DeviceStatus, number> }) {
  return (
    <ul class="stat-tiles" aria-label="Devices by status">
      <li class="stat-tile">
        <a href="/devices">
          <span class="stat-value" data-count="total">
            {props.total}
          </span>
          <span class="stat-label">Polled devices</span>
        </a>
      </li>
      {TILES.map((t) => (
        <li class={`stat-tile stat-${t.tone}${props.counts[t.status] > 0 ? '' : ' stat-zero'}`}>
          <a href={`/devices?status=${t.status}`}>
            <span class="stat-value" data-count={t.status}>
              {props.counts[t.status]}
            </span>
            <span class="stat-label">{t.label}</span>
          </a>
        </li>
      ))}
    </ul>
  )
}
