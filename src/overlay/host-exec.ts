// Runs the host's network tools (ip, wg, nft, iptables) without a shell: argument arrays only, so
// no value from the database or a request can become shell syntax. With `netns` the command runs
// inside that network namespace (`ip netns exec`): tests and benchmarks keep everything they
// create in their own namespaces.
import { spawn } from 'node:child_process'

export interface HostExecOptions {
  /** run inside this network namespace */
  netns?: string | undefined
}

export class HostCommandError extends Error {
  override readonly name = 'HostCommandError'
  readonly code: 'missing' | 'failed'
  constructor(message: string, code: 'missing' | 'failed', options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** The argv actually run for `cmd args` in `netns`. */
export function argvFor(opts: HostExecOptions, cmd: string, args: string[]): [string, string[]] {
  return opts.netns === undefined
    ? [cmd, args]
    : ['ip', ['netns', 'exec', opts.netns, cmd, ...args]]
}

/**
 * Runs one command; resolves its stdout, rejects HostCommandError ('missing' when the binary is
 * not installed) with stderr in the message. `input` goes to stdin (private keys: never argv).
 * @example await runHost({}, 'wg', ['show', 'outpost-wg', 'dump'])
 */
export function runHost(
  opts: HostExecOptions,
  cmd: string,
  args: string[],
  input?: string,
): Promise<string> {
  const [file, argv] = argvFor(opts, cmd, args)
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new HostCommandError(
          e.code === 'ENOENT' ? `${file} is not installed` : `${file}: ${e.message}`,
          e.code === 'ENOENT' ? 'missing' : 'failed',
          { cause: e },
        ),
      ),
    )
    child.once('close', (code) => {
      if (code === 0) resolve(out)
      else {
        const missing = /No such file or directory|not found/.test(err) && opts.netns !== undefined
        reject(
          new HostCommandError(
            `${cmd} ${args[0] ?? ''} failed (${code}): ${err.trim()}`,
            missing ? 'missing' : 'failed',
          ),
        )
      }
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(input ?? '')
  })
}
