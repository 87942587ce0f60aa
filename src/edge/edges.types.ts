// What the edge pages and the API show (issue 20): central registrations and this appliance's
// own link to a central Outpost.
export type EdgeStatus = 'waiting' | 'expired' | 'connected' | 'silent' | 'revoked'

export interface EdgeView {
  id: string
  name: string
  status: EdgeStatus
  createdAt: number
  tokenExpiresAt: number
  registeredAt: number | null
  lastContactAt: number | null
  revokedAt: number | null
  /** outbox entries the edge still held at its last contact */
  backlog: number
  lastSeq: number
  devices: number
  version: string | null
}

/** Shown once: the token and the command that registers the edge appliance. */
export interface EdgeRegistration {
  edge: EdgeView
  token: string
  /** SHA-256 of this appliance's HTTPS certificate, pinned by the edge; null without HTTPS */
  fingerprint: string | null
  command: string
}

/** This appliance's own link to a central Outpost (edge side). */
export interface EdgeLinkView {
  centralUrl: string
  edgeId: string
  pinned: boolean
  registeredAt: number
  ackedSeq: number
  backlog: number
  lastSuccessAt: number | null
  lastAttemptAt: number | null
  lastError: string | null
}
