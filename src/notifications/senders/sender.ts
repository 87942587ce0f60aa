// The contract of a notification sender (one file per channel kind, registered in index.ts, as
// collectors are): zod schemas for its plain settings and its secret settings, the one target
// line a page may show, and send(). A failed send throws DeliveryError with plain words; the
// words never contain the secret (URLs with tokens are shown by host only).
import type { z } from 'zod'
import type { AlertMessage } from '../../alerts/index.ts'
import type { ChannelKind } from '../../db/schema-alerts.ts'

export interface SendOptions {
  /** the whole send (connect, TLS, request, answer) must finish within this */
  timeoutMs: number
  now: number
}

export interface Sender<C, S, K extends ChannelKind = ChannelKind> {
  readonly kind: K
  readonly title: string
  /** plain settings, stored as JSON */
  readonly configSchema: z.ZodType<C>
  /** secret settings, sealed with the tenant key; every field may be left empty on edit to keep it */
  readonly secretSchema: z.ZodType<S>
  /** the input fields that are secret (never rendered back) */
  readonly secretFields: readonly (keyof S & string)[]
  /** where messages go, safe to show (no tokens) */
  target(config: C, secret: S): string
  send(msg: AlertMessage, config: C, secret: S, options: SendOptions): Promise<void>
}

/** A send that did not go through. `permanent`: retrying cannot help (bad address, 4xx). */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError'
  readonly permanent: boolean
  constructor(message: string, permanent = false, options?: { cause?: unknown }) {
    super(message, options)
    this.permanent = permanent
  }
}

/** Defines a sender with its types inferred from the schemas. */
export function defineSender<C, S, const K extends ChannelKind>(
  sender: Sender<C, S, K>,
): Sender<C, S, K> {
  return sender
}
