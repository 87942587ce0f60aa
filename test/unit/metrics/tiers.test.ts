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

  it('follows a configured retention but keeps the partition spans of the defaults', () => {
    const t = buildTiers({ rawHours: 8, fiveMinuteDays: 2, hourlyDays: 10 })
    const d = buildTiers()
    expect(t.raw.retentionS).toBe(8 * 3600)
    expect(t.m5.retentionS).toBe(2 * 86_400)
    expect(t.h1.retentionS).toBe(10 * 86_400)
    // partition numbers are floor(ts / span): existing tables keep their meaning when settings change
    expect([t.raw.spanS, t.m5.spanS, t.h1.spanS]).toEqual([d.raw.spanS, d.m5.spanS, d.h1.spanS])
  })
})

describe('partition names', () => {
  it('round-trip and ignore other tables', () => {
    const t = buildTiers().raw
    const p = partitionOf(t, 1_700_000_000)
    expect(parseTableName(tableName(t, p))).toEqual({ tier: 'raw', partition: p, packed: false })
    expect(parseTableName('series')).toBeUndefined()
  })
})
