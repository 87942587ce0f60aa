// Assembles the image's root filesystem in a directory: a minimal Debian 12 userland (only the
// C/C++ runtime the Node binary links against, extracted from Debian packages by mmdebstrap),
// the pinned Node, and Outpost's bundle with the production node_modules for the architecture.
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { PLATFORMS, type Arch } from './manifest.ts'
import { BuildError, has, ROOT, run, step } from './tools.ts'

export const UID = 10001

/** Debian packages of the base: glibc, libstdc++ and libgcc (and their dependencies) */
const BASE_PACKAGES = ['libc6', 'libstdc++6', 'libgcc-s1']

/** paths in the Debian base that a Node server never reads */
const BASE_PRUNE = [
  'dev',
  'etc/apt',
  'etc/dpkg',
  'etc/resolv.conf',
  'etc/hostname',
  'etc/fstab',
  'var',
  'usr/share',
]

export function buildBase(arch: Arch, dir: string, epoch: number): void {
  step(`Debian 12 base (${BASE_PACKAGES.join(', ')}) for ${PLATFORMS[arch].debian}`)
  rmSync(dir, { recursive: true, force: true })
  run(
    'mmdebstrap',
    [
      '--variant=extract',
      '--mode=root',
      `--architectures=${PLATFORMS[arch].debian}`,
      `--include=${BASE_PACKAGES.join(',')}`,
      '--quiet',
      'bookworm',
      dir,
    ],
    { env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch) } },
  )
  for (const p of BASE_PRUNE) rmSync(join(dir, p), { recursive: true, force: true })
  // iconv modules: Node converts text with its own ICU
  for (const lib of ['usr/lib', 'lib']) {
    for (const d of existsSync(join(dir, lib)) ? readdirSync(join(dir, lib)) : []) {
      rmSync(join(dir, lib, d, 'gconv'), { recursive: true, force: true })
    }
  }
}

/** The pinned Node binary for the architecture, from the project's npm packages. */
export function nodeBinary(arch: Arch, cacheDir: string): string {
  const pkgJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    optionalDependencies?: Record<string, string>
  }
  if (arch === 'armv7') {
    throw new BuildError(
      'armv7: no Node 24 for armhf is available from the npm registry (node-linux-* has x64 and arm64 only) ' +
        "or from Debian 12's apt (nodejs 18); see README, Packaging and deployment",
    )
  }
  const pkg = `node-linux-${PLATFORMS[arch].node}`
  const version = pkgJson.optionalDependencies?.[pkg]
  if (!version) throw new BuildError(`package.json pins no ${pkg}`)
  const local = join(ROOT, 'node_modules', pkg, 'bin', 'node')
  if (existsSync(local)) return local
  // not this machine's architecture: npm skipped it, so fetch the same pinned package
  const dir = join(cacheDir, `${pkg}-${version}`)
  const bin = join(dir, 'package', 'bin', 'node')
  if (!existsSync(bin)) {
    step(`npm pack ${pkg}@${version}`)
    mkdirSync(dir, { recursive: true })
    const name = run('npm', ['pack', `${pkg}@${version}`, '--pack-destination', dir, '--silent'])
      .trim()
      .split('\n')
      .pop()
    run('tar', ['-xzf', join(dir, name ?? ''), '-C', dir])
  }
  return bin
}

/** strips the symbols from a Node binary (126 → 108 MB for x64); skipped with a note without binutils */
export function stripBinary(arch: Arch, file: string): void {
  const strip =
    arch === 'amd64' && process.arch === 'x64'
      ? 'strip'
      : arch === 'arm64'
        ? 'aarch64-linux-gnu-strip'
        : ''
  if (strip && has(strip)) run(strip, ['--strip-all', file])
  else
    process.stdout.write(
      `    (not stripping node: ${strip || 'strip'} missing; apt-get install binutils binutils-aarch64-linux-gnu)\n`,
    )
}

/** production packages from the lock file (no dev, no optional-only: the node-linux-* binaries, cpu-features) */
export function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean }>
  }
  return Object.entries(lock.packages)
    .filter(([k, v]) => k.startsWith('node_modules/') && !v.dev && !v.optional && !v.devOptional)
    .map(([k]) => k)
    .sort()
}

