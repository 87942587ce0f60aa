import type { AlertView } from '../../src/alerts/alerts.types.ts'
import { AlertRows } from './alert-rows.tsx'

export interface AlertListPageProps {
  alerts: AlertView[]
  state: string
  now: number
  canOperate: boolean
  csrfToken: string
}

const TABS = [
  { state: 'active', label: 'Active' },
  { state: 'open', label: 'Open' },
  { state: 'acknowledged', label: 'Acknowledged' },
  { state: 'resolved', label: 'Resolved' },
  { state: 'all', label: 'All (history)' },
] as const

/** Alerts of the tenant by state, newest first; the history is the resolved list. */
export function AlertListPage(props: AlertListPageProps) {
  return (
    <section>
      <div class="page-header">
        <h1>Alerts</h1>
        <p>
          <a href="/alerts/rules">Rules</a> · <a href="/channels">Channels</a>
        </p>
      </div>
      <nav class="tabs" aria-label="Alert state">
        {TABS.map((t) => (
          <a
            href={`/alerts?state=${t.state}`}
            aria-current={t.state === props.state ? 'page' : undefined}
          >
            {t.label}
          </a>
        ))}
      </nav>
      <AlertRows
        alerts={props.alerts}
        now={props.now}
        canOperate={props.canOperate}
        csrfToken={props.csrfToken}
        back={`/alerts?state=${props.state}`}
      />
    </section>
  )
}
