// The relying party of passkeys: the configured public address wins; without one, only the
// request's own host, named by the browser's Origin, and never an IP address or plain HTTP.
import { describe, expect, it } from 'vitest'
import { resolveRelyingParty } from '../../../src/auth/passkey-origin.ts'

const req = (url: string, origin: string | undefined, https = url.startsWith('https:')) => ({
  url,
  https,
  origin,
})

describe('resolveRelyingParty', () => {
  it('takes the RP ID and origin from the configured public address', () => {
    const r = resolveRelyingParty(
      'https://outpost.example.net/base',
      req('http://10.0.0.5:3000/login/passkey', 'https://outpost.example.net'),
    )
    expect(r).toEqual({
      ok: true,
      rp: { rpId: 'outpost.example.net', origin: 'https://outpost.example.net' },
    })
  })

  it('refuses a page opened at another address than the configured one, naming the right one', () => {
    const r = resolveRelyingParty(
      'https://outpost.example.net',
      req('http://10.0.0.5:3000/x', 'http://10.0.0.5:3000'),
    )
    expect(r).toMatchObject({
      ok: false,
      message: expect.stringContaining('https://outpost.example.net'),
    })
  })

  it('without configuration uses the request host only when the Origin names it', () => {
    expect(resolveRelyingParty('', req('https://box.lan:8443/x', 'https://box.lan:8443'))).toEqual({
      ok: true,
      rp: { rpId: 'box.lan', origin: 'https://box.lan:8443' },
    })
    expect(resolveRelyingParty('', req('https://box.lan/x', 'https://evil.example'))).toMatchObject(
      { ok: false },
    )
    expect(resolveRelyingParty('', req('https://box.lan/x', undefined))).toMatchObject({
      ok: false,
    })
  })

  it('refuses IP addresses and plain HTTP (browsers refuse them too), but allows http://localhost', () => {
    expect(resolveRelyingParty('', req('https://192.0.2.1/x', 'https://192.0.2.1'))).toMatchObject({
      ok: false,
      message: expect.stringContaining('host name'),
    })
    expect(resolveRelyingParty('', req('http://[::1]:3000/x', 'http://[::1]:3000'))).toMatchObject({
      ok: false,
    })
    expect(resolveRelyingParty('', req('http://box.lan/x', 'http://box.lan'))).toMatchObject({
      ok: false,
      message: expect.stringContaining('HTTPS'),
    })
    expect(
      resolveRelyingParty('', req('http://localhost:3000/x', 'http://localhost:3000')),
    ).toMatchObject({ ok: true })
  })
})
