import { describe, expect, it } from 'vitest'
import type { TargetDevice } from '../../../src/jobs/targets.repo.ts'
import { fill, renderFor } from '../../../src/jobs/templates/render.ts'
import { checkValue, type Variable } from '../../../src/jobs/templates/variables.ts'

const device: TargetDevice = {
  id: 'D1' as never,
  name: 'branch-7',
  host: '10.0.0.7',
  identity: 'Branch 7',
  version: '7.15.3',
  board: 'RB5009',
  serial: null,
  site: 'Riga',
  tags: ['edge', 'lte'],
}
const v = (name: string, type: Variable['type'], extra: Partial<Variable> = {}): Variable => ({
  name,
  type,
  required: true,
  ...extra,
})

describe('template variables', () => {
  it.each([
    ['number', '42', true],
    ['number', '4x', false],
    ['ip', '192.0.2.1', true],
    ['ip', '192.0.2.300', false],
    ['ip', '2001:db8::1', true],
    ['cidr', '10.0.0.0/24', true],
    ['cidr', '10.0.0.0/33', false],
    ['cidr', '10.0.0.0', false],
    ['boolean', 'true', true],
    ['boolean', 'maybe', false],
  ] as const)('%s accepts %j: %s', (type, raw, ok) => {
    expect(checkValue(v('x', type), raw).ok).toBe(ok)
  })

  it('fills from device fields, the grid and defaults, and names what is missing or wrong', () => {
    const vars = [
      v('site', 'string', { source: 'site' }),
      v('tags', 'string', { source: 'tags' }),
      v('ntp', 'ip', { default: '192.0.2.1' }),
      v('mode', 'choice', { choices: ['a', 'b'] }),
    ]
    const ok = renderFor('/x set a={{site}} b={{tags}} c={{ntp}} d={{mode}}', vars, device, {
      mode: 'b',
    })
    expect(ok).toMatchObject({ errors: [], script: '/x set a=Riga b=edge,lte c=192.0.2.1 d=b' })
    const bad = renderFor('/x set d={{mode}} e={{ntp}}', vars, device, { mode: 'c', ntp: 'nope' })
    expect(bad.errors).toEqual([
      'ntp must be an IP address, not "nope".',
      'mode must be one of a, b, not "c".',
    ])
    expect(bad.script).toBe('')
  })

  it('never lets a value add a command: quoted inside quotes, escaped, and quoted outside', () => {
    expect(fill('/system identity set name="{{n}}"', { n: 'a" ; /system reboot ; "$x' })).toBe(
      '/system identity set name="a\\" ; /system reboot ; \\"\\$x"',
    )
    expect(fill('/system identity set name={{n}}', { n: 'a b;/system reboot' })).toBe(
      '/system identity set name="a b;/system reboot"',
    )
    expect(fill('/ip address add address={{a}}', { a: '10.0.0.1/24' })).toBe(
      '/ip address add address=10.0.0.1/24',
    )
  })
})
