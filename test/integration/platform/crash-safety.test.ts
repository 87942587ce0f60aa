import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../../../src/audit/index.ts'
import { newId, type UserId } from '../../../src/lib/ids.ts'
import { createTestDeps, sqliteOf, type TestDeps } from '../../support/db.ts'

const writer = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url))
let deps: TestDeps
let userId: UserId

beforeEach(async () => {
  deps = await createTestDeps()
  userId = newId<UserId>()
  await deps.db
    .insertInto('users')
    .values({
      id: userId,
      username: 'owner',
      password_hash: 'x',
      created_at: 1,
      updated_at: 1,
    } as never)
    .execute()
})
afterEach(() => deps.close())

/** Runs the writer until its stdout shows `marker`, then SIGKILLs it. */
function runAndKill(mode: 'hang' | 'loop', marker: RegExp): Promise<NodeJS.Signals | null> {
  const dbFile = deps.config.dbFile
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dbFile, userId, mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (marker.test(out)) child.kill('SIGKILL')
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(signal) : reject(new Error(`writer exited ${code}: ${err}`)),
    )
  })
}

async function counts() {
  const tenants = await deps.db
    .selectFrom('tenants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const members = await deps.unscoped
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const audit = await deps.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return { tenants: Number(tenants.n), members: Number(members.n), audit: Number(audit.n) }
}

describe('crash safety', () => {
  it('a process killed inside a transaction leaves nothing of it behind', async () => {
    expect(await runAndKill('hang', /in-transaction/)).toBe('SIGKILL')
    expect(await counts()).toEqual({ tenants: 0, members: 0, audit: 0 })
    expect(sqliteOf(deps).pragma('integrity_check', { simple: true })).toBe('ok')
    // the database is writable again: the dead writer's lock is gone
    await deps.db
      .insertInto('tenants')
      .values({ id: newId(), name: 'after', created_at: 1 } as never)
      .execute()
  })
  it('a process killed between transactions leaves only whole transactions', async () => {
    await runAndKill('loop', /committed 30/)
    const c = await counts()
    expect(c.tenants).toBeGreaterThanOrEqual(30)
    expect(c.members).toBe(c.tenants)
    expect(c.audit).toBe(c.tenants)
    expect(await verifyAuditChain(deps.db)).toEqual({ ok: true, count: c.audit })
    expect(sqliteOf(deps).pragma('integrity_check', { simple: true })).toBe('ok')
  })
})
