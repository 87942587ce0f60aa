import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { afterEach, describe, expect, it } from 'vitest'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSshServer } from '../../../src/sim/ssh/ssh-server.ts'

// Seed a device from a real-style export, read `/export` back over the simulator's SSH, compare.
const DIR = join(import.meta.dirname, '../../fixtures/exports')
const FIXTURES = [
  'chr_6.45.9.rsc',
  'hap-ac2_6.48.6.rsc',
  'rb4011_6.49.10.rsc',
  'chr_7.12.1.rsc',
  'rb5009_7.15.3.rsc',
]
const fixture = (f: string): string => readFileSync(join(DIR, f), 'utf8')

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

/** Configuration lines only: continuations joined, header and blank lines dropped. */
function body(text: string): string[] {
  return text
    .replace(/\\\r?\n {4}/g, '')
    .split(/\r?\n/)
    .filter((l) => l !== '' && !l.startsWith('#'))
}

async function sshExport(dev: SimRouter, user = 'admin', password = ''): Promise<string> {
  const h = await startSshServer(dev, { host: '127.0.0.1', port: 0 })
  cleanups.push(() => h.close())
  const c = await new Promise<ssh2.Client>((resolve, reject) => {
    const client = new ssh2.Client()
    client.on('ready', () => resolve(client)).on('error', reject)
    client.connect({
      host: '127.0.0.1',
      port: h.port,
      username: user,
      password,
      readyTimeout: 5000,
    })
    cleanups.push(() => void client.end())
  })
  const cmd = dev.isV7 ? '/export show-sensitive' : '/export'
  return new Promise((resolve, reject) => {
    c.exec(cmd, (err, ch) => {
      if (err) return reject(err)
      let out = ''
      ch.on('data', (d: Buffer) => (out += d.toString('utf8')))
      ch.on('close', () => resolve(out))
    })
  })
}

describe('seeded simulator reproduces real exports over SSH', () => {
  for (const persona of ['hap-ac-6.49', 'rb5009-7.15']) {
    for (const file of FIXTURES) {
      it(`${file} seeded into ${persona} exports every line again, in order`, async () => {
        const text = fixture(file)
        const dev = new SimRouter({ persona, name: 'seeded', seedExport: text })
        const out = await sshExport(dev)
        const version = /by RouterOS (\S+)/.exec(text)?.[1]
        expect(out.split('\r\n')[0]).toMatch(
          new RegExp(`by RouterOS ${version?.replaceAll('.', '\\.')}$`),
        )
        expect(body(out)).toEqual(body(text))
      })
    }
  }

  it('takes the version from the export header, not the persona', () => {
    const dev = new SimRouter({ persona: 'rb5009-7.15', seedExport: fixture('hap-ac2_6.48.6.rsc') })
    expect(dev.version).toBe('6.48.6')
    expect(dev.isV7).toBe(false)
  })

  it('keeps every port a 15-port CHR export names when the persona has 5', async () => {
    const dev = new SimRouter({ persona: 'hap-ac-6.49', seedExport: fixture('chr_7.12.1.rsc') })
    const ports = dev.tree.list('/interface/ethernet')
    const names = ports.map((e) => e.props['default-name']).filter((n) => n?.startsWith('ether'))
    expect(names).toEqual(Array.from({ length: 15 }, (_, i) => `ether${i + 1}`))
    expect(new Set(ports.map((e) => e.props['mac-address'])).size).toBe(ports.length)
    const out = await sshExport(dev)
    expect(out).toContain('set [ find default-name=ether7 ] comment=cust-7 mtu=9000\r\n')
    expect(out).toContain('set [ find default-name=ether15 ] comment=mgmt\r\n')
  })

  it('prints values starting with # bare, as RouterOS does', async () => {
    const out = await sshExport(
      new SimRouter({ persona: 'rb5009-7.15', seedExport: fixture('chr_7.12.1.rsc') }),
    )
    expect(out).toContain('log-prefix=#VPN protocol=udp')
    expect(out).not.toContain('"#VPN"')
  })

  it('keeps v6 service defaults, numbered default items, the full group and wireless settings', async () => {
    const out = await sshExport(
      new SimRouter({ persona: 'hap-ac-6.49', seedExport: fixture('rb4011_6.49.10.rsc') }),
    )
    expect(out).toContain('/ip service\r\nset telnet disabled=yes\r\nset ftp disabled=yes\r\n')
    expect(out).toContain(
      '/system logging action\r\nset 1 disk-file-count=4 disk-lines-per-file=2000\r\nset 3 remote=192.0.2.10 src-address=10.10.10.1\r\n',
    )
    expect(body(out)).toContain(
      'set full policy="local,telnet,ssh,ftp,reboot,read,write,policy,test,winbox,password,web,sniff,sensitive,api,romon,dude,tikapp"',
    )
    const wifi = await sshExport(
      new SimRouter({ persona: 'hap-ac-6.49', seedExport: fixture('hap-ac2_6.48.6.rsc') }),
    )
    expect(body(wifi).filter((l) => l.includes('default-name=wlan'))).toEqual(
      body(fixture('hap-ac2_6.48.6.rsc')).filter((l) => l.includes('default-name=wlan')),
    )
  })

  it('v6 devices start with telnet and ftp enabled, v7 devices with them disabled', () => {
    const v6 = new SimRouter({ persona: 'hap-ac-6.49' })
    const v7 = new SimRouter({ persona: 'rb5009-7.15' })
    expect(v6.tree.resolve('/ip/service', 'telnet')?.props.disabled).toBe('false')
    expect(v7.tree.resolve('/ip/service', 'telnet')?.props.disabled).toBe('true')
  })

  for (const form of ['names', 'find', 'numbers']) {
    it(`admin still logs in over SSH after a 7.15 export sets read and write (${form}) and adds a group`, async () => {
      const sel = (name: string, n: number): string =>
        form === 'names' ? name : form === 'find' ? `[ find name=${name} ]` : String(n)
      const text = [
        '# 2024-08-19 14:35:12 by RouterOS 7.15.3',
        '/user group',
        `set ${sel('read', 0)} policy=local,ssh,read,test,winbox,web,api,!ftp,!reboot,!write,!policy,!password,!sensitive,!romon,!rest-api,!telnet,!sniff`,
        `set ${sel('write', 1)} policy=local,ssh,reboot,read,write,test,winbox,web,api,!ftp,!policy,!password,!sensitive,!romon,!rest-api,!telnet,!sniff`,
        'add name=monitoring policy=ssh,read,api,!local,!telnet,!ftp,!reboot,!write,!policy,!test,!winbox,!password,!web,!sniff,!sensitive,!romon,!rest-api',
        '/user',
        'add group=monitoring name=mon password=Mon-Pass-1',
        '',
      ].join('\n')
      const dev = new SimRouter({ persona: 'rb5009-7.15', seedExport: text })
      const out = await sshExport(dev)
      expect(out).toContain('add name=monitoring policy=')
      expect(await sshExport(dev, 'mon', 'Mon-Pass-1')).toContain('/user group')
    })
  }
})