/** files of the native addons that are not this architecture's prebuilt binaries, and build inputs */
function pruneAddons(mods: string, arch: Arch): void {
  const node = PLATFORMS[arch].node
  // ssh2's optional crypto addon was compiled here by npm: keep it only for this machine's
  // architecture (ssh2 falls back to Node's crypto without it)
  const sshCrypto = join(mods, 'ssh2', 'lib', 'protocol', 'crypto')
  for (const p of [
    'src',
    'binding.gyp',
    'build/Release/obj.target',
    'build/Makefile',
    'build/config.gypi',
  ]) {
    rmSync(join(sshCrypto, p), { recursive: true, force: true })
  }
  if (node !== process.arch) rmSync(join(sshCrypto, 'build'), { recursive: true, force: true })
  else
    for (const f of readdirSync(join(sshCrypto, 'build')))
      if (f !== 'Release') rmSync(join(sshCrypto, 'build', f), { recursive: true, force: true })
  const sqlite = join(mods, 'better-sqlite3')
  for (const p of ['deps', 'src', 'build', 'binding.gyp'])
    rmSync(join(sqlite, p), { recursive: true, force: true })
  for (const f of readdirSync(join(sqlite, 'prebuilds'))) {
    if (f !== `linux-${node}.node`) rmSync(join(sqlite, 'prebuilds', f))
  }
  if (!existsSync(join(sqlite, 'prebuilds', `linux-${node}.node`))) {
    throw new BuildError(`better-sqlite3 carries no prebuilt addon for linux-${node}`)
  }
  const argon = join(mods, 'argon2')
  for (const p of ['argon2', 'argon2.cpp', 'binding.gyp'])
    rmSync(join(argon, p), { recursive: true, force: true })
  for (const d of readdirSync(join(argon, 'prebuilds'))) {
    if (d !== `linux-${node}`) rmSync(join(argon, 'prebuilds', d), { recursive: true })
    else
      for (const f of readdirSync(join(argon, 'prebuilds', d)))
        if (f.includes('musl')) rmSync(join(argon, 'prebuilds', d, f))
  }
}

/** type declarations, source maps and docs: not read at run time */
function pruneTree(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) pruneTree(p)
    else if (
      /\.(d\.[cm]?ts|map|md|markdown)$/i.test(e.name) ||
      /^(CHANGELOG|HISTORY)/i.test(e.name)
    )
      rmSync(p)
  }
}

/** dist/*.mjs, assets/, a slim package.json and the production node_modules for `arch`, into `app` */
export function stageApp(arch: Arch, app: string): void {
  step('Outpost bundle, assets and production node_modules')
  if (!existsSync(join(ROOT, 'dist', 'server.mjs')))
    throw new BuildError('dist/server.mjs missing: run npm run build')
  mkdirSync(join(app, 'dist'), { recursive: true })
  for (const f of readdirSync(join(ROOT, 'dist'))) {
    if (f.endsWith('.mjs')) copyFileSync(join(ROOT, 'dist', f), join(app, 'dist', f))
  }
  cpSync(join(ROOT, 'assets'), join(app, 'assets'), { recursive: true })
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >
  const slim = {
    name: pkg.name,
    version: pkg.version,
    type: pkg.type,
    license: pkg.license,
    dependencies: pkg.dependencies,
  }
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(slim, null, 2)}\n`)
  for (const p of productionPackages())
    cpSync(join(ROOT, p), join(app, p), { recursive: true, verbatimSymlinks: true })
  rmSync(join(app, 'node_modules', '.bin'), { recursive: true, force: true })
  pruneAddons(join(app, 'node_modules'), arch)
  pruneTree(join(app, 'node_modules'))
}

export function addOutpost(arch: Arch, dir: string, node: string): void {
  stageApp(arch, join(dir, 'opt', 'outpost'))
  mkdirSync(join(dir, 'usr', 'local', 'bin'), { recursive: true })
  const target = join(dir, 'usr', 'local', 'bin', 'node')
  copyFileSync(node, target)
  chmodSync(target, 0o755)
  stripBinary(arch, target)

  step('user outpost (uid 10001), /data, /tmp')
  mkdirSync(join(dir, 'etc'), { recursive: true })
  writeFileSync(
    join(dir, 'etc', 'passwd'),
    `root:x:0:0:root:/root:/usr/sbin/nologin\noutpost:x:${UID}:${UID}:Outpost:/data:/usr/sbin/nologin\n`,
  )
  writeFileSync(join(dir, 'etc', 'group'), `root:x:0:\noutpost:x:${UID}:\n`)
  writeFileSync(
    join(dir, 'etc', 'nsswitch.conf'),
    'passwd: files\ngroup: files\nhosts: files dns\n',
  )
  mkdirSync(join(dir, 'tmp'), { recursive: true })
  chmodSync(join(dir, 'tmp'), 0o1777)
  mkdirSync(join(dir, 'data'), { recursive: true })
  // owners: root everywhere, the service user only on its data directory
  run('chown', ['-R', '0:0', dir])
  chownSync(join(dir, 'data'), UID, UID)
  chmodSync(join(dir, 'data'), 0o700)
  run('chmod', ['-R', 'go-w', join(dir, 'opt'), join(dir, 'usr', 'local')])
  if (!statSync(target).isFile()) throw new BuildError('node missing from the image')
}
