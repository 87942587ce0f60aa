// Shared helpers of the packaging scripts: running commands loudly, checking that the build
// machine has the tools (with the apt line that installs the missing ones), SOURCE_DATE_EPOCH.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

export class BuildError extends Error {}

export function run(cmd: string, args: readonly string[], opts: SpawnSyncOptions = {}): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, ...opts })
  if (r.error) throw new BuildError(`${cmd}: ${r.error.message}`)
  if (r.status !== 0) {
    const err =
      typeof r.stderr === 'string' ? r.stderr.trim().split('\n').slice(-15).join('\n') : ''
    throw new BuildError(`${cmd} ${args.join(' ')} exited with ${r.status}\n${err}`)
  }
  return typeof r.stdout === 'string' ? r.stdout : ''
}

export function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
}

/** tool → Debian 12 package. Throws one message listing everything to install. */
export function requireTools(tools: Record<string, string>): void {
  const missing = Object.entries(tools).filter(([cmd]) => !has(cmd))
  if (missing.length === 0) return
  const pkgs = [...new Set(missing.map(([, pkg]) => pkg))].sort()
  throw new BuildError(
    `missing tools: ${missing.map(([c]) => c).join(', ')}\n` +
      `install them (Debian 12, as root): apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')}`,
  )
}

export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0)
    throw new BuildError(`${what} must run as root (it sets file owners in the image)`)
}

/** SOURCE_DATE_EPOCH, else the last commit's time: every mtime and `created` in the artifacts. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv): number {
  const raw = env.SOURCE_DATE_EPOCH ?? run('git', ['log', '-1', '--format=%ct']).trim()
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0)
    throw new BuildError(`SOURCE_DATE_EPOCH must be a whole number, got ${raw}`)
  return n
}

/** GNU tar flags that make an archive depend only on the files' contents, names and modes. */
export function reproducibleTarFlags(epoch: number): string[] {
  return [
    '--sort=name',
    `--mtime=@${epoch}`,
    '--numeric-owner',
    '--format=posix',
    '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime',
  ]
}

export function step(msg: string): void {
  process.stdout.write(`==> ${msg}\n`)
}
