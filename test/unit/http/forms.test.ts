import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ValidationError } from '../../../src/lib/errors.ts'
import { parseForm, readForm, validateForm } from '../../../src/http/forms.ts'

const schema = z.object({
  name: z.string().trim().min(1, { error: 'Enter a name.' }),
  password: z.string().min(12, { error: 'Too short.' }),
})

function post(app: Hono, body: string) {
  return app.request('/', {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  })
}

describe('readForm', () => {
  it('keeps repeated fields as arrays even after middleware parsed the body first (CSRF)', async () => {
    const app = new Hono()
    app.post('/', async (c) => {
      await c.req.parseBody() // what the CSRF middleware does
      return c.json(await readForm(c))
    })
    const res = await post(app, 'ids=a&ids=b&name=x')
    expect(await res.json()).toEqual({ ids: ['a', 'b'], name: 'x' })
  })
})

describe('validateForm', () => {
  it('returns the first message per field and drops secrets from the values to re-render', () => {
    const r = validateForm(schema, { name: ' ', password: 'short' })
    expect(r).toEqual({
      ok: false,
      fields: { name: 'Enter a name.', password: 'Too short.' },
      values: { name: ' ' },
    })
  })

  it('returns the parsed data', () => {
    expect(validateForm(schema, { name: ' a ', password: 'long enough password' })).toMatchObject({
      ok: true,
      data: { name: 'a' },
    })
  })
})

describe('parseForm', () => {
  it('throws ValidationError with the field messages', async () => {
    const app = new Hono()
    app.post('/', async (c) => c.json(await parseForm(c, schema)))
    app.onError((err, c) =>
      c.json({ fields: err instanceof ValidationError ? err.fields : null }, 422),
    )
    const res = await post(app, 'name=&password=x')
    expect(res.status).toBe(422)
    expect(await res.json()).toEqual({ fields: { name: 'Enter a name.', password: 'Too short.' } })
  })
})
