import { describe, expect, it } from 'vitest'
import { detectReboot } from '../../../src/poller/reboot.ts'

describe('detectReboot', () => {
  it('is false when uptime grew with the clock', () => {
    expect(detectReboot({ at: 0, uptimeS: 500 }, { at: 60_000, uptimeS: 559 })).toBe(false)
  })

  it('is true when uptime went backwards', () => {
    expect(detectReboot({ at: 0, uptimeS: 500 }, { at: 60_000, uptimeS: 12 })).toBe(true)
  })

  it('is true when uptime grew far less than the clock', () => {
    expect(detectReboot({ at: 0, uptimeS: 10 }, { at: 600_000, uptimeS: 200 })).toBe(true)
  })
})
