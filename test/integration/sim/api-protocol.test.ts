import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeSentence } from '../../../src/routeros/protocol.ts'
import { md5Response } from '../../../src/sim/api/login.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { attrs, rows, Wire } from './api-wire.ts'

describe('simulator API protocol (rb5009-7.15)', () => {
  let sim: SimDevice
  beforeAll(async () => {
    sim = await startDevice({ persona: 'rb5009-7.15', name: 'proto-1', services: { ssh: false } })
  })
  afterAll(async () => {
    await sim.close()
  })

  it('logs in with the plain method and prints the identity', async () => {
    const w = await Wire.connect(sim.apiPort)
    expect(await w.login()).toEqual([['!done']])
    const reply = await w.call('/system/identity/print')
    expect(reply).toEqual([['!re', '=name=proto-1'], ['!done']])
    w.close()
  })

  it('rejects a wrong password with the 6.43+ message and keeps the connection', async () => {
    const w = await Wire.connect(sim.apiPort)
    expect(await w.login('admin', 'nope')).toEqual([
      ['!trap', '=message=invalid user name or password (6)'],
      ['!done'],
    ])
    expect(await w.login()).toEqual([['!done']])
    w.close()
  })

  it('refuses commands before login and ends the session after too many', async () => {
    const w = await Wire.connect(sim.apiPort)
    const first = await w.call('/system/identity/print')
    expect(first[0]?.[0]).toBe('!trap')
    expect(attrs(first[0] ?? []).message).toBe('not logged in')
    for (let i = 0; i < 15; i++) w.send('/system/identity/print')
    w.send('/system/identity/print')
    const seen: string[][] = []
    for (;;) {
      const s = await w.next()
      if (!s) break
      seen.push(s)
      if (s[0] === '!fatal') break
    }
    expect(seen.at(-1)).toEqual(['!fatal', 'too many commands before login'])
    await w.whenClosed()
  })

  it('decodes commands that arrive one byte per TCP segment', async () => {
    const w = await Wire.connect(sim.apiPort)
    ;(w.socket as import('node:net').Socket).setNoDelay(true)
    const bytes = Buffer.concat([
      encodeSentence(['/login', '=name=admin', '=password=']),
      encodeSentence(['/system/identity/print', '.tag=seg']),
    ])
    for (const b of bytes) {
      w.socket.write(Buffer.from([b]))
      await new Promise((r) => setImmediate(r))
    }
    expect(await w.next()).toEqual(['!done'])
    expect(await w.untilDone('seg')).toEqual([
      ['!re', '=name=proto-1', '.tag=seg'],
      ['!done', '.tag=seg'],
    ])
    w.close()
  })

  it('echoes .tag as the last word of every reply sentence', async () => {
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    w.send('/interface/print', '=.proplist=name', '?type=ether', '.tag=a7')
    const reply = await w.untilDone('a7')
    expect(reply.length).toBe(10)
    for (const s of reply) expect(s.at(-1)).toBe('.tag=a7')
    w.close()
  })

  it('filters with .proplist and the query stack machine', async () => {
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    const either = rows(
      await w.call('/interface/print', '=.proplist=name', '?name=ether1', '?name=bridge', '?#|'),
    )
    expect(either).toEqual([{ name: 'ether1' }, { name: 'bridge' }])
    const neither = rows(
      await w.call('/interface/print', '=.proplist=name', '?type=ether', '?type=bridge', '?#|!'),
    )
    expect(neither).toEqual([])
    const count = await w.call('/interface/print', '?type=ether', '=count-only=')
    expect(count).toEqual([['!done', '=ret=9']])
    w.close()
  })

  it('adds, sets, disables and removes items with the real replies', async () => {
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    const added = await w.call('/ip/address/add', '=address=10.1.1.1/24', '=interface=ether3')
    expect(added).toHaveLength(1)
    const id = attrs(added[0] ?? []).ret ?? ''
    expect(id).toMatch(/^\*[0-9A-F]+$/)
    expect(await w.call('/ip/address/set', `=.id=${id}`, '=comment=lab')).toEqual([['!done']])
    expect(await w.call('/ip/address/disable', `=.id=${id}`)).toEqual([['!done']])
    const row = rows(await w.call('/ip/address/print', `?.id=${id}`))[0]
    expect(row).toMatchObject({
      address: '10.1.1.1/24',
      network: '10.1.1.0',
      comment: 'lab',
      disabled: 'true',
    })
    expect(await w.call('/ip/address/remove', `=.id=${id}`)).toEqual([['!done']])
    expect(await w.call('/ip/address/remove', `=.id=${id}`)).toEqual([
      ['!trap', '=category=0', '=message=no such item'],
      ['!done'],
    ])
    w.close()
  })

  it('traps unknown paths, unknown parameters and duplicate names', async () => {
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    expect((await w.call('/no/such/print'))[0]).toEqual([
      '!trap',
      '=category=0',
      '=message=no such command prefix',
    ])
    expect(
      (
        await w.call('/ip/address/add', '=address=1.2.3.4/24', '=interface=ether1', '=colour=red')
      )[0],
    ).toEqual(['!trap', '=category=1', '=message=unknown parameter colour'])
    expect(
      (await w.call('/interface/vlan/add', '=name=ether1', '=vlan-id=5', '=interface=ether1'))[0],
    ).toEqual(['!trap', '=category=4', '=message=failure: already have such name'])
    w.close()
  })

  it('streams listen changes including .dead and ends them with /cancel', async () => {
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    w.send('/ip/address/listen', '.tag=L')
    const other = await Wire.connect(sim.apiPort)
    await other.login()
    const id = attrs(
      (await other.call('/ip/address/add', '=address=10.7.7.1/24', '=interface=ether4'))[0] ?? [],
    ).ret
    const added = await w.next()
    expect(added?.[0]).toBe('!re')
    expect(attrs(added ?? [])).toMatchObject({ '.id': id, address: '10.7.7.1/24' })
    expect(added?.at(-1)).toBe('.tag=L')
    await other.call('/ip/address/remove', `=.id=${id}`)
    expect(await w.next()).toEqual(['!re', `=.id=${id}`, '=.dead=yes', '.tag=L'])
    w.send('/cancel', '=tag=L', '.tag=C')
    expect(await w.next()).toEqual(['!trap', '=category=2', '=message=interrupted', '.tag=L'])
    expect(await w.next()).toEqual(['!done', '.tag=C'])
    expect(await w.next()).toEqual(['!done', '.tag=L'])
    other.close()
    w.close()
  })

  it('answers /quit with !fatal and closes', async () => {
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    w.send('/quit')
    expect(await w.next()).toEqual(['!fatal', 'session terminated on request'])
    await w.whenClosed()
  })

  it('denies writes to a read-only user and logins to a user without the api policy', async () => {
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    await w.call('/user/add', '=name=viewer', '=group=read', '=password=v1')
    await w.call('/user/group/add', '=name=noapi', '=policy=read,ssh')
    await w.call('/user/add', '=name=sshonly', '=group=noapi', '=password=s1')
    const ro = await Wire.connect(sim.apiPort)
    expect(await ro.login('viewer', 'v1')).toEqual([['!done']])
    expect(rows(await ro.call('/system/identity/print'))).toHaveLength(1)
    expect((await ro.call('/system/identity/set', '=name=hacked'))[0]).toEqual([
      '!trap',
      '=category=4',
      '=message=not enough permissions (9)',
    ])
    const na = await Wire.connect(sim.apiPort)
    expect((await na.login('sshonly', 's1'))[0]).toEqual([
      '!trap',
      '=message=not enough permissions (9)',
    ])
    for (const c of [w, ro, na]) c.close()
  })
})

