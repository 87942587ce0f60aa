import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatPrint } from '../../../../src/sim/ssh/print-format.ts'

const DIR = join(import.meta.dirname, '../../../fixtures/cli')
const fixture = (f: string): string[] =>
  readFileSync(join(DIR, f), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
const MiB = (x: number): string => String(Math.round(x * 1024 * 1024))

describe('console print format', () => {
  it('matches a real 7.18.2 /system resource print (values padded to one width)', () => {
    const row = {
      uptime: '3h5m54s',
      version: '7.18.2 (stable)',
      'build-time': '2025-03-11 11:59:04',
      'factory-software': '7.8',
      'free-memory': MiB(876.2),
      'total-memory': MiB(1024),
      cpu: 'ARM64',
      'cpu-count': '4',
      'cpu-frequency': '700',
      'cpu-load': '1',
      'free-hdd-space': MiB(993.4),
      'total-hdd-space': MiB(1024),
      'write-sect-since-reboot': '176',
      'write-sect-total': '15565',
      'architecture-name': 'arm64',
      'board-name': 'RB5009UPr+S+',
      platform: 'MikroTik',
      'bad-blocks': '0',
    }
    expect(formatPrint([row], '/system/resource', '7.18.2')).toEqual(
      fixture('oxidized-rb5009upr-7.18.2-system-resource-print.txt'),
    )
  })

  it('matches a real 7.16 resource print and package update print (no padding)', () => {
    const row = {
      uptime: '32m36s',
      version: '7.16 (stable)',
      'build-time': '2024-09-20 13:00:27',
      'factory-software': '7.1',
      'free-memory': MiB(165.6),
      'total-memory': MiB(384),
      cpu: 'QEMU',
      'cpu-count': '1',
      'cpu-frequency': '2999',
      'cpu-load': '2',
      'free-hdd-space': MiB(71.2),
      'total-hdd-space': MiB(89.2),
      'write-sect-since-reboot': '584',
      'write-sect-total': '584',
      'architecture-name': 'x86_64',
      'board-name': 'CHR QEMU Standard PC (i440FX + PIIX, 1996)',
      platform: 'MikroTik',
    }
    expect(formatPrint([row], '/system/resource', '7.16')).toEqual(
      fixture('oxidized-chr-7.16-system-resource-print.txt'),
    )
    const upd = {
      channel: 'stable',
      'installed-version': '7.16',
      'latest-version': '7.16.1',
      status: 'New version is available',
    }
    expect(formatPrint([upd], '/system/package/update', '7.16')).toEqual(
      fixture('oxidized-chr-7.16-system-package-update-print.txt'),
    )
  })

  it('prints list menus as numbered rows with flags', () => {
    const rows = [
      {
        '.id': '*1',
        address: '10.0.0.1/24',
        interface: 'ether1',
        disabled: 'false',
        dynamic: 'false',
      },
      {
        '.id': '*2',
        address: '10.0.0.2/24',
        interface: 'ether2',
        disabled: 'true',
        dynamic: 'false',
      },
    ]
    expect(formatPrint(rows, '/ip/address', '7.15')).toEqual([
      ' 0   address=10.0.0.1/24 interface=ether1',
      ' 1 X address=10.0.0.2/24 interface=ether2',
    ])
  })
})
