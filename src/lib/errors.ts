// Request failures, shared by services and the web edge. Each error has an HTTP status, a stable
// snake_case `code`, a public `message` that is safe to show, and an optional internal `cause` that
// is logged, never rendered. src/http/on-error.tsx maps them to responses; services throw them
// without importing the web layer.

export interface AppErrorOptions {
  code?: string
  cause?: unknown
}

export abstract class AppError extends Error {
  abstract readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503
  readonly code: string
  constructor(message: string, code: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = options.code ?? code
  }
  /** The JSON body for /api/v1: `{ error: { code, message } }`. */
  toJSON(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } }
  }
}

/** A request the server cannot read at all (e.g. a broken multipart body). */
export class BadRequestError extends AppError {
  override readonly name = 'BadRequestError'
  readonly status = 400 as const
  constructor(message = 'The request could not be read.', options?: AppErrorOptions) {
    super(message, 'bad_request', options)
  }
}

/** @public the 401 member of the family (the session middleware answers 401 itself today) */
export class UnauthorizedError extends AppError {
  override readonly name = 'UnauthorizedError'
  readonly status = 401 as const
  constructor(message = 'Please sign in.', options?: AppErrorOptions) {
    super(message, 'unauthorized', options)
  }
}

export class ForbiddenError extends AppError {
  override readonly name = 'ForbiddenError'
  readonly status = 403 as const
  constructor(message = 'You are not allowed to do this.', options?: AppErrorOptions) {
    super(message, 'forbidden', options)
  }
}

/** Also what another tenant's object answers: a 403 would confirm it exists. */
export class NotFoundError extends AppError {
  override readonly name = 'NotFoundError'
  readonly status = 404 as const
  constructor(message = 'Not found.', options?: AppErrorOptions) {
    super(message, 'not_found', options)
  }
}

export class ConflictError extends AppError {
  override readonly name = 'ConflictError'
  readonly status = 409 as const
  constructor(message = 'This conflicts with existing data.', options?: AppErrorOptions) {
    super(message, 'conflict', options)
  }
}

export class ValidationError extends AppError {
  override readonly name = 'ValidationError'
  readonly status = 422 as const
  /** field name → message, shown next to the field */
  readonly fields: Readonly<Record<string, string>>
  constructor(
    fields: Record<string, string>,
    message = 'Please correct the highlighted fields.',
    options?: AppErrorOptions,
  ) {
    super(message, 'validation_failed', options)
    this.fields = Object.freeze({ ...fields })
  }
  override toJSON(): { error: { code: string; message: string; fields: Record<string, string> } } {
    return { error: { code: this.code, message: this.message, fields: { ...this.fields } } }
  }
}

export class RateLimitedError extends AppError {
  override readonly name = 'RateLimitedError'
  readonly status = 429 as const
  /** seconds until another attempt is accepted, for the Retry-After header */
  readonly retryAfterSeconds: number | undefined
  constructor(
    message = 'Too many attempts. Please wait a minute and try again.',
    retryAfterSeconds?: number,
    options?: AppErrorOptions,
  ) {
    super(message, 'rate_limited', options)
    this.retryAfterSeconds = retryAfterSeconds
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError
}
