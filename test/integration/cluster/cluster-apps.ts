// Outpost appliances of one cluster on a throwaway PostgreSQL (issue 20), for the tests that start
// several real ones: the database and its app role, one data directory each, their log lines.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'

export interface ClusterApps {
  readonly pg: TestPostgres
  /** every log line of every appliance started with `dest` */
  readonly logLines: string[]
  readonly dest: Writable
  /** the environment of one more appliance (its own data directory) */
  env(): Record<string, string>
  /** removes the data directories and stops PostgreSQL (after the appliances stopped) */
  close(): void
}

export async function clusterApps(): Promise<ClusterApps> {
  const pg = await startPostgres()
  pg.psql('CREATE ROLE outpost_app LOGIN')
  pg.psql('CREATE DATABASE outpost')
  const dirs: string[] = []
  const logLines: string[] = []
  const dest = new Writable({
    write: (chunk, _enc, done) => {
      logLines.push(String(chunk))
      done()
    },
  })
  return {
    pg,
    logLines,
    dest,
    env: () => {
      const dir = mkdtempSync(join(tmpdir(), 'outpost-app-cluster-'))
      dirs.push(dir)
      return {
        OUTPOST_DATA_DIR: dir,
        OUTPOST_PORT: '0',
        OUTPOST_HOST: '127.0.0.1',
        OUTPOST_DATABASE_URL: pg.urlFor('outpost', 'outpost_app'),
        OUTPOST_DATABASE_OWNER_URL: pg.urlFor('outpost'),
        OUTPOST_SYSLOG_PORT: '0',
        OUTPOST_HTTPS_PORT: '0',
        OUTPOST_RECOVERY_PORT: '0',
        OUTPOST_ARGON2_PROFILE: 'light',
        // the processes of one installation share the master key (it opens the same credentials)
        // and the session token secret (a session signed in on one holds on the others)
        OUTPOST_MASTER_KEY: Buffer.alloc(32, 3).toString('base64'),
        OUTPOST_TOKEN_SECRET: 'cluster-apps-test-token-secret-0123456789',
      }
    },
    close: () => {
      pg.stop()
      for (const d of dirs) rmSync(d, { recursive: true, force: true })
    },
  }
}
