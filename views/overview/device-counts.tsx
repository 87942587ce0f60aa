import type { StatusCounts } from '../../src/overview/overview.types.ts'
import { overviewHref } from './overview-tabs.tsx'

const SHOWN: { key: Exclude<keyof StatusCounts, 'total'>; label: string; tone: string }[] = [
  { key: 'online', label: 'online', tone: 'ok' },
  { key: 'degraded', label: 'degraded', tone: 'warn' },
  { key: 'offline', label: 'offline', tone: 'bad' },
  { key: 'auth_failed', label: 'auth failed', tone: 'bad' },
  { key: 'unknown', label: 'not polled', tone: 'muted' },
  { key: 'disabled', label: 'disabled', tone: 'muted' },
]

/** "12 devices: 9 online, 2 offline, 1 disabled", each part a link to those devices. */
export function DeviceCounts(props: { counts: StatusCounts | undefined; tenantId: string }) {
  const c = props.counts
  if (!c || c.total === 0) return <span class="muted">no devices</span>
  const tenant = props.tenantId
  return (
    <span class="device-counts">
      <a href={overviewHref('/all/devices', { tenant })}>{c.total}</a>
      {SHOWN.filter((s) => c[s.key] > 0).map((s) => (
        <a
          class={`badge badge-${s.tone}`}
          href={overviewHref('/all/devices', { tenant, status: s.key })}
        >
          {c[s.key]} {s.label}
        </a>
      ))}
    </span>
  )
}