describe('simulator API on other personas', () => {
  it('chr-7.18 sends !empty before !done for an empty print, not for count-only', async () => {
    const sim = await startDevice({ persona: 'chr-7.18', services: { ssh: false } })
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    expect(await w.call('/system/health/print', '.tag=5')).toEqual([
      ['!empty', '.tag=5'],
      ['!done', '.tag=5'],
    ])
    expect(await w.call('/system/health/print', '=count-only=')).toEqual([['!done', '=ret=0']])
    sim.device.opts.emptyReplies = 'off'
    expect(await w.call('/system/health/print')).toEqual([['!done']])
    w.close()
    await sim.close()
  })

  it('rb5009-7.15 answers an empty print with !done only', async () => {
    const sim = await startDevice({ persona: 'rb5009-7.15', services: { ssh: false } })
    const w = await Wire.connect(sim.apiPort)
    await w.login()
    expect(await w.call('/interface/wifi/registration-table/print')).toEqual([['!done']])
    w.close()
    await sim.close()
  })

  it('legacy-6.42 only speaks the MD5 challenge login', async () => {
    const sim = await startDevice({ persona: 'legacy-6.42', services: { ssh: false } })
    sim.device.exec(
      '/user',
      'set',
      { numbers: 'admin', password: 'pw' },
      { user: 'admin', policies: new Set(['write', 'policy']) },
    )
    const w = await Wire.connect(sim.apiPort)
    const plain = await w.login('admin', 'pw')
    expect(plain).toHaveLength(1)
    const challenge = attrs(plain[0] ?? []).ret ?? ''
    expect(challenge).toMatch(/^[0-9a-f]{32}$/)
    const bad = await w.call(
      '/login',
      '=name=admin',
      `=response=${md5Response('wrong', Buffer.from(challenge, 'hex'))}`,
    )
    expect(bad).toEqual([['!trap', '=message=cannot log in'], ['!done']])
    const c2 = attrs((await w.call('/login'))[0] ?? []).ret ?? ''
    const ok = await w.call(
      '/login',
      '=name=admin',
      `=response=${md5Response('pw', Buffer.from(c2, 'hex'))}`,
    )
    expect(ok).toEqual([['!done']])
    expect(rows(await w.call('/system/resource/print'))[0]?.version).toBe('6.42.12 (long-term)')
    w.close()
    await sim.close()
  })
})
