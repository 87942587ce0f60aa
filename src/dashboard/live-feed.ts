import type { EventBus } from '../poller/index.ts'

export interface LiveMessage {
  /** resync: events may have been missed (another process's feed reconnected); re-read all */
  event: 'status' | 'event' | 'polled' | 'alert' | 'resync'
  data: string
}

/**
 * One tenant's live feed from the poller bus, as Server-Sent Events messages. Status changes and
 * device events go out at once; routine "polled" notices are coalesced (one message per
 * `coalesceMs` listing the device ids), so a 10,000-device tenant doesn't flood the browser.
 * Returns the unsubscribe function; the caller also stops it when the client goes away.
 */
export function subscribeTenantFeed(
  buses: EventBus | readonly EventBus[],
  tenantId: string,
  send: (m: LiveMessage) => void,
  coalesceMs = 1000,
): () => void {
  let polled = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  const flush = () => {
    timer = undefined
    if (polled.size === 0) return
    const ids = [...polled]
    polled = new Set()
    send({ event: 'polled', data: JSON.stringify({ deviceIds: ids }) })
  }
  // several pollers (issue 20): this process's bus and the one of events from the others
  const offs = (Array.isArray(buses) ? buses : [buses]).flatMap((bus: EventBus) => [
    bus.on('device.status_changed', (e) => {
      if (e.tenantId !== tenantId) return
      send({
        event: 'status',
        data: JSON.stringify({ deviceId: e.deviceId, from: e.from, to: e.to, at: e.at }),
      })
    }),
    bus.on('device.event', (e) => {
      if (e.tenantId !== tenantId) return
      send({
        event: 'event',
        data: JSON.stringify({ deviceId: e.deviceId, kind: e.kind, message: e.message, at: e.at }),
      })
    }),
    // an alert opened, acknowledged or resolved (also by another user): the alert panels reload
    bus.on('alert.changed', (e) => {
      if (e.tenantId !== tenantId) return
      send({
        event: 'alert',
        data: JSON.stringify({
          deviceId: e.deviceId,
          alertId: e.alertId,
          state: e.state,
          at: e.at,
        }),
      })
    }),
    bus.on('backup.changed', (e) => {
      if (e.tenantId !== tenantId) return
      send({
        event: 'event',
        data: JSON.stringify({
          deviceId: e.deviceId,
          kind: 'config_changed',
          message: `Configuration changed: ${e.summary}`,
          at: e.at,
        }),
      })
    }),
    bus.on('device.polled', (e) => {
      if (e.tenantId !== tenantId) return
      polled.add(e.deviceId)
      timer ??= setTimeout(flush, coalesceMs)
    }),
  ])
  return () => {
    for (const off of offs) off()
    if (timer !== undefined) clearTimeout(timer)
  }
}
