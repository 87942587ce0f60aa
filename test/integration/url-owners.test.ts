// "A URL prefix has one owner folder" (issue 9), checked on the real routers: every route a
// domain router serves lies under one of its own prefixes (src/app.ts domainRouters), and no
// longer prefix of another folder claims it. A route added under another folder's prefix, or a
// prefix given to two folders, fails here.
import { inspectRoutes } from 'hono/dev'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { domainRouters, type DomainRouter } from '../../src/app.ts'
import { createTestDeps, type TestDeps } from '../support/db.ts'

let deps: TestDeps
let routers: DomainRouter[]
beforeAll(async () => {
  deps = await createTestDeps()
  routers = domainRouters(deps)
})
afterAll(async () => {
  await deps.close()
})

/** Whether `path` lies under `prefix`, segment by segment (`:param` matches one segment). */
function under(path: string, prefix: string): boolean {
  if (prefix === '/') return path === '/'
  const p = path.split('/').filter(Boolean)
  const q = prefix.split('/').filter(Boolean)
  return (
    q.length <= p.length &&
    q.every((seg, i) => seg === p[i] || (seg.startsWith(':') && p[i]?.startsWith(':')))
  )
}

/** The owner of a URL: the folder of the longest prefix it lies under. */
function ownerOf(path: string): { owner: string; prefix: string } | undefined {
  const claims = routers.flatMap((r) =>
    r.prefixes.filter((p) => under(path, p)).map((prefix) => ({ owner: r.owner, prefix })),
  )
  return claims.sort((a, b) => b.prefix.length - a.prefix.length)[0]
}

const full = (mount: string, path: string) =>
  mount === '/' ? path : path === '/' ? mount : `${mount}${path}`

describe('URL prefixes', () => {
  it('gives every prefix exactly one owner folder', () => {
    const owners = new Map<string, Set<string>>()
    for (const r of routers)
      for (const p of r.prefixes) owners.set(p, (owners.get(p) ?? new Set()).add(r.owner))
    const shared = [...owners]
      .filter(([, o]) => o.size > 1)
      .map(([p, o]) => `${p}: ${[...o].join(', ')}`)
    expect(shared).toEqual([])
  })

  it("keeps every route of a domain router under its own folder's prefixes", () => {
    const strays: string[] = []
    for (const r of routers) {
      const paths = new Set(
        inspectRoutes(r.router)
          .filter((x) => !x.isMiddleware)
          .map((x) => full(r.mount, x.path)),
      )
      for (const path of paths) {
        const owner = ownerOf(path)
        if (owner?.owner !== r.owner)
          strays.push(
            `${path} is served by ${r.owner} but owned by ${owner?.owner ?? 'nobody'} (${owner?.prefix ?? '-'})`,
          )
      }
    }
    expect(strays).toEqual([])
  })

  it('finds a stray route (the check is not blind)', () => {
    expect(ownerOf('/devices/:deviceId/backups/:backupId')?.owner).toBe('backups')
    expect(ownerOf('/devices/:deviceId/edit')?.owner).toBe('devices')
    expect(ownerOf('/devices/tags/:labelId')?.owner).toBe('labels')
    expect(ownerOf('/devices/:deviceId/interfaces')?.owner).toBe('dashboard')
    expect(ownerOf('/live')?.owner).toBe('dashboard')
  })
})
