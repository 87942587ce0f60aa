/**
 * Runs RouterOS console commands received over SSH exec (no PTY): `/export` with its flags
 * (also `file=` and per-menu `/ip address export`), `print` of any menu, and other menu commands
 * passed to the device. Output uses CRLF line ends like the RouterOS console.
 */
import type { SimRouter } from '../device/device.ts'
import type { ExecContext } from '../device/policy.ts'
import { Trap } from '../device/trap.ts'
import { parseExport } from '../config/export-parser.ts'
import type { RscCommand } from '../config/export-parser.ts'
import { isV7, renderExport } from '../config/export-render.ts'
import { formatPrint } from './print-format.ts'

const EOL = '\r\n'
const EXPORT_FLAGS = new Set(['compact', 'verbose', 'terse', 'show-sensitive', 'hide-sensitive'])

/** Text of `/export` for this device with the console's flags. */
export function deviceExport(
  dev: SimRouter,
  cmd: Pick<RscCommand, 'path' | 'flags'>,
  eol = EOL,
): string {
  const p = dev.persona
  return renderExport(dev.tree, {
    version: dev.version,
    date: new Date(dev.clock.now()),
    softwareId: dev.softwareId,
    ...(p.routerboard ? { model: p.model, serial: dev.serialNumber } : {}),
    verbose: cmd.flags.includes('verbose'),
    terse: cmd.flags.includes('terse'),
    showSensitive: cmd.flags.includes('show-sensitive'),
    hideSensitive: cmd.flags.includes('hide-sensitive'),
    menu: cmd.path,
    eol,
  })
}

/** Runs a whole command line (several commands may be separated by `;` or newlines). */
export function runCliCommands(
  dev: SimRouter,
  text: string,
  ctx: ExecContext,
): { output: string; isExport: boolean } {
  let commands: RscCommand[]
  try {
    commands = parseExport(text).commands
  } catch (err) {
    return {
      output: `syntax error (${err instanceof Error ? err.message : String(err)})${EOL}`,
      isExport: false,
    }
  }
  let output = ''
  let isExport = false
  for (const cmd of commands) {
    try {
      if (cmd.verb === 'export') isExport = true
      output += runOne(dev, cmd, ctx)
    } catch (err) {
      output += (err instanceof Error ? err.message : String(err)) + EOL
      break
    }
  }
  return { output, isExport }
}

function runOne(dev: SimRouter, cmd: RscCommand, ctx: ExecContext): string {
  if (cmd.verb === 'export') return runExport(dev, cmd, ctx)
  const attrs: Record<string, string> = {}
  for (const f of cmd.flags) attrs[f] = ''
  for (const [k, v] of cmd.args) attrs[k] = v
  if (cmd.selector?.kind === 'ref') attrs.numbers = cmd.selector.values.join(',')
  else if (cmd.selector?.kind === 'find')
    throw new Trap('[ find ] selectors are not supported over the simulated console')
  const path = cmd.path === '/' ? '' : cmd.path
  const res = dev.exec(path, cmd.verb, attrs, ctx)
  if (cmd.verb === 'print' && res.rows) {
    const lines = formatPrint(res.rows, cmd.path, dev.version)
    res.after?.()
    return lines.map((l) => l + EOL).join('')
  }
  res.after?.()
  return res.ret !== undefined && cmd.verb !== 'add' ? res.ret + EOL : ''
}

function runExport(dev: SimRouter, cmd: RscCommand, ctx: ExecContext): string {
  if (!ctx.policies.has('read')) throw new Trap('not enough permissions (9)')
  const v7 = isV7(dev.version)
  for (const f of cmd.flags) {
    const known = EXPORT_FLAGS.has(f) && !(f === 'show-sensitive' && !v7)
    if (!known) throw new Trap(`expected end of command (line 1 column ${f.length})`)
  }
  const file = cmd.args.find(([k]) => k === 'file')?.[1]
  if (file === undefined) return deviceExport(dev, cmd)
  if (!ctx.policies.has('write')) throw new Trap('not enough permissions (9)')
  const name = file.endsWith('.rsc') ? file : `${file}.rsc`
  dev.writeFile(name, deviceExport(dev, cmd, '\n'))
  return ''
}
