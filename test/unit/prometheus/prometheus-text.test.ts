import { describe, expect, it } from 'vitest'
import { prometheusText } from '../../../src/prometheus/prometheus-text.ts'

describe('prometheusText', () => {
  it('declares each family once and escapes label values', () => {
    const text = prometheusText([
      {
        name: 'outpost_device_up',
        help: 'Up.\nReally.',
        type: 'gauge',
        samples: [
          { labels: { device: 'a"b\\c\nd' }, value: 1 },
          { labels: {}, value: Number.NaN },
        ],
      },
      { name: 'outpost_empty', help: 'Nothing yet.', type: 'gauge', samples: [] },
    ])
    expect(text).toBe(
      [
        '# HELP outpost_device_up Up.\\nReally.',
        '# TYPE outpost_device_up gauge',
        'outpost_device_up{device="a\\"b\\\\c\\nd"} 1',
        'outpost_device_up NaN',
        '# HELP outpost_empty Nothing yet.',
        '# TYPE outpost_empty gauge',
        '',
      ].join('\n'),
    )
  })
})
