import { describe, expect, it } from 'vitest'
import { EventBus } from '../../../src/poller/event-bus.ts'

describe('EventBus', () => {
  it('delivers to subscribers of that name only and unsubscribes', () => {
    const bus = new EventBus()
    const got: string[] = []
    const off = bus.on('device.polled', (p) => got.push(`polled ${p.deviceId}`))
    bus.on('device.event', (p) => got.push(`event ${p.kind}`))
    bus.emit('device.polled', {
      tenantId: 't',
      deviceId: 'd1',
      status: 'online',
      at: 1,
      durationMs: 1,
    })
    bus.emit('device.event', {
      tenantId: 't',
      deviceId: 'd1',
      kind: 'rebooted',
      message: '',
      at: 1,
    })
    off()
    bus.emit('device.polled', {
      tenantId: 't',
      deviceId: 'd2',
      status: 'online',
      at: 2,
      durationMs: 1,
    })
    expect(got).toEqual(['polled d1', 'event rebooted'])
    expect(bus.listenerCount('device.polled')).toBe(0)
  })

  it('reports a throwing subscriber and still calls the others', () => {
    const errors: unknown[] = []
    const bus = new EventBus((e) => errors.push(e))
    let called = false
    bus.on('device.polled', () => {
      throw new Error('bad subscriber')
    })
    bus.on('device.polled', () => {
      called = true
    })
    bus.emit('device.polled', {
      tenantId: 't',
      deviceId: 'd',
      status: 'offline',
      at: 0,
      durationMs: 1,
    })
    expect(called).toBe(true)
    expect(errors).toHaveLength(1)
  })
})
