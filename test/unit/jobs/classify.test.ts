import { describe, expect, it } from 'vitest'
import { isReadOnly, statementsOf } from '../../../src/jobs/classify.ts'

describe('isReadOnly', () => {
  it.each([
    ['/system identity print', true],
    ['/ip address print detail where interface=ether1', true],
    ['/export', true],
    ['/export hide-sensitive', true],
    ['/interface ethernet monitor ether1 once', true],
    ['/ip address\nprint', true],
    ['/system resource print; /system routerboard print', true],
    ['/interface ethernet monitor ether1', false],
    ['/export file=backup', false],
    ['/system identity set name=x', false],
    ['/ip address add address=10.0.0.1/24 interface=ether1', false],
    ['/ip address print\n/ip address remove 0', false],
    ['/system reboot', false],
    ['/system package update install', false],
    [':foreach i in=[/ip address find] do={ /ip address remove $i }', false],
    ['/ip dns print; :execute "/system reboot"', false],
    ['', false],
  ])('%j → %s', (script, want) => {
    expect(isReadOnly(script)).toBe(want)
  })

  it('splits on ; outside quotes only and skips comments', () => {
    expect(statementsOf('# note\n/log info "a;b"; /system identity print')).toEqual([
      '/log info "a;b"',
      '/system identity print',
    ])
  })
})
