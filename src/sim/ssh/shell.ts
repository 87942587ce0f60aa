/**
 * Interactive console of a simulated device on an SSH shell channel (with or without a PTY): a
 * RouterOS-like prompt `[admin@name] > `, a line editor that echoes what is typed (backspace,
 * Ctrl-C drops the line), each line run like an exec command, `/quit` or Ctrl-D ends the session.
 * Enough for a browser terminal to type a command and read its output; no completion or history.
 */
import type { ServerChannel } from 'ssh2'
import type { SimRouter } from '../device/device.ts'
import type { ExecContext } from '../device/policy.ts'
import { runCliCommands } from './cli-command.ts'

const EOL = '\r\n'

function prompt(dev: SimRouter, ctx: ExecContext): string {
  return `[${ctx.user}@${dev.identity}] > `
}

/** Serves one shell channel until the user quits or the channel closes. */
export function serveShell(dev: SimRouter, ch: ServerChannel, ctx: ExecContext): void {
  let line = ''
  const write = (s: string): void => void ch.write(s)
  const quit = (): void => {
    write(`${EOL}interrupted${EOL}`)
    ch.exit(0)
    ch.end()
  }
  write(`${EOL}  MikroTik RouterOS ${dev.version} (simulated)${EOL}${EOL}${prompt(dev, ctx)}`)
  ch.on('data', (data: Buffer) => {
    for (const key of data.toString('utf8')) {
      if (key === '\r' || key === '\n') {
        const text = line.trim()
        line = ''
        write(EOL)
        if (text === '/quit' || text === 'quit') return quit()
        if (text !== '') write(runCliCommands(dev, text, ctx).output)
        write(prompt(dev, ctx))
      } else if (key === '\x7f' || key === '\b') {
        if (line.length === 0) continue
        line = line.slice(0, -1)
        write('\b \b')
      } else if (key === '\x03') {
        line = ''
        write(`^C${EOL}${prompt(dev, ctx)}`)
      } else if (key === '\x04') {
        if (line === '') return quit()
      } else if (key >= ' ') {
        line += key
        write(key)
      }
    }
  })
}
