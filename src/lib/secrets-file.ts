// First start generates the token-signing secret and the credential master key and keeps them in
// <dataDir>/.secrets.json (mode 0600). Values from the environment win. Any problem (data dir
// not writable, file unreadable or malformed) throws StartupError before anything is written.
import { randomBytes } from 'node:crypto'
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { fsCause } from './fs-errors.ts'

export const SECRETS_FILE = '.secrets.json'

export class StartupError extends Error {
  override readonly name = 'StartupError'
}

export interface LoadedSecrets {
  tokenKey: Buffer
  masterKey: Buffer
  /** true when this call created the secrets file */
  created: boolean
  /** non-fatal findings worth a log line */
  warnings: string[]
}

const base64Key = (min: number, max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'is not base64')
    .refine(
      (v) => {
        const n = Buffer.from(v, 'base64').length
        return n >= min && n <= max
      },
      `must decode to ${min === max ? min : `${min}..${max}`} bytes`,
    )

const fileSchema = z.object({
  version: z.literal(1),
  tokenSecret: base64Key(32, 256),
  masterKey: base64Key(32, 32),
  createdAt: z.string().optional(),
})

/** Creates the data directory if needed and proves it is writable, without leaving anything. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
  } catch (err) {
    throw new StartupError(`data directory ${dir} cannot be created${fsCause(err, dir)}`, {
      cause: err,
    })
  }
  const probe = join(dir, `.write-probe-${process.pid}`)
  try {
    closeSync(openSync(probe, 'wx', 0o600))
    rmSync(probe)
  } catch (err) {
    throw new StartupError(`data directory ${dir} is not writable${fsCause(err, probe)}`, {
      cause: err,
    })
  }
}

function code(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message
}

function readExisting(file: string): z.infer<typeof fileSchema> | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if (code(err) === 'ENOENT') return undefined
    throw new StartupError(`secrets file ${file} cannot be read (${code(err)})`, { cause: err })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new StartupError(`secrets file ${file} is malformed: not valid JSON`, { cause: err })
  }
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) {
    const what = parsed.error.issues.map((i) => `${i.path.join('.') || 'file'} ${i.message}`)
    throw new StartupError(`secrets file ${file} is malformed: ${what.join('; ')}`)
  }
  return parsed.data
}

/** Writes via a temp file + fsync + rename, so a crash never leaves a half-written file. */
function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`
  const fd = openSync(tmp, 'w', 0o600)
  try {
    writeSync(fd, content)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, file)
}

/**
 * Loads (or creates on first start) the appliance secrets of a data directory.
 * @example const s = loadOrCreateSecrets(config.dataDir, { tokenSecret: config.tokenSecret, masterKey: config.masterKey })
 */
export function loadOrCreateSecrets(
  dataDir: string,
  fromEnv: { tokenSecret?: Buffer | undefined; masterKey?: Buffer | undefined } = {},
  /** the main database: if it exists, this is not a first start */
  dbFile?: string,
): LoadedSecrets {
  ensureWritableDir(dataDir)
  const file = join(dataDir, SECRETS_FILE)
  const warnings: string[] = []
  let stored = readExisting(file)
  const created = stored === undefined
  if (stored === undefined && fromEnv.masterKey === undefined && dbFile && existsSync(dbFile)) {
    // a new master key would silently make every stored device credential unreadable
    throw new StartupError(
      `secrets file ${file} is missing but ${dbFile} exists: restore it from a backup, or set OUTPOST_MASTER_KEY`,
    )
  }
  if (stored === undefined) {
    stored = {
      version: 1,
      tokenSecret: randomBytes(32).toString('base64'),
      masterKey: randomBytes(32).toString('base64'),
      createdAt: new Date().toISOString(),
    }
    writeAtomically(file, `${JSON.stringify(stored, null, 2)}\n`)
  } else if ((statSync(file).mode & 0o077) !== 0) {
    warnings.push(`secrets file ${file} is readable by other users; chmod 600 it`)
  }
  return {
    tokenKey: fromEnv.tokenSecret ?? Buffer.from(stored.tokenSecret, 'base64'),
    masterKey: fromEnv.masterKey ?? Buffer.from(stored.masterKey, 'base64'),
    created,
    warnings,
  }
}
