// ARCHITECTURE.md's dependency direction and house rules, checked in CI instead of in review:
// each rule reads the import lines of every source file. A new exception needs an entry in
// REVIEWED with its reason, so it shows up in review as a change to this file.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')

interface Import {
  /** repository-relative path of the imported file, or the package name */
  target: string
  typeOnly: boolean
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)))
}

const files = [...sourceFiles('src'), ...sourceFiles('views')]
const text = new Map(files.map((f) => [f, readFileSync(join(root, f), 'utf8')]))

function importsOf(file: string): Import[] {
  const out: Import[] = []
  const re = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm
  for (const m of (text.get(file) ?? '').matchAll(re)) {
    const spec = m[3] ?? ''
    const target = spec.startsWith('.') ? normalize(join(dirname(file), spec)) : spec
    out.push({ target, typeOnly: m[2] !== undefined })
  }
  return out
}

function offenders(
  select: (f: string) => boolean,
  bad: (imp: Import, file: string) => boolean,
): string[] {
  return files.filter(select).flatMap((f) =>
    importsOf(f)
      .filter((i) => bad(i, f))
      .map((i) => `${f} → ${i.target}`),
  )
}

const relativeTo = (i: Import) => !i.target.includes(':') && /^(src|views)\//.test(i.target)

describe('dependency direction', () => {
  it('keeps src/routeros a library: it imports nothing else from the app', () => {
    const bad = offenders(
      (f) => f.startsWith('src/routeros/'),
      (i) =>
        relativeTo(i) && !i.target.startsWith('src/routeros/') && !i.target.startsWith('src/lib/'),
    )
    expect(bad).toEqual([])
  })

  it('keeps the simulator apart: src/sim uses only itself and the RouterOS codec', () => {
    const bad = offenders(
      (f) => f.startsWith('src/sim/'),
      (i) => relativeTo(i) && !/^src\/(sim|routeros|lib)\//.test(i.target),
    )
    expect(bad).toEqual([])
  })

  it('never imports the simulator into the appliance (only the demo entry may)', () => {
    const bad = offenders(
      (f) => !f.startsWith('src/sim/') && !/^src\/demo(\.ts|\/)/.test(f),
      (i) => i.target.startsWith('src/sim/'),
    )
    expect(bad).toEqual([])
  })

  it('lets views import only types from src', () => {
    const bad = offenders(
      (f) => f.startsWith('views/'),
      (i) => i.target.startsWith('src/') && !i.typeOnly,
    )
    expect(bad).toEqual([])
  })

  it('keeps SQL out of routes: *.routes files never import repos or the database', () => {
    const bad = offenders(
      (f) => /\.routes\.tsx?$/.test(f),
      (i) =>
        /\.repo\.ts$/.test(i.target) ||
        /^src\/db\/(connect|unscoped|global-db)\.ts$/.test(i.target),
    )
    expect(bad).toEqual([])
  })

  it('keeps device access below the domains that reach routers, entered only through its index.ts', () => {
    const upward = offenders(
      (f) => f.startsWith('src/device-access/'),
      (i) => /^src\/(devices|poller|dashboard|api|metrics)\//.test(i.target),
    )
    const inside = offenders(
      (f) => !f.startsWith('src/device-access/'),
      (i) => i.target.startsWith('src/device-access/') && i.target !== 'src/device-access/index.ts',
    )
    expect([...upward, ...inside]).toEqual([])
  })

  it('keeps HTTP out of services and repos: no hono, src/http or views', () => {
    // services throw NotFoundError & co. from src/lib/errors.ts; src/http/on-error.tsx maps them
    const bad = offenders(
      (f) => /\.(service|repo)\.ts$/.test(f),
      (i) =>
        !i.typeOnly &&
        (i.target === 'hono' ||
          i.target.startsWith('hono/') ||
          /^(src\/http|views)\//.test(i.target)),
    )
    expect(bad).toEqual([])
  })
})

describe('house rules', () => {
  const code = (f: string) =>
    (text.get(f) ?? '')
      .split('\n')
      .filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l))
      .join('\n')

  it('reads the environment only in src/config.ts', () => {
    const bad = files.filter(
      (f) => f !== 'src/config.ts' && /process\.env\b/.test(text.get(f) ?? ''),
    )
    expect(bad).toEqual([])
  })

  it('logs through pino, never console.*', () => {
    const bad = files.filter((f) => /\bconsole\.(log|error|warn|info|debug)\(/.test(code(f)))
    expect(bad).toEqual([])
  })
})
