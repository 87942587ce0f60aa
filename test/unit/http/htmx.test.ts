import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { hxFlash, isPartial, redirectTo } from '../../../src/http/htmx.ts'

function app() {
  const a = new Hono()
  a.get('/list', (c) => {
    isPartial(c)
    return c.text(isPartial(c) ? 'rows' : 'page')
  })
  a.post('/go', (c) => redirectTo(c, '/done'))
  a.post('/flash', (c) => {
    hxFlash(c, { kind: 'success', message: 'Saved.' })
    return c.body(null, 204)
  })
  return a
}

describe('isPartial', () => {
  it('is true for htmx requests and adds Vary: HX-Request once', async () => {
    const res = await app().request('/list', { headers: { 'HX-Request': 'true' } })
    expect(await res.text()).toBe('rows')
    expect(res.headers.get('Vary')).toBe('HX-Request')
  })

  it('is false for a history restore, which needs the whole page', async () => {
    const headers = { 'HX-Request': 'true', 'HX-History-Restore-Request': 'true' }
    expect(await (await app().request('/list', { headers })).text()).toBe('page')
  })

  it('is false for a plain request, which still varies', async () => {
    const res = await app().request('/list')
    expect(await res.text()).toBe('page')
    expect(res.headers.get('Vary')).toBe('HX-Request')
  })
})

describe('redirectTo', () => {
  it('answers htmx with 204 + HX-Redirect and browsers with 303', async () => {
    const hx = await app().request('/go', { method: 'POST', headers: { 'HX-Request': 'true' } })
    expect(hx.status).toBe(204)
    expect(hx.headers.get('HX-Redirect')).toBe('/done')
    const plain = await app().request('/go', { method: 'POST' })
    expect(plain.status).toBe(303)
    expect(plain.headers.get('Location')).toBe('/done')
  })
})

describe('hxFlash', () => {
  it('sends the message as an outpost:flash event', async () => {
    const res = await app().request('/flash', { method: 'POST' })
    expect(JSON.parse(res.headers.get('HX-Trigger') ?? '{}')).toEqual({
      'outpost:flash': { kind: 'success', message: 'Saved.' },
    })
  })
})
