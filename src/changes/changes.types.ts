// Types of the change pipeline (issue 11): every write Outpost makes to a router is a change set
// of ordered operations, previewed as a RouterOS script, validated, applied (standard or safe),
// audited. Views and other domains import these types; the rules live in the services.
import type { DeviceId } from '../db/schema-devices.ts'

/** Property values as RouterOS prints and takes them (`yes`/`no`, `1.1.1.1,8.8.8.8`). */
export type PropertyValues = Record<string, string>

/** One step of a change set; `where` picks the items of a list menu (singletons need none). */
export type ChangeOperation =
  | { op: 'add'; path: string; values: PropertyValues; before?: PropertyValues }
  | { op: 'set'; path: string; where?: PropertyValues; values: PropertyValues }
  | { op: 'remove' | 'enable' | 'disable'; path: string; where?: PropertyValues }
  /** moves the matched item in front of the item matched by `before` (to the end without it) */
  | { op: 'move'; path: string; where?: PropertyValues; before?: PropertyValues }
  | { op: 'script'; lines: string[] }

export type ChangeMode = 'standard' | 'safe'
export type ConfirmMode = 'auto' | 'manual'

/** What a caller asks for; `windowS` defaults to the tenant's setting (120 s). */
export interface ChangeSetInput {
  operations: ChangeOperation[]
  mode: ChangeMode
  confirm: ConfirmMode
  windowS?: number
}

export type ChangeState =
  'validating' | 'applying' | 'verifying' | 'kept' | 'reverted' | 'failed' | 'lost'
export const FINAL_STATES: readonly ChangeState[] = ['kept', 'reverted', 'failed', 'lost']

export interface OperationResult {
  index: number
  status: 'ok' | 'failed' | 'skipped'
  message?: string
}

/** Who asks for a change (a user, an API key or a job acting for one). */
export interface ChangeActor {
  kind: 'user' | 'api_key' | 'system'
  id: string | null
  name: string
  ip: string | null
}

/** Where a change came from, for the history (`editor`, `restore`, `api`, `job`, …). */
export type ChangeSource = string

/** A change as stored and reported (operations and script with secrets masked). */
export interface ChangeRecord {
  id: string
  deviceId: DeviceId
  state: ChangeState
  mode: ChangeMode
  confirm: ConfirmMode
  windowS: number
  source: ChangeSource
  actor: { kind: string; id: string | null; name: string }
  createdAt: number
  /** when the countdown ends (safe mode, set once the change is applied) */
  deadlineAt: number | null
  /** manual confirmation: the change is verified and waits for "keep" */
  awaitingKeep: boolean
  finishedAt: number | null
  operations: ChangeOperation[]
  script: string
  results: OperationResult[]
  /** plain words: why it failed, "restored itself at 14:02:11, change not kept", … */
  message: string | null
}

/** A preview: the script, and the validation problems (nothing was applied). */
export interface ChangePreview {
  script: string
  ok: boolean
  problems: { index: number; message: string }[]
}
