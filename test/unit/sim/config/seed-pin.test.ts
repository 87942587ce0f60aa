import { describe, expect, it } from 'vitest'
import { ConfigTree } from '../../../../src/sim/config/config-tree.ts'
import { seedFromExport } from '../../../../src/sim/config/seed-export.ts'
import { renderExport } from '../../../../src/sim/config/export-render.ts'
import { formatValue } from '../../../../src/sim/config/rsc-format.ts'

const render = (t: ConfigTree): string =>
  renderExport(t, { version: '6.49.10', date: new Date(0), eol: '\n' })

function tree(): ConfigTree {
  const t = new ConfigTree()
  t.add(
    '/ip/service',
    { name: 'telnet', port: '23', disabled: 'true' },
    { builtin: { kind: 'name', key: 'name' } },
  )
  return t
}

describe('seeding pins what the export printed', () => {
  it('a seed export keeps a set that equals our default; /import (no pin) does not', () => {
    const text = '/ip service\nset telnet disabled=yes\n'
    const seeded = tree()
    seedFromExport(seeded, text, { pin: true })
    expect(render(seeded)).toContain('/ip service\nset telnet disabled=yes\n')
    const imported = tree()
    seedFromExport(imported, text)
    expect(render(imported)).not.toContain('/ip service')
  })

  it('unset drops the pin with the value', () => {
    const t = tree()
    seedFromExport(t, '/ip service\nset telnet disabled=yes\n', { pin: true })
    const id = t.list('/ip/service')[0]?.id as string
    t.unset('/ip/service', id, ['disabled'])
    expect(render(t)).not.toContain('/ip service')
  })

  it('`set 3` on a menu without default items keeps its number', () => {
    const t = new ConfigTree()
    seedFromExport(t, '/system logging action\nset 3 remote=192.0.2.10\n', { pin: true })
    expect(render(t)).toContain('/system logging action\nset 3 remote=192.0.2.10\n')
  })

  it('prints # values bare and quotes a bare value that must be broken', () => {
    expect(formatValue('#VPN')).toBe('#VPN')
    const t = new ConfigTree()
    const policy =
      'local,telnet,ssh,ftp,reboot,read,write,policy,test,winbox,password,web,sniff,sensitive,api,romon'
    seedFromExport(t, `/user group\nadd name=ops policy=${policy}\n`)
    const out = render(t)
    expect(out).toContain('add name=ops policy="local,')
    expect(out.split('\n').every((l) => l.length <= 79)).toBe(true)
  })
})
