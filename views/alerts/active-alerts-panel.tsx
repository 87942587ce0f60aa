import type { AlertView } from '../../src/alerts/alerts.types.ts'
import { AlertRows } from './alert-rows.tsx'

export interface ActiveAlertsPanelProps {
  alerts: AlertView[]
  now: number
  canOperate: boolean
  csrfToken: string
  /** set on the device page: only this device's alerts, refreshed when it is polled */
  deviceId?: string
}

/**
 * The active (open or acknowledged) alerts, on the dashboard and the device page. It refreshes
 * itself from the live feed (assets/live.js) with the same URL it was loaded from.
 */
export function ActiveAlertsPanel(props: ActiveAlertsPanelProps) {
  const url =
    props.deviceId === undefined
      ? '/alerts/panel'
      : `/alerts/panel?deviceId=${encodeURIComponent(props.deviceId)}`
  const back = props.deviceId === undefined ? '/' : `/devices/${props.deviceId}`
  return (
    <section
      id="active-alerts"
      class="card"
      data-live={props.deviceId === undefined ? 'fleet' : `device:${props.deviceId}`}
      hx-get={url}
      hx-trigger="outpost:refresh throttle:2s"
      hx-swap="outerHTML"
    >
      <h2>
        Active alerts <span class="muted">({String(props.alerts.length)})</span>
      </h2>
      <AlertRows
        alerts={props.alerts}
        now={props.now}
        canOperate={props.canOperate}
        csrfToken={props.csrfToken}
        hideDevice={props.deviceId !== undefined}
        back={back}
      />
      <p>
        <a href="/alerts">All alerts and history</a>
      </p>
    </section>
  )
}

/** The placeholder the dashboard and device page render: htmx loads the panel at once. */
export function ActiveAlertsSlot(props: { deviceId?: string }) {
  const url =
    props.deviceId === undefined
      ? '/alerts/panel'
      : `/alerts/panel?deviceId=${encodeURIComponent(props.deviceId)}`
  return <div id="active-alerts" hx-get={url} hx-trigger="load" hx-swap="outerHTML"></div>
}
