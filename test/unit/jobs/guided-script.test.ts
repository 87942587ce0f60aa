import { describe, expect, it } from 'vitest'
import { guidedScript, maskScriptSecrets } from '../../../src/jobs/guided/guided-script.ts'
import { guidedSchema } from '../../../src/jobs/guided/guided.schema.ts'

const g = (x: unknown) => guidedSchema.parse(x)

describe('guided config scripts', () => {
  it('uses /interface wireless on v6 and /interface wifi from 7.13', () => {
    const wifi = g({
      task: 'wifi',
      interface: 'wlan1',
      ssid: 'Guest Net',
      passphrase: 'correct horse',
    })
    expect(guidedScript(wifi, '6.49.10')).toContain(
      '/interface wireless security-profiles\nadd name=outpost authentication-types=wpa2-psk',
    )
    expect(guidedScript(wifi, '6.49.10')).toContain(
      'set wlan1 ssid="Guest Net" security-profile=outpost',
    )
    expect(guidedScript(wifi, '7.18.2')).toContain(
      '/interface wifi\nset wlan1 configuration.ssid="Guest Net"',
    )
  })

  it('sets NTP servers the v6 and the v7 way', () => {
    const sys = g({
      task: 'system',
      identity: 'core-1',
      timeZone: 'Europe/Riga',
      ntpServers: ['192.0.2.1', '192.0.2.2'],
    })
    expect(guidedScript(sys, '6.49.10')).toContain(
      'set enabled=yes primary-ntp=192.0.2.1 secondary-ntp=192.0.2.2',
    )
    expect(guidedScript(sys, '7.15.3')).toContain('set enabled=yes servers=192.0.2.1,192.0.2.2')
    expect(guidedScript(sys, '7.15.3')).toContain('/system identity\nset name=core-1')
  })

  it('builds LAN + DHCP with the network of the address, and a firewall that keeps management', () => {
    const lan = guidedScript(
      g({
        task: 'lan-dhcp',
        interface: 'bridge',
        address: '192.168.10.1/24',
        poolFrom: '192.168.10.100',
        poolTo: '192.168.10.200',
      }),
      '7.15',
    )
    expect(lan).toContain('add address=192.168.10.0/24 gateway=192.168.10.1')
    const fw = guidedScript(
      g({ task: 'firewall-basic', managementCidr: '10.9.0.0/16' }),
      '7.15',
    ).split('\n')
    expect(fw.findIndex((l) => l.includes('src-address=10.9.0.0/16'))).toBeLessThan(
      fw.findIndex((l) => /action=drop comment/.test(l) && !l.includes('invalid')),
    )
  })

  it('hides passwords and passphrases in what is shown', () => {
    const s = guidedScript(
      g({ task: 'wan-pppoe', interface: 'ether1', username: 'isp', password: 'S3cr3t pass' }),
      '7.15',
    )
    expect(s).toContain('password="S3cr3t pass"')
    expect(maskScriptSecrets(s)).not.toContain('S3cr3t')
  })

  it('refuses bad input with a message', () => {
    expect(
      guidedSchema.safeParse({ task: 'wifi', interface: 'wlan1', ssid: 'x', passphrase: 'short' })
        .error?.issues[0]?.message,
    ).toBe('At least 8 characters.')
  })
})
