// Command line tools (bundled to dist/cli.mjs): `node dist/cli.mjs audit:verify`,
// `node dist/cli.mjs restore FILE` (passphrase on stdin). Reads the same OUTPOST_ variables as the
// server, so it finds the same data directory.
import { existsSync, readFileSync } from 'node:fs'
import { ArchiveError, applyStagedRestore, stageRestore } from './appliance-backup/index.ts'
import { verifyAuditChain } from './audit/index.ts'
import { migrateToPostgresCommand } from './cli-migrate-to-postgres.ts'
import { ConfigError, loadConfig, processEnv } from './config.ts'
import { openDatabase } from './db/connect.ts'
import { createGlobalDb } from './db/global-db.ts'

type Command = (args: string[]) => Promise<number>

const commands: Record<string, Command> = {
  'audit:verify': auditVerify,
  restore,
  // PostgreSQL (issue 20): copy this appliance's data into an empty PostgreSQL database
  'migrate-to-postgres': (args) => migrateToPostgresCommand(args, out),
}

/** The first line of stdin (piped, or typed at the prompt). */
async function readLine(prompt: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(prompt)
  let text = ''
  for await (const chunk of process.stdin) {
    text += String(chunk)
    if (text.includes('\n')) break
  }
  return text.split(/\r?\n/)[0] ?? ''
}

/** Offline restore: run it while the service is stopped (the recovery console restores a running box). */
async function restore(args: string[]): Promise<number> {
  const file = args[0]
  if (file === undefined) {
    out('usage: outpost-cli restore FILE   (the passphrase is read from stdin)')
    return 2
  }
  const config = loadConfig(processEnv())
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (err) {
    out(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
    return 2
  }
  const passphrase = await readLine('backup passphrase: ')
  try {
    const manifest = stageRestore(config.dataDir, bytes, passphrase)
    const previous = applyStagedRestore(config.dataDir)
    out(
      `restored the backup of ${manifest.createdAt} (Outpost ${manifest.appVersion}) into ${config.dataDir}`,
    )
    out(`the replaced files are in ${previous}; start the service to use the restored data`)
    return 0
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err
    out(`restore refused: ${err.message}; nothing was changed`)
    return 1
  }
}

function out(line: string): void {
  process.stdout.write(`${line}\n`)
}

async function auditVerify(): Promise<number> {
  const config = loadConfig(processEnv())
  if (!existsSync(config.dbFile)) {
    out(`no database at ${config.dbFile} (set OUTPOST_DATA_DIR)`)
    return 2
  }
  const { kysely } = openDatabase(config.dbFile)
  try {
    const result = await verifyAuditChain(createGlobalDb(kysely))
    if (result.ok) {
      out(`audit chain ok: ${result.count} entries verified`)
      return 0
    }
    out(`audit chain BROKEN at entry seq ${result.seq}: ${result.reason}`)
    return 1
  } finally {
    await kysely.destroy()
  }
}

async function run(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  const command = name === undefined ? undefined : commands[name]
  if (command === undefined) {
    out(`usage: outpost-cli <command>\ncommands: ${Object.keys(commands).join(', ')}`)
    return 2
  }
  try {
    return await command(args)
  } catch (err) {
    const message = err instanceof ConfigError ? err.message : String((err as Error)?.stack ?? err)
    process.stderr.write(`outpost: ${message}\n`)
    return 2
  }
}

process.exitCode = await run(process.argv.slice(2))
