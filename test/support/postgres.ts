// startPostgres(): a throwaway PostgreSQL server for tests (Debian's `postgresql` package), in a
// temp directory, on a free loopback port, stopped and removed by stop(). The server refuses to
// run as root, so when the tests run as root it is started as the `postgres` system user.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port.ts'

export interface TestPostgres {
  /** superuser URL (user `postgres`, trust auth on loopback), database `postgres` */
  readonly url: string
  readonly port: number
  /** a URL for another database on the same server */
  urlFor(database: string, user?: string, password?: string): string
  /** runs SQL as the superuser through psql (for setup: CREATE DATABASE, roles) */
  psql(sqlText: string, database?: string): string
  /** stops the server (fast shutdown, connections cut) and keeps its data directory */
  halt(): void
  /** starts it again on the same port and data directory */
  resume(): void
  stop(): void
}

function pgBinDir(): string {
  const base = '/usr/lib/postgresql'
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql: install the Debian package `postgresql` (apt-get install postgresql)',
    )
  }
  return join(base, versions[0]!, 'bin')
}

function asPostgresUser(cmd: string, args: string[]): string[] {
  const isRoot = process.getuid?.() === 0
  return isRoot ? ['runuser', '-u', 'postgres', '--', cmd, ...args] : [cmd, ...args]
}

function run(argv: string[]): string {
  const [cmd, ...args] = argv
  return execFileSync(cmd!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = pgBinDir()
  const dir = mkdtempSync(join(tmpdir(), 'outpost-pg-'))
  chmodSync(dir, 0o755)
  const data = join(dir, 'data')
  const isRoot = process.getuid?.() === 0
  if (isRoot) {
    const uid = Number(run(['id', '-u', 'postgres']).trim())
    const gid = Number(run(['id', '-g', 'postgres']).trim())
    chownSync(dir, uid, gid)
  }
  run(
    asPostgresUser(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '-N',
    ]),
  )
  const port = await freePort()
  const opts = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-k ${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ')
  const pgCtl = (args: string[]): ReturnType<typeof spawnSync> => {
    const [cmd, ...rest] = asPostgresUser(join(bin, 'pg_ctl'), args)
    return spawnSync(cmd!, rest, { encoding: 'utf8' })
  }
  const start = (): void => {
    const started = pgCtl(['-D', data, '-o', opts, '-l', join(dir, 'server.log'), '-w', 'start'])
    if (started.status !== 0) {
      throw new Error(`PostgreSQL did not start: ${String(started.stderr || started.stdout)}`)
    }
  }
  start()
  const halt = (): void => {
    pgCtl(['-D', data, '-m', 'fast', '-w', 'stop'])
  }
  let stopped = false
  const stop = (): void => {
    if (stopped) return
    stopped = true
    pgCtl(['-D', data, '-m', 'immediate', '-w', 'stop'])
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', stop)
  const urlFor = (database: string, user = 'postgres', password?: string): string =>
    `postgres://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@127.0.0.1:${port}/${database}`
  const psql = (sqlText: string, database = 'postgres'): string =>
    run([
      join(bin, 'psql'),
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-At',
      '-d',
      urlFor(database),
      '-c',
      sqlText,
    ])
  return { url: urlFor('postgres'), port, urlFor, psql, halt, resume: start, stop }
}
