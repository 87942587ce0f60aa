import { describe, expect, it } from 'vitest'
import { temporaryPassword } from '../../../src/users/temporary-password.ts'

describe('temporaryPassword', () => {
  it('has four groups of four unambiguous characters', () => {
    for (let i = 0; i < 50; i++) {
      expect(temporaryPassword()).toMatch(/^[2-9a-km-zA-HJ-NP-Z]{4}(-[2-9a-km-zA-HJ-NP-Z]{4}){3}$/)
    }
  })

  it('never repeats', () => {
    expect(new Set(Array.from({ length: 200 }, temporaryPassword)).size).toBe(200)
  })
})
