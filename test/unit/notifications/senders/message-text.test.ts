// The words of a notification: what, where, since when, the link; digests and tests; and the
// webhook signature a receiver recomputes.
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { AlertMessage } from '../../../../src/alerts/index.ts'
import { messageText } from '../../../../src/notifications/senders/message-text.ts'
import { webhookSignature } from '../../../../src/notifications/senders/webhook.ts'

const opened = Date.UTC(2026, 11, 6, 5, 12)
const alert = (
  over: Partial<NonNullable<AlertMessage['alert']>> = {},
): NonNullable<AlertMessage['alert']> => ({
  id: 'a1',
  deviceId: 'd1',
  deviceName: 'core-1',
  rule: 'Device offline for 2 min',
  kind: 'offline',
  severity: 'critical',
  state: 'open',
  message: 'Device offline for 2 min',
  value: null,
  threshold: null,
  openedAt: opened,
  ackedAt: null,
  ackedBy: null,
  ackNote: null,
  resolvedAt: null,
  url: 'https://outpost.example/devices/d1',
  ...over,
})

describe('messageText', () => {
  it('says what, where and since when, with the link, when an alert opens', () => {
    const t = messageText({ event: 'opened', tenantId: 't', at: opened, alert: alert() })
    expect(t.title).toBe('Alert [CRITICAL] Device offline for 2 min on core-1')
    expect(t.lines).toEqual([
      'Device offline for 2 min',
      'Device: core-1',
      'Rule: Device offline for 2 min (critical)',
      'Since: 2026-12-06 05:12 UTC',
      'Open: https://outpost.example/devices/d1',
    ])
    expect(t.url).toBe('https://outpost.example/devices/d1')
  })

  it('names who acknowledged (with the note) and how long until it resolved', () => {
    const acked = messageText({
      event: 'acknowledged',
      tenantId: 't',
      at: opened,
      alert: alert({ ackedAt: opened + 60_000, ackedBy: 'ana', ackNote: 'rebooting' }),
    })
    expect(acked.lines).toContain('Acknowledged by ana at 2026-12-06 05:13 UTC: rebooting')
    const resolved = messageText({
      event: 'resolved',
      tenantId: 't',
      at: opened,
      alert: alert({ resolvedAt: opened + 3 * 3600_000 + 5 * 60_000 }),
    })
    expect(resolved.title.startsWith('Resolved [CRITICAL]')).toBe(true)
    expect(resolved.lines).toContain('Resolved at 2026-12-06 08:17 UTC after 3 h 5 min')
  })

  it('words digests and tests', () => {
    expect(
      messageText({
        event: 'digest',
        tenantId: 't',
        at: opened,
        alert: null,
        digest: { count: 1, lines: ['x'] },
      }).title,
    ).toBe('1 alert in the last minute')
    expect(messageText({ event: 'test', tenantId: 't', at: opened, alert: null }).title).toBe(
      'Outpost test notification',
    )
  })
})

describe('webhookSignature', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const mac = createHmac('sha256', 's3cret-s3cret-s3cret')
      .update('1700000000.{"a":1}')
      .digest('hex')
    expect(webhookSignature('s3cret-s3cret-s3cret', 1_700_000_000, '{"a":1}')).toBe(
      `t=1700000000,v1=${mac}`,
    )
  })
})
