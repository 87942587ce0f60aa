// Who performs a use case. One type for every domain's services and the audit trail, built from the
// request's session in one place (src/http/request-actor.ts); services never see the session.
import type { UserId } from './ids.ts'

/**
 * A signed-in user or an API key acting through a request. `id` is the user id or the API key id.
 * The privilege fields are optional and absent means "no" (fail closed), so jobs, seeds and tests
 * can name an actor with just kind, id, name and ip.
 */
export interface Actor {
  kind: 'user' | 'api_key'
  id: string
  name: string
  ip: string | null
  /** the acting user; null or absent for an API key, which is not a user */
  userId?: UserId | null
  /** appliance-wide role; never true for an API key */
  isSuperAdmin?: boolean
  /** admin of the active tenant (a super admin is admin in every tenant) */
  isAdmin?: boolean
}
