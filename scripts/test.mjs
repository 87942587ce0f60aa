// `npm test`: type-check, lint (`npm run lint`: ESLint, dependency-cruiser, knip, Prettier), run every vitest
// suite (unit, integration, e2e), then test/integration again on PostgreSQL (scripts/test-pg.mjs),
// then print one summary line `N passed, N failed` that CI reads (both passes counted).
// A failed type check or lint counts as one failed test each. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runPostgresPass } from './test-pg.mjs'

// a missing apt package stops the run up front, naming the package (scripts/preflight.mjs)
const preflight = spawnSync(process.execPath, ['scripts/preflight.mjs'], { stdio: 'inherit' })
if (preflight.status !== 0) {
  process.stdout.write('0 passed, 1 failed\n')
  process.exit(1)
}

const tsc = spawnSync('tsc', ['--noEmit', '-p', 'tsconfig.json'], { stdio: 'inherit' })
// the tools print their findings themselves (inherited stdio)
const lint = spawnSync('npm', ['run', '--silent', 'lint'], { stdio: 'inherit' })
const dir = mkdtempSync(join(tmpdir(), 'outpost-test-'))
const out = join(dir, 'results.json')
const args = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]
const vt = spawnSync('vitest', [...args, ...process.argv.slice(2)], { stdio: 'inherit' })

let passed = 0
let failed = 0
try {
  const r = JSON.parse(readFileSync(out, 'utf8'))
  passed = r.numPassedTests
  failed = r.numFailedTests + (r.numTotalTestSuites > 0 ? 0 : 1)
  // a suite that fails to load reports no tests: count it as a failure
  for (const s of r.testResults ?? [])
    if (s.status === 'failed' && s.assertionResults.length === 0) failed++
} catch {
  failed++
}
if (tsc.status !== 0) {
  process.stdout.write('type check failed\n')
  failed++
}
if (lint.status !== 0) {
  process.stdout.write('lint failed (npm run lint)\n')
  failed++
}
// issue 20: test/integration once more on PostgreSQL (skipped when vitest got a file filter)
if (process.argv.length <= 2) {
  const pg = await runPostgresPass(dir)
  passed += pg.passed
  failed += pg.failed
}
rmSync(dir, { recursive: true, force: true })
process.stdout.write(`${passed} passed, ${failed} failed\n`)
process.exit(failed === 0 && vt.status === 0 ? 0 : 1)
