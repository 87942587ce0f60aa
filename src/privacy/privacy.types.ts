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
