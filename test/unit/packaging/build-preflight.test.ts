// Bad input to the packaging builds: a machine without the tools gets one message listing what to
// install (and nothing is built), and the OS image's initramfs setup hook, run by mmdebstrap
// before the packages are installed, really writes the small-initrd configuration.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  INITRD_MODULES,
  initramfsSetupHook,
  KERNEL_OPTIONS,
} from '../../../scripts/os/fast-boot.ts'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const tmp = mkdtempSync(join(tmpdir(), 'outpost-preflight-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** a PATH holding only sh and node: every build tool is "not installed" */
function barePath(): string {
  const bin = join(tmp, 'bin')
  if (!existsSync(bin)) {
    spawnSync('mkdir', [bin])
    symlinkSync('/bin/sh', join(bin, 'sh'))
    symlinkSync(process.execPath, join(bin, 'node'))
  }
  return bin
}

function runScript(script: string, args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: barePath(), HOME: tmp },
  })
}

describe('packaging builds on a machine without the tools', () => {
  it('build:os names every missing tool and the apt line, and builds nothing', () => {
    const before = existsSync(join(ROOT, 'dist', 'os', 'work'))
    const r = runScript('build-os.ts', ['--arch', 'x86_64'])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      'build:os: missing tools: mmdebstrap, mkfs.ext4, mkfs.vfat, mcopy, sfdisk, chroot',
    )
    expect(r.stderr).toContain(
      'apt-get update && apt-get install -y --no-install-recommends coreutils dosfstools e2fsprogs fdisk mmdebstrap mtools',
    )
    expect(existsSync(join(ROOT, 'dist', 'os', 'work'))).toBe(before)
  })

  it('build:os refuses an architecture it cannot build, in words', () => {
    const r = runScript('build-os.ts', ['--arch', 'armv7'])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('build:os supports --arch x86_64 only')
  })

  it('build:oci names its missing tools too', () => {
    const r = runScript('build-oci.ts', ['--arch', 'amd64'])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/missing tools: mmdebstrap, tar, gzip, npm, git\b/)
    expect(r.stderr).toContain('apt-get install -y --no-install-recommends')
  })
})

describe('OS image initramfs setup hook', () => {
  it('writes MODULES=list and an executable hook that adds the storage drivers', () => {
    const root = join(tmp, 'root')
    // mmdebstrap runs a hook string as `sh -c HOOK exec ROOT`
    const r = spawnSync('sh', ['-c', initramfsSetupHook(), 'exec', root], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const conf = readFileSync(
      join(root, 'etc', 'initramfs-tools', 'conf.d', 'outpost.conf'),
      'utf8',
    )
    expect(conf).toMatch(/^MODULES=list$/m)
    expect(conf).toMatch(/^COMPRESS=zstd$/m)
    const hook = join(root, 'etc', 'initramfs-tools', 'hooks', 'outpost-storage')
    expect(statSync(hook).mode & 0o777).toBe(0o755)
    const text = readFileSync(hook, 'utf8')
    expect(text).toContain(`manual_add_modules ${INITRD_MODULES.join(' ')}\n`)
    for (const m of ['ext4', 'ahci', 'nvme', 'virtio_blk', 'usb_storage', 'mmc_block'])
      expect(INITRD_MODULES).toContain(m)
    expect(spawnSync('sh', ['-n', hook]).status).toBe(0)
    // initramfs-tools asks every hook for its prerequisites first
    expect(spawnSync('sh', [hook, 'prereqs'], { encoding: 'utf8' })).toMatchObject({
      status: 0,
      stdout: '',
    })
  })

  it('keeps the serial console on the kernel command line', () => {
    expect(KERNEL_OPTIONS).toContain('console=ttyS0,115200')
    expect(KERNEL_OPTIONS.split(' ')).toContain('quiet')
  })
})
