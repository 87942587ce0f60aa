// View-model types of the privacy pages and API (what views may import).

export interface KeyUseFilter {
  from: string
  to: string
  purpose: string
  actor: string
  unusual: boolean
  fromMs: number
  toMs: number
}

export interface KeyUseView {
  hour: number
  purpose: string
  subjectType: string
  subjectId: string
  subjectLabel: string
  actorKind: string
  actorName: string
  count: number
  firstAt: number
  lastAt: number
  /** why this use stands out; empty when it does not */
  unusual: string[]
}

export interface KeyUsePage {
  rows: KeyUseView[]
  /** more rows matched than one page shows: narrow the filters */
  truncated: boolean
  purposes: string[]
}

/** What an account deletion removed (issue 19, Art. 17): shown once, kept in account_deletions. */
export interface DeletionReceipt {
  id: string
  /** what the account's audit entries show as actor now */
  pseudonym: string
  deletedAt: string
  deletedBy: string
  removed: {
    account: number
    memberships: number
    sessions: number
    passkeys: number
    authenticatorApps: number
    recoveryCodes: number
    resetTokens: number
    apiKeysRevoked: number
    auditEntriesPseudonymised: number
  }
  /** sha256 of the canonical JSON of every other field */
  hash: string
}
