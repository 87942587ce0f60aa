// `outpost-cli edge:register` as a real bundled process against a running central appliance
// (issue 20): a good token links the edge (credential sealed in its database), a revoked
// registration's token and a used one are refused with a message and audited centrally.
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TenantScope } from '../../../src/db/tenant-scope.ts'
import { createEdgeRegistration, revokeEdge } from '../../../src/edge/index.ts'
import type { RunningOutpost } from '../../../src/startup.ts'
import { freePort } from '../../support/free-port.ts'
import { makeTenant, removeDirs, startCentral, startEdge, tmp } from './edge-support.ts'
import { auditRows } from '../../support/audit.ts'

const root = resolve(import.meta.dirname, '../../..')
const outdir = join(root, 'node_modules', '.cache', `outpost-edge-cli-test-${process.pid}`)
const admin = { kind: 'user' as const, id: 'u-admin', name: 'admin', ip: null }

let central: RunningOutpost
let centralScope: TenantScope
let edgeDir: string

beforeAll(async () => {
  await build({
    entryPoints: { cli: join(root, 'src/cli.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    logLevel: 'error',
  })
  central = await startCentral(tmp(), await freePort())
  centralScope = await makeTenant(central, 'customer')
  edgeDir = tmp()
  const edge = await startEdge(edgeDir)
  await makeTenant(edge, 'site')
  await edge.stop()
}, 120_000)

afterAll(async () => {
  await central?.stop()
  removeDirs()
  const { rmSync } = await import('node:fs')
  rmSync(outdir, { recursive: true, force: true })
})

// asynchronous: the central answers from this very process, so the CLI must not block it
function cli(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [join(outdir, 'cli.mjs'), ...args], {
      env: { PATH: process.env.PATH, OUTPOST_DATA_DIR: edgeDir },
    })
    let stdout = ''
    p.stdout.on('data', (c: Buffer) => (stdout += String(c)))
    p.on('close', (code) => done({ code, stdout }))
  })
}

const reg = (name: string) =>
  createEdgeRegistration(central.deps, admin, centralScope, name, {
    url: central.https!.url,
    fingerprint: central.https!.tls().fingerprint,
  })

describe('outpost-cli edge:register', () => {
  it('refuses the token of a revoked registration and audits it', async () => {
    const r = await reg('revoked one')
    await revokeEdge(central.deps, admin, centralScope, r.edge.id)
    const out = await cli([
      'edge:register',
      central.https!.url,
      r.token,
      '--fingerprint',
      r.fingerprint!,
    ])
    expect(out.code).toBe(1)
    expect(out.stdout).toMatch(/registration refused: .*revoked/)
    const audit = await auditRows(central.deps, (q) =>
      q.where('action', '=', 'edge.register').orderBy('seq'),
    )
    expect(audit.some((a) => a.outcome === 'failure' && a.details_json.includes('revoked'))).toBe(
      true,
    )
  }, 60_000)

  it('links the appliance with the command shown centrally, and refuses the token again', async () => {
    const r = await reg('site edge')
    const args = r.command.split(' ').slice(2) // "node dist/cli.mjs edge:register <url> <token> --fingerprint …"
    const out = await cli(args)
    expect(out.stdout).toMatch(/registered with https:\/\/127\.0\.0\.1:\d+ as edge /)
    expect(out.code).toBe(0)
    const again = await cli(args)
    expect(again.code).toBe(1)
    expect(again.stdout).toMatch(/already linked/)
    const edge = await centralScope
      .selectFrom('edges')
      .selectAll()
      .where('id', '=', r.edge.id)
      .executeTakeFirstOrThrow()
    expect(edge.registered_at).not.toBeNull()
    expect(edge.secret_hash).toMatch(/^[0-9a-f]{64}$/)
  }, 60_000)

  it('prints the usage for missing arguments', async () => {
    const out = await cli(['edge:register', 'https://x'])
    expect(out.code).toBe(2)
    expect(out.stdout).toMatch(/usage: outpost-cli edge:register/)
  }, 30_000)
})
