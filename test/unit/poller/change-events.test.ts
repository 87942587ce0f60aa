import { describe, expect, it } from 'vitest'
import { factEvents, statusEvents } from '../../../src/poller/change-events.ts'

describe('statusEvents', () => {
  it('reports came online from unknown, offline and auth_failed', () => {
    for (const from of ['unknown', 'offline', 'auth_failed'] as const) {
      expect(statusEvents(from, 'online').map((e) => e.kind)).toEqual(['came_online'])
    }
    expect(statusEvents('offline', 'degraded').map((e) => e.kind)).toEqual(['came_online'])
  })

  it('reports went offline with the reason, and nothing between online and degraded', () => {
    const [e] = statusEvents('online', 'offline', 'Connection refused')
    expect(e).toEqual({ kind: 'went_offline', message: 'Device went offline: Connection refused' })
    expect(statusEvents('online', 'degraded')).toEqual([])
    expect(statusEvents('offline', 'offline')).toEqual([])
    expect(statusEvents('unknown', 'offline')).toEqual([])
  })

  it('reports an auth failure once', () => {
    expect(statusEvents('online', 'auth_failed').map((e) => e.kind)).toEqual(['auth_failed'])
    expect(statusEvents('auth_failed', 'auth_failed')).toEqual([])
  })
})

describe('factEvents', () => {
  const base = { at: 0, uptimeS: 1000, identity: 'core-1', version: '7.15.2 (stable)' }

  it('reports nothing on the first poll and when nothing changed', () => {
    expect(factEvents(undefined, base)).toEqual([])
    expect(factEvents(base, { ...base, at: 60_000, uptimeS: 1060 })).toEqual([])
  })

  it('reports a reboot, a version change and an identity change', () => {
    const cur = { at: 60_000, uptimeS: 30, identity: 'core-2', version: '7.16 (stable)' }
    const events = factEvents(base, cur)
    expect(events.map((e) => e.kind)).toEqual(['rebooted', 'version_changed', 'identity_changed'])
    expect(events[1]?.message).toBe(
      'RouterOS version changed from 7.15.2 (stable) to 7.16 (stable)',
    )
  })
})
