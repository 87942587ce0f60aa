import type { DeviceCheckResult } from '../../src/devices/devices.types.ts'

/** What the connection check found: the router's facts, or precisely what is wrong. */
export function DeviceCheckPanel(props: { check?: DeviceCheckResult }) {
  const c = props.check
  if (!c) return null
  if (!c.ok) {
    return (
      <div
        class="flash flash-error check-result"
        role="alert"
        data-check={c.code}
        tabindex={-1}
        data-focus-problem
      >
        <strong>Check failed.</strong> {c.message}
      </div>
    )
  }
  return (
    <div class="flash flash-success check-result" role="status" data-check="ok">
      <strong>Connected to {c.host}.</strong> Identity <b class="check-identity">{c.identity}</b>,{' '}
      {c.board || 'unknown board'}, RouterOS {c.version}
      {c.serial ? `, serial ${c.serial}` : ''}.
    </div>
  )
}
