// Between the password and the second factor the browser holds only a short-lived signed ticket
// naming the user: no session exists yet, so nothing but the code page is reachable with it.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { UserId } from '../lib/ids.ts'

/** Five minutes to type the code; then the password is asked again. */
export const PENDING_TTL_MS = 5 * 60_000

export interface PendingSignIn {
  userId: UserId
  expiresAt: number
}

const sign = (key: Buffer, body: string) =>
  createHmac('sha256', key).update(`pending-2fa.${body}`).digest('base64url')

export function signPendingSignIn(key: Buffer, userId: UserId, now: number): string {
  const body = Buffer.from(JSON.stringify({ u: userId, e: now + PENDING_TTL_MS })).toString(
    'base64url',
  )
  return `${body}.${sign(key, body)}`
}

/** undefined when the ticket is malformed, forged or expired. */
export function verifyPendingSignIn(
  key: Buffer,
  ticket: string | undefined,
  now: number,
): PendingSignIn | undefined {
  if (!ticket) return undefined
  const [body, mac, extra] = ticket.split('.')
  if (!body || !mac || extra !== undefined) return undefined
  const want = Buffer.from(sign(key, body))
  const got = Buffer.from(mac)
  if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined
  try {
    const o = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      u?: unknown
      e?: unknown
    }
    if (typeof o.u !== 'string' || typeof o.e !== 'number' || o.e <= now) return undefined
    return { userId: o.u as UserId, expiresAt: o.e }
  } catch {
    return undefined
  }
}
