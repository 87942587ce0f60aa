/**
 * Commands that are not plain menu CRUD: reboot, backup, package update, safe mode, import,
 * logs, files.
 */
import type { ExecResult } from './commands.ts'
import type { SimRouter } from './device.ts'
import { requirePolicy, type ExecContext } from './policy.ts'
import { FIRMWARE_COMMANDS } from './firmware.ts'
import { certificateImport } from './certificates.ts'
import { importExport, renderTreeExport } from './tree.ts'
import { toolFetch } from './tool-fetch.ts'
import { Trap, TRAP } from './trap.ts'
import { formatDate, formatTime } from './version.ts'

type Cmd = (dev: SimRouter, attrs: Record<string, string>, ctx: ExecContext) => ExecResult

const reboot: Cmd = (dev, _a, ctx) => {
  requirePolicy(ctx, 'reboot')
  return { after: () => dev.reboot() }
}

const backupSave: Cmd = (dev, a, ctx) => {
  requirePolicy(ctx, 'write', 'sensitive')
  const now = dev.clock.now()
  const stamp =
    formatDate(now, '7.10').replace(/-/g, '') + '-' + formatTime(now).slice(0, 5).replace(':', '')
  const base = a.name && a.name !== '' ? a.name : `${dev.identity}-${stamp}`
  const name = base.endsWith('.backup') ? base : `${base}.backup`
  const snapshot = dev.tree.snapshot()
  // RouterOS's binary format is not reproduced; the file is opaque bytes of a plausible size that
  // name the version and whether a password protects it (what a fetch over SFTP can check)
  const encrypted =
    a['dont-encrypt'] !== 'yes' && a['dont-encrypt'] !== 'true' && (a.password ?? '') !== ''
  const body = `MikroTik backup ${dev.version} ${encrypted ? 'encrypted' : 'plain'}\n${JSON.stringify(snapshot)}\n`
  dev.writeFile(name, body, {
    type: 'backup',
    backup: { snapshot, version: dev.version },
  })
  dev.addLog('system,info', `configuration backup saved by ${ctx.user}`)
  return {}
}

const backupLoad: Cmd = (dev, a, ctx) => {
  requirePolicy(ctx, 'write', 'policy')
  const f = dev.readFile(a.name ?? '') ?? dev.readFile(`${a.name ?? ''}.backup`)
  // a .backup uploaded over SFTP carries no metadata: read it back from the bytes `save` wrote
  const parsed = f && !f.backup ? parseBackupBody(f.contents) : undefined
  const backup = f?.backup ?? parsed
  if (!backup) throw new Trap('failure: no such file', 4)
  if (parsed?.encrypted && (a.password ?? '') === '')
    throw new Trap('failure: password required', 4)
  const snap = backup.snapshot
  dev.addLog('system,info', `configuration backup loaded by ${ctx.user}`)
  return {
    after: () => {
      dev.restoreConfig(snap)
      dev.reboot()
    },
  }
}

function parseBackupBody(
  text: string,
): { snapshot: unknown; version: string; encrypted: boolean } | undefined {
  const m = /^MikroTik backup (\S+) (encrypted|plain)\n([^\n]*)\n?$/.exec(text)
  if (!m) return undefined
  try {
    return {
      version: m[1] ?? '',
      encrypted: m[2] === 'encrypted',
      snapshot: JSON.parse(m[3] ?? '') as unknown,
    }
  } catch {
    return undefined
  }
}

const safeTake: Cmd = (dev, _a, ctx) => {
  requirePolicy(ctx, 'write')
  if (!ctx.session) throw new Trap('safe mode needs a session', 4)
  if (dev.safeMode && dev.safeMode.owner !== ctx.session)
    throw new Trap('failure: safe mode is already taken by another session', 4)
  dev.safeMode ??= { owner: ctx.session, snapshot: dev.tree.snapshot() }
  return {}
}

function ownSafeMode(dev: SimRouter, ctx: ExecContext): { snapshot: unknown } {
  if (!dev.safeMode || dev.safeMode.owner !== ctx.session)
    throw new Trap('failure: safe mode is not taken by this session', 4)
  return dev.safeMode
}

const safeRelease: Cmd = (dev, _a, ctx) => {
  ownSafeMode(dev, ctx)
  dev.safeMode = undefined
  return {}
}

const safeUnroll: Cmd = (dev, _a, ctx) => {
  const sm = ownSafeMode(dev, ctx)
  dev.restoreConfig(sm.snapshot)
  dev.safeMode = undefined
  return {}
}

