// Drives OpenSSH's own client (`ssh -tt`, password from SSH_ASKPASS) like expect: wait for a
// pattern on the terminal output, then type a line.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface SshSession {
  /** resolves with everything printed so far once `pattern` appears after the last match */
  expect(pattern: RegExp, timeoutMs?: number): Promise<string>
  send(line: string): void
  /** exit code of the ssh process */
  exited: Promise<number | null>
  output(): string
}

export function sshConsole(
  port: number,
  password: string,
  workDir: string,
  user = 'recovery',
): SshSession {
  const passFile = join(workDir, `pass-${Math.random().toString(36).slice(2)}`)
  writeFileSync(passFile, password, { mode: 0o600 })
  const askpass = join(workDir, 'askpass.sh')
  writeFileSync(askpass, `#!/bin/sh\ncat "$OUTPOST_TEST_PASSFILE"\n`)
  chmodSync(askpass, 0o700)
  const child: ChildProcessWithoutNullStreams = spawn(
    'ssh',
    [
      '-tt',
      '-F',
      '/dev/null',
      '-p',
      String(port),
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'LogLevel=ERROR',
      '-o',
      'PreferredAuthentications=password',
      '-o',
      'NumberOfPasswordPrompts=1',
      '-o',
      'PubkeyAuthentication=no',
      `${user}@127.0.0.1`,
    ],
    {
      env: {
        PATH: process.env.PATH,
        SSH_ASKPASS: askpass,
        SSH_ASKPASS_REQUIRE: 'force',
        DISPLAY: ':0',
        OUTPOST_TEST_PASSFILE: passFile,
      },
    },
  )
  let out = ''
  let from = 0
  const waiters: (() => void)[] = []
  const onData = (b: Buffer): void => {
    out += b.toString('utf8')
    for (const w of waiters.splice(0)) w()
  }
  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      for (const w of waiters.splice(0)) w()
      resolve(code)
    }),
  )
  return {
    exited,
    output: () => out,
    send: (line) => child.stdin.write(`${line}\r`),
    expect(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${pattern}; got:\n${out.slice(from)}`)),
          timeoutMs,
        )
        const check = (): void => {
          const m = pattern.exec(out.slice(from))
          if (m !== null) {
            clearTimeout(timer)
            from += m.index + m[0].length
            resolve(out)
          } else if (child.exitCode !== null) {
            clearTimeout(timer)
            reject(
              new Error(
                `ssh exited (${child.exitCode}) before ${pattern}; got:\n${out.slice(from)}`,
              ),
            )
          } else waiters.push(check)
        }
        check()
      })
    },
  }
}
