// Issue 15: `npm test` on a machine without an apt package it needs (e.g. mactelnet-client, which
// provides mndp) used to fail deep inside a test with "expected undefined to be defined". The
// preflight stops the run first and names the package. Real scripts, a PATH without mndp.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
// @ts-expect-error -- a plain .mjs script of the repository, without type declarations
import { requiredPackages } from '../../../scripts/preflight.mjs'

const bin = mkdtempSync(join(tmpdir(), 'preflight-path-'))
// every program the checks look for on PATH, except mndp
for (const cmd of ['ssh', 'patch', 'openssl', 'git', 'wireguard-go', 'dpkg']) {
  const where = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim()
  if (where) symlinkSync(where, join(bin, cmd))
}
afterAll(() => rmSync(bin, { recursive: true, force: true }))

const run = (script: string) =>
  spawnSync(process.execPath, [script], {
    cwd: join(import.meta.dirname, '../../..'),
    env: { ...process.env, PATH: bin },
    encoding: 'utf8',
    timeout: 20_000,
  })

describe('npm test preflight', () => {
  it('checks the apt packages CI installs (.ci/run)', () => {
    expect(requiredPackages()).toEqual(expect.arrayContaining(['mactelnet-client', 'chromium']))
  })

  it('names the missing package (mndp → mactelnet-client) and how to install it', () => {
    const r = run('scripts/preflight.mjs')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('mactelnet-client (provides mndp)')
    expect(r.stderr).toMatch(/apt-get install -y .*mactelnet-client/)
  })

  it('stops npm test before any suite runs, with the summary line CI reads', () => {
    const r = run('scripts/test.mjs')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('mactelnet-client')
    expect(r.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed')
  })

  it('passes on this machine, where .ci/run installed everything', () => {
    const r = spawnSync(process.execPath, ['scripts/preflight.mjs'], {
      cwd: join(import.meta.dirname, '../../..'),
      encoding: 'utf8',
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })
})
