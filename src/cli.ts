// Command line tools (bundled to dist/cli.mjs): `node dist/cli.mjs audit:verify`.
// Reads the same OUTPOST_ variables as the server, so it finds the same data directory.
import { existsSync } from 'node:fs'
import { verifyAuditChain } from './audit/index.ts'
import { ConfigError, loadConfig, processEnv } from './config.ts'
import { openDatabase } from './db/connect.ts'
import { createGlobalDb } from './db/global-db.ts'

type Command = (args: string[]) => Promise<number>

const commands: Record<string, Command> = {
  'audit:verify': auditVerify,
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
