// `npm test`'s second pass (issue 20): test/integration again, against a throwaway PostgreSQL
// (Debian's `postgresql` package, started here with test/support/postgres.ts, stopped at the end).
// createTestDeps then hands out PostgreSQL databases (OUTPOST_TEST_DATABASE_URL). Tests that by
// nature test SQLite are excluded below, each with its reason; keep the list short.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Integration test files that test SQLite itself, not the app: path → why. */
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
}

/**
 * Starts PostgreSQL, runs vitest on test/integration minus PG_EXCLUDED with the JSON reporter to
 * `out`, stops the server. Returns { passed, failed, ms } (a server that cannot start is 1 failed).
 */
export async function runPostgresPass(dir, extraArgs = []) {
  const started = Date.now()
  let server
  try {
    const { startPostgres } = await import('../test/support/postgres.ts')
    server = await startPostgres()
  } catch (err) {
    process.stdout.write(`PostgreSQL pass: the server did not start: ${err?.message ?? err}\n`)
    return { passed: 0, failed: 1, ms: Date.now() - started }
  }
  const out = join(dir, 'results-pg.json')
  const excludes = Object.keys(PG_EXCLUDED).flatMap((f) => ['--exclude', f])
  process.stdout.write(
    `\nPostgreSQL pass: test/integration on ${server.url.replace(/\/\/[^@]*@/, '//')}\n`,
  )
  const vt = spawnSync(
    'vitest',
    [
      'run',
      'test/integration',
      ...excludes,
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
