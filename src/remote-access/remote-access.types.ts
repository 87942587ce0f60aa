// What the remote-access routes hand to the hub and what views may import (types only).
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Actor } from '../lib/actor.ts'

/** An upgrade the routes allowed: who, in which tenant, to which device, at what size. */
export interface TerminalTicket {
  scope: TenantScope
  actor: Actor
  device: { id: string; name: string }
  cols: number
  rows: number
}

/** One row of the recordings page. */
export interface TerminalSessionView {
  id: string
  deviceId: string
  deviceName: string
  userName: string
  ip: string | null
  startedAt: number
  endedAt: number | null
  bytesIn: number
  bytesOut: number
  endReason: string | null
  recorded: boolean
}

/** An open WinBox forward as the page and the API show it. */
export interface WinboxView {
  host: string
  port: number
  /** epoch ms: the forward closes then unless traffic flows before */
  expiresAt: number
  /** the only source address the forward accepts */
  allowedAddress: string
}
