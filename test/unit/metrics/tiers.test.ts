import { describe, expect, it } from 'vitest'
import { buildTiers, parseTableName, partitionOf, tableName } from '../../../src/metrics/tiers.ts'

describe('buildTiers', () => {
  it('uses the default retention and spans of about 1/8 of it', () => {
    const t = buildTiers()
    expect(t.raw.retentionS).toBe(48 * 3600)
    expect(t.raw.spanS).toBe(6 * 3600)
    expect(t.m5.retentionS).toBe(30 * 86_400)
    expect(t.h1.retentionS).toBe(400 * 86_400)
    expect(t.h1.spanS % 3600).toBe(0)
  })

  it('follows a configured retention', () => {
    const t = buildTiers({ rawHours: 8, fiveMinuteDays: 2, hourlyDays: 10 })
    expect(t.raw.spanS).toBe(3600)
    expect(t.m5.retentionS).toBe(2 * 86_400)
  })
})

describe('partition names', () => {
  it('round-trip and ignore other tables', () => {
    const t = buildTiers().raw
    const p = partitionOf(t, 1_700_000_000)
    expect(parseTableName(tableName(t, p))).toEqual({ tier: 'raw', partition: p })
    expect(parseTableName('series')).toBeUndefined()
  })
})
