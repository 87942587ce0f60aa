import { describe, expect, it } from 'vitest'
import { EventBus } from '../../../src/poller/event-bus.ts'
import { subscribeTenantFeed, type LiveMessage } from '../../../src/dashboard/live-feed.ts'

describe('subscribeTenantFeed', () => {
  it('sends status changes and events of its tenant only, at once', () => {
    const bus = new EventBus()
    const got: LiveMessage[] = []
    const off = subscribeTenantFeed(bus, 'A', (m) => got.push(m), 10_000)
    bus.emit('device.status_changed', {
      tenantId: 'B',
      deviceId: 'b1',
      from: 'online',
      to: 'offline',
      at: 1,
    })
    bus.emit('device.status_changed', {
      tenantId: 'A',
      deviceId: 'a1',
      from: 'online',
      to: 'offline',
      at: 2,
    })
    bus.emit('device.event', {
      tenantId: 'A',
      deviceId: 'a1',
      kind: 'went_offline',
      message: 'down',
      at: 2,
    })
    expect(got.map((m) => m.event)).toEqual(['status', 'event'])
    expect(JSON.parse(got[0]?.data ?? '')).toEqual({
      deviceId: 'a1',
      from: 'online',
      to: 'offline',
      at: 2,
    })
    off()
    expect(bus.listenerCount('device.polled')).toBe(0)
  })

  it('coalesces poll notices into one message', async () => {
    const bus = new EventBus()
    const got: LiveMessage[] = []
    const off = subscribeTenantFeed(bus, 'A', (m) => got.push(m), 20)
    for (const id of ['a1', 'a2', 'a1'])
      bus.emit('device.polled', {
        tenantId: 'A',
        deviceId: id,
        status: 'online',
        at: 0,
        durationMs: 1,
      })
    bus.emit('device.polled', {
      tenantId: 'B',
      deviceId: 'b1',
      status: 'online',
      at: 0,
      durationMs: 1,
    })
    await new Promise((r) => setTimeout(r, 60))
    expect(got).toEqual([{ event: 'polled', data: JSON.stringify({ deviceIds: ['a1', 'a2'] }) }])
    off()
  })
  it('sends alert changes of its tenant at once (an acknowledgement by another user shows live)', () => {
    const bus = new EventBus()
    const got: LiveMessage[] = []
    const off = subscribeTenantFeed(bus, 'A', (m) => got.push(m), 10_000)
    bus.emit('alert.changed', {
      tenantId: 'B',
      deviceId: 'b1',
      alertId: 'x',
      state: 'open',
      at: 1,
      source: 'engine',
    })
    bus.emit('alert.changed', {
      tenantId: 'A',
      deviceId: 'a1',
      alertId: 'y',
      state: 'acknowledged',
      at: 2,
      source: 'user',
    })
    expect(got).toEqual([
      {
        event: 'alert',
        data: JSON.stringify({ deviceId: 'a1', alertId: 'y', state: 'acknowledged', at: 2 }),
      },
    ])
    off()
    expect(bus.listenerCount('alert.changed')).toBe(0)
  })

  it('sends a stored config change of its tenant as an event with the change summary', () => {
    const bus = new EventBus()
    const got: LiveMessage[] = []
    const off = subscribeTenantFeed(bus, 'A', (m) => got.push(m), 10_000)
    bus.emit('backup.changed', {
      tenantId: 'B',
      deviceId: 'b1',
      backupId: 'x',
      summary: '+1 −0 in /ip address',
      at: 1,
    })
    bus.emit('backup.changed', {
      tenantId: 'A',
      deviceId: 'a1',
      backupId: 'y',
      summary: '+1 −1 in /system identity',
      at: 2,
    })
    expect(got).toEqual([
      {
        event: 'event',
        data: JSON.stringify({
          deviceId: 'a1',
          kind: 'config_changed',
          message: 'Configuration changed: +1 −1 in /system identity',
          at: 2,
        }),
      },
    ])
    off()
    expect(bus.listenerCount('backup.changed')).toBe(0)
  })
})
