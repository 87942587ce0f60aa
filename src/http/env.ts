// The request's typed variables. Hono's Context is invariant in its Env, so the guarantees a
// middleware gives are types of their own: after requireSignedIn() a handler's context is a
// SessionEnv (session always set), after requireTenantRole() a TenantEnv (session with an active
// tenant and its TenantScope always set). Handlers then read c.var.scope without checks.
import type { Logger } from 'pino'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Flash, SessionInfo, TenantRole } from '../auth/index.ts'
import type { TenantId } from '../lib/ids.ts'

export type { Flash, SessionInfo, TenantRole } from '../auth/index.ts'

/** What every request carries, set by the HTTP stack before any route runs. */
interface BaseVariables {
  deps: Deps
  log: Logger
  requestId: string
  csrfToken: string
  /** A message carried over a redirect (cookie), shown once by the layout. */
  flash: Flash | undefined
}

/** Any request: maybe signed in. */
export interface AppEnv {
  Variables: BaseVariables & {
    session: SessionInfo | undefined
    /** Set only by the guards; handlers read it from a TenantEnv (or SessionEnv) context. */
    scope: TenantScope | undefined
  }
}

/** A request of a signed-in principal (after requireSignedIn() / requireSuperAdmin()). */
export interface SessionEnv {
  Variables: BaseVariables & { session: SessionInfo; scope: TenantScope | undefined }
}

/** A session acting in its active tenant, with its role there. */
export type TenantSession = SessionInfo & { activeTenantId: TenantId; role: TenantRole }

/** A request acting in a tenant (after requireTenantRole()): the scope is always there. */
export interface TenantEnv {
  Variables: BaseVariables & { session: TenantSession; scope: TenantScope }
}
