import type { DeviceStatus } from '../../src/devices/devices.types.ts'
import { StatusBadge, type BadgeTone } from '../components/status-badge.tsx'

const LABELS: Record<DeviceStatus, { label: string; tone: BadgeTone }> = {
  unknown: { label: 'not polled yet', tone: 'muted' },
  online: { label: 'online', tone: 'ok' },
  degraded: { label: 'degraded', tone: 'warn' },
  offline: { label: 'offline', tone: 'bad' },
  auth_failed: { label: 'auth failed', tone: 'bad' },
}

/** Device status as a badge; a disabled device says so whatever its last status was. */
export function DeviceStatusBadge(props: { status: DeviceStatus; isEnabled: boolean }) {
  if (!props.isEnabled) return <StatusBadge label="disabled" tone="muted" />
  const { label, tone } = LABELS[props.status]
  return <StatusBadge label={label} tone={tone} />
}
