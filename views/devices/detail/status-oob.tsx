import type { DeviceView } from '../../../src/devices/devices.types.ts'
import { DeviceStatusBadge } from '../device-status-badge.tsx'

/** The header badge, swapped out of band with every live fragment so it never lags behind. */
export function StatusOob(props: { device: DeviceView }) {
  const d = props.device
  return (
    <span id={`device-status-${d.id}`} hx-swap-oob="true">
      <DeviceStatusBadge status={d.status} isEnabled={d.isEnabled} />
    </span>
  )
}
