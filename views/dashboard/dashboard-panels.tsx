import type { DashboardData } from '../../src/dashboard/dashboard.types.ts'
import { EmptyState } from '../components/empty-state.tsx'
import { AttentionList } from './attention-list.tsx'
import { EventList } from './event-list.tsx'
import { StatusTiles } from './status-tiles.tsx'
import { TopList } from './top-list.tsx'

export interface DashboardPanelsProps {
  data: DashboardData
  canAdd: boolean
}

function NoDevices(props: { canAdd: boolean }) {
  return (
    <EmptyState
      title="No devices yet"
      action={props.canAdd ? { href: '/devices/new', label: 'Add a device' } : undefined}
    >
      <p>Outpost polls your MikroTik routers and shows their health here.</p>
      {props.canAdd ? (
        <ol>
          <li>Add a device with its address and an API user.</li>
          <li>Outpost checks it right away and starts polling.</li>
          <li>Its status, resources and events appear on this page, live.</li>
        </ol>
      ) : (
        <p>Devices added by your tenant's administrators or operators will appear here.</p>
      )}
    </EmptyState>
  )
}

/**
 * Everything below the dashboard heading. The page renders it and it refreshes itself: live.js
 * sends `outpost:refresh` when the tenant's feed reports a poll or a status change, and htmx swaps
 * in this same component from GET / (as a fragment).
 */
export function DashboardPanels(props: DashboardPanelsProps) {
  const { summary: s, now } = props.data
  const page = props.data.attention?.page ?? 1
  return (
    <div
      id="dashboard-panels"
      data-live="fleet"
      hx-get={page > 1 ? `/?attention=${page}` : '/'}
      hx-trigger="outpost:refresh throttle:1s"
      hx-swap="outerHTML"
    >
      {props.data.deviceCount === 0 ? (
        <NoDevices canAdd={props.canAdd} />
      ) : (
        <>
          <StatusTiles total={s.total} counts={s.counts} />
          <div class="dashboard-grid">
            <AttentionList entries={s.attention} now={now} page={props.data.attention} />
            <section class="card" aria-labelledby="events-title">
              <h2 id="events-title">
                Recent events <a href="/events">(all events)</a>
              </h2>
              <EventList events={s.events} now={now} empty="No events yet." />
            </section>
          </div>
          <div class="dashboard-grid dashboard-grid-3">
            <TopList title="Top CPU" entries={s.topCpu} unit="percent" max={100} />
            <TopList title="Top memory" entries={s.topMemory} unit="percent" max={100} />
            <TopList title="Top traffic" entries={s.topTraffic} unit="bps" />
          </div>
        </>
      )}
    </div>
  )
}
