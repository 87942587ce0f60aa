import type { Logger } from 'pino'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Flash, SessionInfo } from '../auth/index.ts'

export type { Flash, SessionInfo, TenantRole } from '../auth/index.ts'

export interface AppEnv {
  Variables: {
    deps: Deps
    log: Logger
    requestId: string
    session: SessionInfo | undefined
    scope: TenantScope | undefined
    csrfToken: string
    /** A message carried over a redirect (cookie), shown once by the layout. */
    flash: Flash | undefined
  }
}
