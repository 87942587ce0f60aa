// `npm test`'s second pass (issue 20): integration tests again, against a throwaway PostgreSQL
// (Debian's `postgresql` package, started here with test/support/postgres.ts, stopped at the end).
// createTestDeps then hands out PostgreSQL databases (OUTPOST_TEST_DATABASE_URL). The pass runs
// every file of test/integration except PG_EXCLUDED: the files that by nature test SQLite (its
// file, pragmas, triggers, SQLITE_FULL), each with its reason, and the PostgreSQL files that
// start their own server. Tests that look beneath the app use test/support/raw-sql.ts, which
// works on both dialects.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Integration test files that test SQLite itself, not the app: path → why. They never run on
 * PostgreSQL.
 */
export const PG_EXCLUDED = {
  'test/integration/backups/capture-faults.test.ts':
    'fills the SQLite file to its page limit (SQLITE_FULL handling)',
  'test/integration/backups/store-capture.test.ts':
    'checks the WAL checkpoint and the FTS5 shadow tables of device_config_search',
  'test/integration/devices/query-budget.test.ts':
    'counts statements through a second SqliteDialect on the raw connection',
  'test/integration/platform/audit-chain.test.ts':
    'drops and restores the SQLite append-only triggers to tamper with rows',
  'test/integration/platform/crash-safety.test.ts':
    'SIGKILLs a writer and runs SQLite integrity_check on the file',
  'test/integration/appliance/backup-ui.test.ts':
    'appliance snapshots copy the SQLite files (PostgreSQL answers "use pg_dump")',
  'test/integration/platform/disk-full.test.ts':
    'fills the tmpfs holding the SQLite file (SQLITE_FULL); the PostgreSQL server keeps its own disk',
  'test/integration/poller/disk-full.test.ts':
    'fills the tmpfs holding the SQLite file (SQLITE_FULL); the PostgreSQL server keeps its own disk',
  'test/integration/db/pg-runtime.test.ts': 'starts its own PostgreSQL (runs in the first pass)',
  'test/integration/db/pg-faults.test.ts': 'starts its own PostgreSQL (runs in the first pass)',
  'test/integration/db/pg-rls.test.ts': 'starts its own PostgreSQL (runs in the first pass)',
  'test/integration/db/pg-schema.test.ts': 'starts its own PostgreSQL (runs in the first pass)',
}

/** Every integration test file (sorted, so the run is the same everywhere) minus PG_EXCLUDED. */
export function postgresFiles(root = 'test/integration') {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .flatMap((e) => {
        const path = `${dir}/${e.name}`
        if (e.isDirectory()) return walk(path)
        return e.name.endsWith('.test.ts') ? [path] : []
      })
  const all = walk(root)
  // a stale entry would silently stop excluding a renamed file: name it instead
  const stale = Object.keys(PG_EXCLUDED).filter((f) => !all.includes(f))
  if (stale.length > 0) throw new Error(`PG_EXCLUDED names missing files: ${stale.join(', ')}`)
  return all.filter((f) => !(f in PG_EXCLUDED))
}

/**
 * Starts PostgreSQL, runs vitest on postgresFiles() with the JSON reporter to
 * `out`, stops the server. Returns { passed, failed, ms } (a server that cannot start is 1 failed).
 */
export async function runPostgresPass(dir, extraArgs = []) {
  const started = Date.now()
  let files
  try {
    files = postgresFiles()
  } catch (err) {
    process.stdout.write(`PostgreSQL pass: ${err?.message ?? err}\n`)
    return { passed: 0, failed: 1, ms: Date.now() - started }
  }
  let server
  try {
    const { startPostgres } = await import('../test/support/postgres.ts')
    server = await startPostgres()
  } catch (err) {
    process.stdout.write(`PostgreSQL pass: the server did not start: ${err?.message ?? err}\n`)
    return { passed: 0, failed: 1, ms: Date.now() - started }
  }
  const out = join(dir, 'results-pg.json')
  process.stdout.write(
    `\nPostgreSQL pass: ${files.length} integration files on ${server.url.replace(/\/\/[^@]*@/, '//')}\n`,
  )
  const vt = spawnSync(
    'vitest',
    [
      'run',
      ...files,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
      ...extraArgs,
    ],
    { stdio: 'inherit', env: { ...process.env, OUTPOST_TEST_DATABASE_URL: server.url } },
  )
  server.stop()
  let passed = 0
  let failed = 0
  try {
    const r = JSON.parse(readFileSync(out, 'utf8'))
    passed = r.numPassedTests
    failed = r.numFailedTests + (r.numTotalTestSuites > 0 ? 0 : 1)
    for (const s of r.testResults ?? [])
      if (s.status === 'failed' && s.assertionResults.length === 0) failed++
  } catch {
    failed++
  }
  if (vt.status !== 0 && failed === 0) failed++
  const ms = Date.now() - started
  process.stdout.write(
    `PostgreSQL pass: ${passed} passed, ${failed} failed in ${Math.round(ms / 1000)} s\n`,
  )
  return { passed, failed, ms }
}