const importRsc: Cmd = (dev, a, ctx) => {
  requirePolicy(ctx, 'write')
  const name = a['file-name'] ?? a.numbers ?? ''
  const f = dev.readFile(name) ?? dev.readFile(`${name}.rsc`)
  if (!f) throw new Trap('failure: no such file', 4)
  const dryRun = 'dry-run' in a && a['dry-run'] !== 'no' && a['dry-run'] !== 'false'
  // a command script (variables, a { } block) runs command by command, like a pasted script
  if (!dryRun && /^\s*[{:]/m.test(f.contents)) {
    const after = dev.runScript(f.contents, ctx)
    return after ? { after } : {}
  }
  const before = dev.tree.snapshot()
  try {
    importExport(dev.tree, f.contents)
  } catch (err) {
    dev.restoreConfig(before)
    throw new Trap(`failure: ${err instanceof Error ? err.message : String(err)}`, 3)
  }
  if (dryRun) dev.restoreConfig(before)
  dev.addLog('system,info', `script file ${f.name} imported by ${ctx.user}`)
  return {}
}

const exportRsc: Cmd = (dev, a, ctx) => {
  requirePolicy(ctx, 'read')
  if (a.file === undefined) return {}
  const name = a.file.endsWith('.rsc') ? a.file : `${a.file}.rsc`
  dev.writeFile(
    name,
    renderTreeExport(dev, {
      terse: 'terse' in a,
      verbose: 'verbose' in a,
      showSensitive: 'show-sensitive' in a,
    }),
  )
  return {}
}

const logAt =
  (level: string): Cmd =>
  (dev, a, ctx) => {
    requirePolicy(ctx, 'write')
    dev.addLog(`script,${level}`, a.message ?? a.numbers ?? '')
    return {}
  }

function fileByRef(dev: SimRouter, ref: string | undefined) {
  const f = [...dev.files.values()].find((x) => x.id === ref || x.name === ref)
  if (!f) throw TRAP.noSuchItem()
  return f
}

const fileRemove: Cmd = (dev, a, ctx) => {
  requirePolicy(ctx, 'write')
  for (const ref of (a['.id'] ?? a.numbers ?? '').split(','))
    dev.removeFile(fileByRef(dev, ref).name)
  return {}
}

const fileSet: Cmd = (dev, a, ctx) => {
  requirePolicy(ctx, 'write')
  const f = fileByRef(dev, a['.id'] ?? a.numbers)
  if (a.contents !== undefined) dev.writeFile(f.name, a.contents)
  return {}
}

const fileAdd: Cmd = (dev, a, ctx) => {
  requirePolicy(ctx, 'write')
  if (!a.name) throw TRAP.missing('name')
  return { ret: dev.writeFile(a.name, a.contents ?? '').id }
}

const scriptRun: Cmd = (dev, a, ctx) => {
  requirePolicy(ctx, 'read', 'test')
  const ref = a['.id'] ?? a.numbers ?? ''
  const item = dev.tree.list('/system/script').find((i) => i.id === ref || i.props.name === ref)
  if (!item) throw TRAP.noSuchItem()
  dev.noteJobRun('/system/script', item.id)
  const after = dev.runScript(item.props.source ?? '', ctx)
  return after ? { after } : {}
}

const clockSet: Cmd = (dev, a, ctx) => {
  requirePolicy(ctx, 'write')
  const keep = Object.fromEntries(
    Object.entries(a).filter(([k]) => k === 'time-zone-name' || k === 'time-zone-autodetect'),
  )
  dev.tree.setSingleton('/system/clock', keep)
  return {}
}

export const SYSTEM_COMMANDS: Readonly<Record<string, Cmd>> = {
  '/system|reboot': reboot,
  '/system/backup|save': backupSave,
  '/system/backup|load': backupLoad,
  ...FIRMWARE_COMMANDS,
  '/safe-mode|take': safeTake,
  '/safe-mode|release': safeRelease,
  '/safe-mode|unroll': safeUnroll,
  '|import': importRsc,
  '|export': exportRsc,
  '/log|info': logAt('info'),
  '/log|warning': logAt('warning'),
  '/log|error': logAt('error'),
  '/log|debug': logAt('debug'),
  '/file|remove': fileRemove,
  '/file|set': fileSet,
  '/file|add': fileAdd,
  '/system/script|run': scriptRun,
  '/system/clock|set': clockSet,
  '/tool|fetch': toolFetch,
  '/certificate|import': certificateImport,
}
