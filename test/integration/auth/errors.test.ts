import { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppEnv } from '../../../src/http/env.ts'
import { ConflictError, ValidationError } from '../../../src/lib/errors.ts'
import { applyHttpStack } from '../../../src/http/http-stack.ts'
import { requireSignedIn } from '../../../src/http/middleware/require-role.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'
import { visibleText } from '../../support/html.ts'

let deps: TestDeps
let app: Hono<AppEnv>
beforeEach(async () => {
  deps = await createTestDeps()
  app = new Hono<AppEnv>()
  applyHttpStack(app, deps)
  for (const prefix of ['', '/api/v1']) {
    app.get(`${prefix}/boom`, () => {
      throw new Error('database password is hunter2')
    })
    app.get(`${prefix}/conflict`, () => {
      throw new ConflictError('That name is taken.', {
        cause: new Error('UNIQUE constraint failed'),
      })
    })
    app.get(`${prefix}/invalid`, () => {
      throw new ValidationError({ name: 'Enter a name.' })
    })
  }
  app.get('/private', requireSignedIn(), (c) => c.text('secret'))
  app.get('/api/v1/private', requireSignedIn(), (c) => c.text('secret'))
})
afterEach(() => deps.close())

describe('onError', () => {
  it('answers a bug with a 500 page showing the request id, never the cause', async () => {
    const res = await app.request('/boom', { headers: { 'X-Request-Id': 'req-12345678' } })
    expect(res.status).toBe(500)
    const html = await res.text()
    expect(html).toContain('<html')
    expect(visibleText(html)).toContain('req-12345678')
    expect(html).not.toContain('hunter2')
    expect(res.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'")
  })

  it('answers htmx with a fragment retargeted to #flash', async () => {
    const res = await app.request('/boom', { headers: { 'HX-Request': 'true' } })
    expect(res.status).toBe(500)
    expect(res.headers.get('HX-Retarget')).toBe('#flash')
    const html = await res.text()
    expect(html).not.toContain('<html')
    expect(html).toContain('reference')
  })

  it('answers /api with JSON errors', async () => {
    const boom = await app.request('/api/v1/boom')
    expect(boom.status).toBe(500)
    const body = (await boom.json()) as { error: { code: string; requestId: string } }
    expect(body.error.code).toBe('internal_error')
    expect(body.error.requestId).toBeTruthy()
    const conflict = await app.request('/api/v1/conflict')
    expect(conflict.status).toBe(409)
    expect(await conflict.json()).toEqual({
      error: { code: 'conflict', message: 'That name is taken.' },
    })
    const invalid = await app.request('/api/v1/invalid')
    expect(invalid.status).toBe(422)
    expect(await invalid.json()).toMatchObject({
      error: { code: 'validation_failed', fields: { name: 'Enter a name.' } },
    })
  })

  it('shows an AppError public message and field messages on a page', async () => {
    const conflict = await app.request('/conflict')
    expect(conflict.status).toBe(409)
    const text = visibleText(await conflict.text())
    expect(text).toContain('That name is taken.')
    expect(text).not.toContain('UNIQUE')
    const invalid = await app.request('/invalid')
    expect(invalid.status).toBe(422)
    expect(visibleText(await invalid.text())).toContain('Enter a name.')
  })

  it('answers unknown /api paths and protected /api paths in JSON', async () => {
    const missing = await app.request('/api/v1/nothing-here')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'Not found.' } })
  })

  it('redirects a page request without a session, and answers the API with 401 JSON', async () => {
    const page = await app.request('/private')
    expect(page.status).toBe(302)
    const api = await app.request('/api/v1/private')
    expect(api.status).toBe(401)
    expect(await api.json()).toMatchObject({ error: { code: 'unauthorized' } })
  })
})

describe('body limit', () => {
  it('refuses a body over the limit with 413 before reading it all', async () => {
    const { MAX_BODY_BYTES } = await import('../../../src/http/http-stack.ts')
    const big = 'x'.repeat(MAX_BODY_BYTES + 1)
    const res = await app.request('/login', {
      method: 'POST',
      body: `password=${big}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
    })
    expect(res.status).toBe(413)
  })
})
