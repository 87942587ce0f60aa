/**
 * A tenant's config history as a real git repository: one commit per stored version (oldest
 * first), author and date from the capture, one `<device>.rsc` file per device at the top of the
 * tree. The objects are written by hand (sha1 + zlib, loose objects, a bare repository) and packed
 * in a .tar.gz: `git clone history.git` (or `git --git-dir=history.git log -p`) reads it.
 * Secrets are masked unless an admin asked for them (the route audits either way).
 */
import { createHash } from 'node:crypto'
import { deflateSync, gzipSync } from 'node:zlib'
import type { DeviceId } from '../db/schema-devices.ts'
import { openingKeyFor } from '../device-access/index.ts'
import type { BackupCtx } from './backups.service.ts'
import { openVersion } from './backups.service.ts'
import { maskSecrets } from './mask.ts'
import { describeChange, type SectionChange } from './summary.ts'
import { tarArchive, type TarEntry } from './tar.ts'

export const GIT_DIR = 'config-history.git'

interface GitObject {
  sha: string
  zipped: Buffer
}

function gitObject(type: 'blob' | 'tree' | 'commit', body: Buffer): GitObject {
  const raw = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body])
  return { sha: createHash('sha1').update(raw).digest('hex'), zipped: deflateSync(raw) }
}

/** A flat tree; git orders entries bytewise by name. */
function treeObject(files: ReadonlyMap<string, string>): GitObject {
  const names = [...files.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  return gitObject(
    'tree',
    Buffer.concat(
      names.map((n) =>
        Buffer.concat([Buffer.from(`100644 ${n}\0`), Buffer.from(files.get(n)!, 'hex')]),
      ),
    ),
  )
}

/** Git's `Name <email>` may not carry angle brackets or newlines. */
const ident = (name: string, email: string, atMs: number) =>
  `${name.replace(/[<>\n]/g, '') || 'device'} <${email.replace(/[<>\s]/g, '')}> ${Math.floor(atMs / 1000)} +0000`

/** One readable, unique file name per device (`core-1.rsc`; a clash gets the id appended). */
function fileNames(devices: readonly { id: string; name: string }[]): Map<string, string> {
  const out = new Map<string, string>()
  const used = new Set<string>()
  for (const d of devices) {
    const base =
      d.name
        .replace(/[^\w.-]+/g, '_')
        .replace(/^\.+/, '_')
        .slice(0, 60) || 'device'
    const name = used.has(`${base}.rsc`) ? `${base}-${d.id}.rsc` : `${base}.rsc`
    used.add(name)
    out.set(d.id, name)
  }
  return out
}

export interface HistoryArchive {
  archive: Buffer
  commits: number
  devices: number
}

/** Builds the archive of every stored version of the tenant's devices. */
export async function exportGitHistory(
  ctx: BackupCtx,
  opts: { revealSecrets: boolean },
): Promise<HistoryArchive> {
  const { scope } = ctx
  const devices = await scope
    .selectFrom('devices')
    .select(['id', 'name'])
    .orderBy('name')
    .orderBy('id')
    .execute()
  const names = fileNames(devices)
  const deviceName = new Map(devices.map((d) => [d.id as string, d.name]))
  const versions = await scope
    .selectFrom('device_backups')
    .select(['id', 'device_id', 'captured_at', 'lines_added', 'lines_removed', 'sections_json'])
    .orderBy('captured_at')
    .orderBy('id')
    .execute()
  const key = await openingKeyFor(ctx.deps, scope, 'backup-export', {
    type: 'backup',
    id: 'history',
    label: 'configuration history export',
  })
  const objects = new Map<string, Buffer>()
  const put = (o: GitObject) => (objects.set(o.sha, o.zipped), o.sha)
  const tree = new Map<string, string>()
  let parent: string | undefined
  const seen = new Set<string>()
  for (const v of versions) {
    const raw = await openVersion(ctx, key, v.device_id as DeviceId, v.id)
    const text = opts.revealSecrets ? raw : maskSecrets(raw)
    const file = names.get(v.device_id)!
    tree.set(file, put(gitObject('blob', Buffer.from(text, 'utf8'))))
    const first = !seen.has(v.device_id)
    seen.add(v.device_id)
    const summary = first
      ? 'first backup'
      : describeChange({
          added: v.lines_added,
          removed: v.lines_removed,
          sections: JSON.parse(v.sections_json) as SectionChange[],
        })
    const name = deviceName.get(v.device_id) ?? v.device_id
    const body = [
      `tree ${put(treeObject(tree))}`,
      ...(parent ? [`parent ${parent}`] : []),
      `author ${ident(name, `${v.device_id}@devices.outpost.invalid`, v.captured_at)}`,
      `committer ${ident('Outpost', 'backups@outpost.invalid', v.captured_at)}`,
      '',
      `${name}: ${summary}`,
      '',
      `Backup ${v.id} of device ${v.device_id}.`,
      '',
    ].join('\n')
    parent = put(gitObject('commit', Buffer.from(body, 'utf8')))
  }
  const now = ctx.deps.clock.now()
  const text = (path: string, s: string): TarEntry => ({
    path: `${GIT_DIR}/${path}`,
    data: Buffer.from(s),
    mtimeMs: now,
  })
  const dir = (path: string): TarEntry => ({ path: `${GIT_DIR}/${path}`, mtimeMs: now })
  const entries: TarEntry[] = [
    { path: GIT_DIR, mtimeMs: now },
    text('HEAD', 'ref: refs/heads/main\n'),
    text('config', '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n'),
    text('description', 'Configuration history exported by Outpost\n'),
    dir('refs'),
    dir('refs/heads'),
    dir('refs/tags'),
    ...(parent ? [text('refs/heads/main', `${parent}\n`)] : []),
    dir('objects'),
  ]
  const byDir = new Map<string, [string, Buffer][]>()
  for (const [sha, zipped] of objects) {
    const list = byDir.get(sha.slice(0, 2)) ?? []
    list.push([sha.slice(2), zipped])
    byDir.set(sha.slice(0, 2), list)
  }
  for (const [d, list] of [...byDir].sort()) {
    entries.push(dir(`objects/${d}`))
    for (const [rest, zipped] of list)
      entries.push({ path: `${GIT_DIR}/objects/${d}/${rest}`, data: zipped, mtimeMs: now })
  }
  return {
    archive: gzipSync(tarArchive(entries)),
    commits: versions.length,
    devices: new Set(versions.map((v) => v.device_id)).size,
  }
}
