import type { AttentionPage } from '../../src/dashboard/attention.ts'
import type { FleetSummary } from '../../src/dashboard/fleet-summary.ts'
import { DeviceStatusBadge } from '../devices/device-status-badge.tsx'
import { relativeTime } from '../devices/relative-time.ts'

/** Page links that swap the dashboard panels (the live refresh then keeps that page). */
function AttentionPager(props: { p: AttentionPage }) {
  const { page, pageCount } = props.p
  if (pageCount <= 1) return null
  const link = (n: number, label: string, rel: string) => (
    <a
      class="button"
      href={`/?attention=${n}`}
      hx-get={`/?attention=${n}`}
      hx-target="#dashboard-panels"
      hx-swap="outerHTML"
      hx-push-url="true"
      rel={rel}
    >
      {label}
    </a>
  )
  return (
    <nav class="pager" aria-label="Needs attention pages">
      {page > 1 ? (
        link(page - 1, '← Previous', 'prev')
      ) : (
        <span class="button" aria-disabled="true">
          ← Previous
        </span>
      )}
      <span class="pager-label">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        link(page + 1, 'Next →', 'next')
      ) : (
        <span class="button" aria-disabled="true">
          Next →
        </span>
      )}
    </nav>
  )
}

/** Enabled devices that are not fully online, worst first, with the reason in plain words. */
export function AttentionList(props: {
  entries: FleetSummary['attention']
  now: number
  page?: AttentionPage | undefined
}) {
  const p = props.page
  return (
    <section class="card" aria-labelledby="attention-title" id="attention">
      <h2 id="attention-title">
        Needs attention
        {p !== undefined && p.total > 0 && (
          <span class="muted" data-attention-total>
            {' '}
            ({p.total})
          </span>
        )}
      </h2>
      {props.entries.length === 0 ? (
        <p class="muted">Every polled device is online.</p>
      ) : (
        <ul class="attention-list">
          {props.entries.map((a) => (
            <li>
              <div>
                <a href={`/devices/${a.deviceId}`}>{a.name}</a>{' '}
                <DeviceStatusBadge status={a.status} isEnabled={true} />
              </div>
              <div class="muted">
                {a.lastError ?? 'No error recorded'} · last seen{' '}
                {relativeTime(a.lastSeenAt, props.now)}
              </div>
            </li>
          ))}
        </ul>
      )}
      {p !== undefined && <AttentionPager p={p} />}
    </section>
  )
}
