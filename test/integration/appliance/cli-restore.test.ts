// `dist/cli.mjs restore FILE` as a real bundled process: the passphrase comes on stdin, a wrong
// one changes nothing, the right one restores into a fresh data directory that then starts and
// whose audit chain verifies.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSnapshot, snapshotSource } from '../../../src/appliance-backup/index.ts'
import { startOutpost } from '../../../src/startup.ts'

const root = resolve(import.meta.dirname, '../../..')
const outdir = join(root, 'node_modules', '.cache', `outpost-cli-restore-test-${process.pid}`)
const work = mkdtempSync(join(tmpdir(), 'outpost-cli-restore-'))
const silent = new Writable({ write: (_c, _e, done) => done() })
const PASS = 'a long enough passphrase'

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
})
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

function cli(dataDir: string, args: string[], input: string) {
  const r = spawnSync(process.execPath, [join(outdir, 'cli.mjs'), ...args], {
    env: { PATH: process.env.PATH, OUTPOST_DATA_DIR: dataDir },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout }
}

describe('cli restore', () => {
  it('restores an archive into a fresh data directory and refuses a wrong passphrase', async () => {
    const env = { OUTPOST_PORT: '0', OUTPOST_HOST: '127.0.0.1', OUTPOST_ARGON2_PROFILE: 'light' }
    const a = await startOutpost(
      { ...env, OUTPOST_DATA_DIR: join(work, 'a') },
      { logDestination: silent },
    )
    const users = await a.deps.db.selectFrom('users').select(['id', 'username']).execute()
    const file = join(work, 'box.opbk')
    writeFileSync(file, (await createSnapshot(snapshotSource(a.deps), PASS)).bytes)
    await a.stop()

    const fresh = join(work, 'b')
    const wrong = cli(fresh, ['restore', file], 'not it\n')
    expect(wrong.stdout).toBe('restore refused: wrong passphrase; nothing was changed\n')
    expect(wrong.code).toBe(1)
    expect(existsSync(join(fresh, 'outpost.db'))).toBe(false)

    const missing = cli(fresh, ['restore', join(work, 'nope.opbk')], `${PASS}\n`)
    expect(missing).toEqual({
      code: 2,
      stdout: `cannot read ${join(work, 'nope.opbk')} (ENOENT)\n`,
    })

    const ok = cli(fresh, ['restore', file], `${PASS}\n`)
    expect(ok.stdout).toMatch(/^restored the backup of \S+ \(Outpost [\d.]+\) into /)
    expect(ok.code).toBe(0)
    expect(readdirSync(fresh)).toEqual(
      expect.arrayContaining(['outpost.db', 'samples.db', '.secrets.json']),
    )
    expect(cli(fresh, ['audit:verify'], '').stdout).toMatch(
      /^audit chain ok: ([1-9]\d*) entries verified \(\1 sealed details opened with the master key\)\n$/,
    )

    const b = await startOutpost({ ...env, OUTPOST_DATA_DIR: fresh }, { logDestination: silent })
    expect(await b.deps.db.selectFrom('users').select(['id', 'username']).execute()).toEqual(users)
    await b.stop()
  })
})
