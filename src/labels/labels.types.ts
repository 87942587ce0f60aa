// Sites, tags and device groups: what views and other domains may see of them.
import type { Actor } from '../lib/actor.ts'

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

/**
 * Who changes a label.
 * @deprecated the one actor type is Actor (src/lib/actor.ts).
 */
export type LabelActor = Actor
