import { describe, expect, it } from 'vitest'
import { keyStanding, type CreatorNow } from '../../../src/api-keys/key-standing.ts'

const creator = (o: Partial<CreatorNow> = {}): CreatorNow => ({
  exists: true,
  name: 'alice',
  isDisabled: false,
  isSuperAdmin: false,
  memberRole: 'admin',
  ...o,
})

describe('keyStanding', () => {
  it.each([
    ['operator', creator(), 'active', 'operator'],
    ['operator', creator({ memberRole: 'operator' }), 'active', 'operator'],
    ['operator', creator({ memberRole: 'viewer' }), 'limited', 'viewer'],
    ['viewer', creator({ memberRole: 'viewer' }), 'active', 'viewer'],
    ['operator', creator({ memberRole: null, isSuperAdmin: true }), 'active', 'operator'],
    ['operator', creator({ memberRole: null }), 'stopped', null],
    ['viewer', creator({ isDisabled: true }), 'stopped', null],
    ['viewer', creator({ exists: false, name: null, memberRole: null }), 'stopped', null],
  ] as const)('%s key, creator %j → %s as %s', (role, c, state, effective) => {
    const s = keyStanding(role, c)
    expect(s.state).toBe(state)
    expect(s.effectiveRole).toBe(effective)
    expect(s.reason === null).toBe(state === 'active')
  })
})
