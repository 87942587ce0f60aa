import type { Child } from 'hono/jsx'

interface LiveRegionProps {
  id: string
  deviceId: string
  /** the fragment URL this region was rendered from (htmx reloads it on a live message) */
  url: string
  children: Child
}

/**
 * A part of the device page that refreshes itself when the live feed names this device
 * (assets/live.js sends `outpost:refresh`; htmx swaps in the same fragment from `url`).
 */
export function LiveRegion(props: LiveRegionProps) {
  return (
    <div
      id={props.id}
      data-live={`device:${props.deviceId}`}
      hx-get={props.url}
      hx-trigger="outpost:refresh throttle:1s"
      hx-swap="outerHTML"
    >
      {props.children}
    </div>
  )
}
