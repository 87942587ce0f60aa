import type { DeviceStatus } from './device-status.ts'
import { detectReboot } from './reboot.ts'

/** Closed list of events the poller records for a device. */
export type DeviceEventKind =
  | 'came_online'
  | 'went_offline'
  | 'auth_failed'
  | 'rebooted'
  | 'version_changed'
  | 'identity_changed'

export interface DeviceEvent {
  kind: DeviceEventKind
  message: string
}

/** What the poller remembers of a device between polls. */
export interface DeviceFacts {
  at: number
  uptimeS: number
  identity: string
  version: string
}

const UP: readonly DeviceStatus[] = ['online', 'degraded']

/** Events from a status transition (online/degraded count as up). */
export function statusEvents(from: DeviceStatus, to: DeviceStatus, reason?: string): DeviceEvent[] {
  const wasUp = UP.includes(from)
  const isUp = UP.includes(to)
  if (!wasUp && isUp) return [{ kind: 'came_online', message: 'Device came online' }]
  if (to === 'auth_failed' && from !== 'auth_failed') {
    return [{ kind: 'auth_failed', message: `Login failed: ${reason ?? 'bad credentials'}` }]
  }
  if (wasUp && to === 'offline') {
    return [{ kind: 'went_offline', message: `Device went offline: ${reason ?? 'no answer'}` }]
  }
  return []
}

/** Events from comparing what a device reported now with what it reported last time. */
export function factEvents(prev: DeviceFacts | undefined, cur: DeviceFacts): DeviceEvent[] {
  if (prev === undefined) return []
  const out: DeviceEvent[] = []
  if (detectReboot(prev, cur)) {
    out.push({ kind: 'rebooted', message: `Device rebooted (up ${formatUptime(cur.uptimeS)})` })
  }
  if (prev.version !== cur.version) {
    out.push({
      kind: 'version_changed',
      message: `RouterOS version changed from ${prev.version} to ${cur.version}`,
    })
  }
  if (prev.identity !== cur.identity) {
    out.push({
      kind: 'identity_changed',
      message: `Identity changed from "${prev.identity}" to "${cur.identity}"`,
    })
  }
  return out
}

function formatUptime(s: number): string {
  if (s < 120) return `${Math.floor(s)} s`
  if (s < 7200) return `${Math.floor(s / 60)} min`
  return `${Math.floor(s / 3600)} h`
}
