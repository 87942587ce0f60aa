// Child process of the crash test: opens the test's database like the appliance would (the data
// directory's SQLite file, or the test's PostgreSQL database when its URL is the second argument),
// recovers, starts due jobs (jobTick) and runs them until the parent kills it with SIGKILL.
import { loadConfig } from '../../../../src/config.ts'
import { createDeps } from '../../../../src/deps.ts'
import { jobTick, recoverJobs } from '../../../../src/jobs/index.ts'
import { createSilentLogger } from '../../../../src/log.ts'
import { TEST_SECRETS } from '../../../support/db.ts'

const dir = process.argv[2] ?? ''
const databaseUrl = process.argv[3]
const config = loadConfig({
  OUTPOST_DATA_DIR: dir,
  OUTPOST_LOG_LEVEL: 'silent',
  OUTPOST_ARGON2_PROFILE: 'light',
  ...(databaseUrl ? { OUTPOST_DATABASE_URL: databaseUrl } : {}),
})
const deps = createDeps(config, { log: createSilentLogger(), secrets: TEST_SECRETS })
await recoverJobs(deps)
await jobTick(deps)
process.stdout.write('started\n')
setInterval(() => {}, 1 << 30)
