// Sites, tags and device groups: what views and other domains may see of them.

export const LABEL_KINDS = ['sites', 'tags', 'groups'] as const
export type LabelKind = (typeof LABEL_KINDS)[number]

export interface LabelRef {
  id: string
  name: string
}

export interface Label extends LabelRef {
  description: string
  deviceCount: number
  createdAt: number
}

/** Who changes a label (from the session or API key), for the audit trail. */
export interface LabelActor {
  kind: 'user' | 'api_key'
  id: string
  name: string
  ip: string | null
}
