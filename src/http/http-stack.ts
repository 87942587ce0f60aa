import type { Context, Hono } from 'hono'
import { actingAs } from '../lib/key-use.ts'
import { sessionActor } from './request-actor.ts'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { apiKeySession } from '../api-keys/index.ts'
import type { Deps } from '../deps.ts'
import { createRenderer } from '../../views/layout/renderer.tsx'
import { assetRoutes, loadAssets, type Assets } from './assets.ts'
import type { AppEnv } from './env.ts'
import { flashMessages } from './flash.ts'
import { csrfProtection } from './middleware/csrf.ts'
import { forcePasswordChange } from './middleware/force-password-change.ts'
import { forceSecondFactor } from './middleware/force-second-factor.ts'
import { provideDeps } from './middleware/provide-deps.ts'
import { requestId } from './middleware/request-id.ts'
import { requestLog } from './middleware/request-log.ts'
import { secureHeaders } from './middleware/secure-headers.ts'
import { session, type ApiKeyAuthenticator } from './middleware/session.ts'
import { notFound, onError } from './on-error.tsx'

/** Largest request body accepted (CSV imports included); bigger ones answer 413 unread. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024
/** The appliance archive upload of the restore form, and its limit (the archive is read in memory). */
export const RESTORE_UPLOAD_PATH = '/settings/backups/upload'
export const RESTORE_UPLOAD_MAX_BYTES = 1024 * 1024 * 1024

export interface HttpStackOptions {
  /** Bearer-token authentication for /api (default: the API keys domain) */
  authenticateApiKey?: ApiKeyAuthenticator
  assets?: Assets
}

/**
 * The web plumbing every route runs behind, in order: deps, request id, log line, security headers
 * (set last, so error pages get them too), renderer, /assets, body size limit, flash, session
 * (with transparent refresh), forced password change, CSRF. Call before mounting any route.
 */
export function applyHttpStack(
  app: Hono<AppEnv>,
  deps: Deps,
  options: HttpStackOptions = {},
): void {
  const assets = options.assets ?? loadAssets()
  const renderer = createRenderer(assets.urls)
  app.use(provideDeps(deps), requestId(), requestLog(), secureHeaders(), renderer)
  app.route('/assets', assetRoutes(assets))
  const authenticateApiKey = options.authenticateApiKey ?? apiKeySession
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new HTTPException(413)
    },
  })
  // a super admin's appliance-archive upload (issue 17) may be far larger than a form; chosen
  // after the session is known (no body is read before), so only a super admin gets the big limit
  const uploadLimit = bodyLimit({
    maxSize: RESTORE_UPLOAD_MAX_BYTES,
    onError: () => {
      throw new HTTPException(413)
    },
  })
  const bigUpload = (c: Context<AppEnv>) =>
    c.req.path === RESTORE_UPLOAD_PATH &&
    c.var.session?.isSuperAdmin === true &&
    c.var.session.via === 'cookie'
  app.use(flashMessages(), session({ authenticateApiKey }), (c, next) =>
    bigUpload(c) ? uploadLimit(c, next) : limit(c, next),
  )
  app.use(forcePasswordChange(), forceSecondFactor(), csrfProtection())
  // decryptions during a signed-in request are the user's (or API key's) in the key-use log
  app.use((c, next) => {
    const s = c.var.session
    if (s === undefined) return next()
    const actor = sessionActor(s, null)
    return actingAs({ kind: actor.kind, id: actor.id, name: actor.name }, next)
  })
  app.onError(onError)
  app.notFound(notFound)
}
