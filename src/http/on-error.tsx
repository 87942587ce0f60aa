import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ErrorFragment } from '../../views/errors/error-fragment.tsx'
import { ErrorPage, errorHeading } from '../../views/errors/error-page.tsx'
import { NotFoundPage } from '../../views/errors/not-found-page.tsx'
import { apiFields } from './api-casing.ts'
import { DISK_FULL_MESSAGE, isDiskFull } from '../lib/disk-full.ts'
import type { AppEnv } from './env.ts'
import { isAppError, RateLimitedError, ValidationError } from '../lib/errors.ts'
import { hxRetarget, isHtmx } from './htmx.ts'
import { isApiPath } from './middleware/require-role.ts'
import { StaleTenantError } from './page-tenant.ts'
import { staleTenantResponse } from './stale-tenant.tsx'

type Status = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503

interface PublicError {
  status: Status
  code: string
  message: string
  fields?: Readonly<Record<string, string>>
}

/** What may be shown: an AppError's public message, a generic one for everything else. */
function toPublic(err: Error): PublicError {
  if (isAppError(err)) {
    const fields = err instanceof ValidationError ? err.fields : undefined
    return { status: err.status, code: err.code, message: err.message, fields }
  }
  // not a bug of ours: say what is wrong, and that retrying later can work (503)
  if (isDiskFull(err)) return { status: 503, code: 'disk_full', message: DISK_FULL_MESSAGE }
  if (err instanceof HTTPException && err.status < 500) {
    const status = err.status as Status
    return { status, code: 'http_error', message: `${errorHeading(status)}.` }
  }
  return { status: 500, code: 'internal_error', message: 'An unexpected error occurred.' }
}

/**
 * One error answer per kind of client (ARCHITECTURE.md, Error handling): JSON for /api, a fragment
 * retargeted to #flash for htmx, a full page otherwise. A bug answers 500 with the request id so
 * support can find the log line; its cause is logged, never rendered.
 */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  // a page of another tenant (issue 15): the page gets both ways out, not just a message
  if (err instanceof StaleTenantError && !isApiPath(c.req.path)) return staleTenantResponse(c, err)
  const pub = toPublic(err)
  const log = c.get('log') ?? c.get('deps')?.log
  const requestId = c.get('requestId')
  if (pub.status === 500) log?.error({ err }, 'request failed')
  else if (pub.code === 'disk_full')
    log?.error({ code: pub.code, err }, 'write failed: the appliance disk is full')
  else log?.info({ code: pub.code, status: pub.status, cause: err.cause }, 'request refused')
  if (err instanceof RateLimitedError && err.retryAfterSeconds) {
    c.header('Retry-After', String(err.retryAfterSeconds))
  }
  const shownId = pub.status >= 500 ? requestId : undefined
  return respond(c, pub, shownId)
}

function respond(c: Context<AppEnv>, pub: PublicError, requestId: string | undefined) {
  if (isApiPath(c.req.path)) {
    const fields = pub.fields ? { fields: apiFields(pub.fields) } : {}
    const body = { code: pub.code, message: pub.message, ...fields }
    return c.json({ error: { ...body, ...(requestId ? { requestId } : {}) } }, pub.status)
  }
  if (isHtmx(c)) {
    hxRetarget(c, '#flash')
    return c.html(<ErrorFragment message={pub.message} requestId={requestId} />, pub.status)
  }
  c.status(pub.status)
  const fields = pub.fields ? Object.values(pub.fields) : []
  return c.render(
    <>
      <ErrorPage status={pub.status} message={pub.message} requestId={requestId} />
      {fields.length > 0 && (
        <ul class="field-error">
          {fields.map((f) => (
            <li>{f}</li>
          ))}
        </ul>
      )}
    </>,
    { title: errorHeading(pub.status) },
  )
}

export const notFound: NotFoundHandler<AppEnv> = (c) => {
  if (isApiPath(c.req.path)) {
    return c.json({ error: { code: 'not_found', message: 'Not found.' } }, 404)
  }
  if (isHtmx(c)) {
    hxRetarget(c, '#flash')
    return c.html(<ErrorFragment message="Not found." />, 404)
  }
  c.status(404)
  return c.render(<NotFoundPage />, { title: 'Not found' })
}
