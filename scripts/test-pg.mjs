// `npm test`'s second pass (issue 20): integration tests again, against a throwaway PostgreSQL
// (Debian's `postgresql` package, started here with test/support/postgres.ts, stopped at the end).
// createTestDeps then hands out PostgreSQL databases (OUTPOST_TEST_DATABASE_URL). Tests that by
// nature test SQLite are in PG_EXCLUDED with their reason; while the port is in progress the pass
// runs PG_SUBSET (files green on PostgreSQL), which grows to the whole of test/integration.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
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
  'test/integration/db/pg-runtime.test.ts': 'starts its own PostgreSQL (runs in the first pass)',
  'test/integration/db/pg-faults.test.ts': 'starts its own PostgreSQL (runs in the first pass)',
  'test/integration/db/pg-rls.test.ts': 'starts its own PostgreSQL (runs in the first pass)',
  'test/integration/db/pg-schema.test.ts': 'starts its own PostgreSQL (runs in the first pass)',
}

/**
 * Issue 20 is in progress: the PostgreSQL pass runs this subset of test/integration, every file
 * green on PostgreSQL; it grows until it is all of test/integration minus PG_EXCLUDED. Known red
 * on PostgreSQL (to port next): tenant-isolation (compliance and firmware routes time out, device
 * check), api/openapi (same routes), changes/lockouts, devices/devices.service (a bulk edit racing
 * a delete answers a foreign-key error instead of 404; a raw read of the SQLite file).
 */
export const PG_SUBSET = [
  'test/integration/auth/errors.test.ts',
  'test/integration/auth/initial-admin.test.ts',
  'test/integration/auth/login.test.ts',
  'test/integration/auth/security.test.ts',
  'test/integration/auth/sessions.test.ts',
  'test/integration/api/devices-api.test.ts',
  'test/integration/appliance/recovery-console.test.ts',
  'test/integration/backups/backups-pages.test.ts',
  'test/integration/backups/capture.test.ts',
  'test/integration/backups/schedule.test.ts',
  'test/integration/changes/faults.test.ts',
  'test/integration/credential-profiles/credential-profiles.test.ts',
  'test/integration/devices/device-bulk-credentials.test.ts',
  'test/integration/devices/devices-csv-api.test.ts',
  'test/integration/devices/devices.routes.test.ts',
  'test/integration/devices/input-rules.test.ts',
  'test/integration/discovery/discovery-scan.test.ts',
]

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
  process.stdout.write(
    `\nPostgreSQL pass: ${PG_SUBSET.length} integration files on ${server.url.replace(/\/\/[^@]*@/, '//')}\n`,
  )
  const vt = spawnSync(
    'vitest',
    [
      'run',
      ...PG_SUBSET,
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
