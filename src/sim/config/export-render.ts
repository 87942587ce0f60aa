/**
 * `/export` generated from a ConfigTree: compact (default) or verbose, wrapped or terse, with the
 * header lines RouterOS prints for the given version and board, and secrets hidden the v7 way
 * (unless show-sensitive) or the v6 way (only with hide-sensitive).
 */
import type { ConfigEntry, ConfigTree } from './config-tree.ts'
import { READ_ONLY_KEYS, SENSITIVE_KEYS, toSpacePath } from './menus.ts'
import { LineWrapper, formatValue } from './rsc-format.ts'
import { toExportValue } from './values.ts'

export interface ExportOptions {
  /** RouterOS version, e.g. '6.49.6' or '7.18.2'. */
  version: string
  /** Time printed in the first header line. */
  date: Date
  softwareId?: string
  /** RouterBOARD model and serial; omit both for CHR. */
  model?: string
  serial?: string
  verbose?: boolean
  terse?: boolean
  /** v7: print secrets (hidden by default). */
  showSensitive?: boolean
  /** v6: hide secrets (shown by default). */
  hideSensitive?: boolean
  /** Export only this menu and its submenus (slash form). */
  menu?: string
  /** Menus RouterOS fails to export on this device (`#error exporting …`), slash form. */
  exportErrors?: string[]
  /** Line end: '\r\n' over SSH (the default), '\n' for files. */
  eol?: string
}

export function majorMinor(version: string): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(version)
  return m ? [Number(m[1]), Number(m[2])] : [0, 0]
}

export function isV7(version: string): boolean {
  return majorMinor(version)[0] >= 7
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** RouterOS date+time as printed by that version (UTC). */
export function formatRouterDate(d: Date, version: string): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
  const [maj, min] = majorMinor(version)
  if (maj > 7 || (maj === 7 && min >= 10)) {
    return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${time}`
  }
  return `${MONTHS[d.getUTCMonth()]}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${time}`
}

export function renderHeader(opts: ExportOptions): string[] {
  const lines = [
    `# ${formatRouterDate(opts.date, opts.version)} by RouterOS ${opts.version}`,
    `# software id = ${opts.softwareId ?? ''}`,
  ]
  if (opts.model !== undefined) {
    lines.push('#', `# model = ${opts.model}`, `# serial number = ${opts.serial ?? ''}`)
  } else {
    lines.push(...(isV7(opts.version) ? ['#'] : ['#', '#', '#']))
  }
  return lines
}

export function renderExport(tree: ConfigTree, opts: ExportOptions): string {
  const lines = renderHeader(opts)
  const hide = isV7(opts.version) ? !opts.showSensitive : opts.hideSensitive === true
  const errors = new Set(opts.exportErrors ?? [])
  const inScope = (p: string): boolean =>
    opts.menu === undefined || opts.menu === '/' || p === opts.menu || p.startsWith(opts.menu + '/')
  for (const path of tree.menus()) {
    if (!inScope(path)) continue
    const body = renderMenu(tree, path, {
      verbose: opts.verbose === true,
      hide,
      terse: opts.terse === true,
    })
    if (body.length === 0) continue
    if (!opts.terse) lines.push(toSpacePath(path))
    lines.push(...body)
  }
  for (const e of errors) if (inScope(e)) lines.push(`#error exporting ${e}`)
  const eol = opts.eol ?? '\r\n'
  return lines.join(eol) + eol
}

interface MenuRender {
  verbose: boolean
  hide: boolean
  terse: boolean
}

function renderMenu(tree: ConfigTree, path: string, r: MenuRender): string[] {
  const prefix = r.terse ? toSpacePath(path) + ' ' : ''
  if (tree.isSingleton(path)) {
    const e = tree.singletonEntry(path)
    const props = e ? visibleProps(e, r) : []
    return props.length === 0 ? [] : renderLine(prefix + 'set', props, r.terse)
  }
  const out: string[] = []
  const live = tree.list(path)
  for (const e of tree.entries(path)) {
    if (e.props.dynamic === 'true') continue
    if (e.removed) {
      if (e.sel) out.push(prefix + 'remove ' + selectorText(e, live))
      continue
    }
    const props = visibleProps(e, r)
    if (e.sel) {
      if (props.length > 0 || r.verbose)
        out.push(...renderLine(`${prefix}set ${selectorText(e, live)}`, props, r.terse))
    } else {
      out.push(...renderLine(prefix + 'add', props, r.terse))
    }
  }
  return out
}

function selectorText(e: ConfigEntry, live: ConfigEntry[]): string {
  const sel = e.sel
  if (!sel) return e.id
  switch (sel.kind) {
    case 'default-name':
      return `[ find default-name=${formatValue(sel.value)} ]`
    case 'default':
      return '[ find default=yes ]'
    case 'index': {
      const at = live.indexOf(e)
      return String(at < 0 ? sel.n : at)
    }
    case 'name':
      return formatValue(e.props[sel.key] ?? '')
  }
}

function visibleProps(e: ConfigEntry, r: MenuRender): [string, string][] {
  const shown = (k: string): boolean =>
    e.props[k] !== e.defaults[k] || e.pinned?.includes(k) === true
  const keys = r.verbose ? Object.keys(e.props) : e.explicit.filter(shown)
  return keys
    .filter(
      (k) => !READ_ONLY_KEYS.has(k) && !k.startsWith('.') && !(r.hide && SENSITIVE_KEYS.has(k)),
    )
    .filter((k) => e.props[k] !== undefined)
    .sort()
    .map((k) => [k, toExportValue(k, e.props[k] as string)])
}

function renderLine(head: string, props: [string, string][], terse: boolean): string[] {
  const w = new LineWrapper(head, !terse)
  for (const [k, v] of props) w.add(k, v)
  return w.finish()
}
