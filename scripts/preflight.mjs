// `npm test` preflight (issue 15): the suites drive real programs (Chromium, Debian's mndp,
// sshd, wireguard-go, …). Without one of them a test used to fail deep inside with "expected
// undefined to be defined"; now the run stops before it starts and names the package to install.
// The package list is the apt line of .ci/run (one list: a package added there is checked here).
import { spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync, readFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

const onPath = (cmd) => () =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, cmd), constants.X_OK)
      return true
    } catch {
      return false
    }
  })
const file = (path) => () => existsSync(path)
// the tests run Debian's interpreter (a pyenv python3 on PATH would not see Debian's modules)
const python = (module) => () =>
  spawnSync('/usr/bin/python3', ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0

/** How each package is found, and what it provides (said in the message). */
const PROBES = {
  chromium: { found: file('/usr/bin/chromium'), gives: '/usr/bin/chromium (e2e specs)' },
  'python3-librouteros': { found: python('librouteros'), gives: 'a second RouterOS client' },
  'openssh-client': { found: onPath('ssh'), gives: 'ssh' },
  'openssh-server': { found: file('/usr/sbin/sshd'), gives: 'sshd' },
  'fonts-dejavu-core': { found: file('/usr/share/fonts/truetype/dejavu'), gives: 'fonts' },
  'mactelnet-client': { found: onPath('mndp'), gives: 'mndp' },
  patch: { found: onPath('patch'), gives: 'patch' },
  openssl: { found: onPath('openssl'), gives: 'openssl' },
  'python3-aiosmtpd': { found: python('aiosmtpd'), gives: 'a test mail server' },
  git: { found: onPath('git'), gives: 'git' },
  'wireguard-go': { found: onPath('wireguard-go'), gives: 'wireguard-go' },
}

/** The packages of the apt line in .ci/run. */
export function requiredPackages(ciRun = readFileSync(join(ROOT, '.ci', 'run'), 'utf8')) {
  const m = /for p in ([^;]+); do/.exec(ciRun)
  return m ? m[1].trim().split(/\s+/) : []
}

const dpkgKnows = (pkg) =>
  onPath('dpkg')() && spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status === 0

/** The required packages that are missing here, with what they provide. */
export function missingPackages(packages = requiredPackages()) {
  return packages
    .filter((p) => !(PROBES[p] ? PROBES[p].found() : dpkgKnows(p)))
    .map((p) => ({ pkg: p, gives: PROBES[p]?.gives ?? p }))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const missing = missingPackages()
  if (missing.length > 0) {
    const list = missing.map((m) => `  ${m.pkg} (provides ${m.gives})`).join('\n')
    process.stderr.write(
      `npm test needs Debian packages that are not installed here:\n${list}\n` +
        `Install them with: sudo apt-get install -y ${missing.map((m) => m.pkg).join(' ')}\n`,
    )
    process.exit(1)
  }
}
