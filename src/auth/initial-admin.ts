// First start: one super admin `admin` with a random one-time password, shown once in the log and
// written to <dataDir>/initial-admin-password (0600). Created only when there are no users AND it
// was never created before, so deleting that user never brings it back.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Deps } from '../deps.ts'
import type { GlobalDb } from '../db/global-db.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { randomToken } from '../lib/crypto.ts'
import { newId, type UserId } from '../lib/ids.ts'
import { auditAuth } from './audit-auth.ts'
import { countUsers, readSetting, writeSetting } from './auth.repo.ts'
import { hashProfile } from './hash-profile.ts'
import { hashPassword } from './password-hash.ts'

export const INITIAL_ADMIN_SETTING = 'auth.initial_admin_created'
export const INITIAL_ADMIN_USERNAME = 'admin'
export const INITIAL_PASSWORD_FILE = 'initial-admin-password'

export type InitialAdminResult =
  | { created: true; username: string; password: string; file: string }
  | { created: false; reason: 'already_created' | 'users_exist' }

export async function ensureInitialAdmin(deps: Deps): Promise<InitialAdminResult> {
  if ((await readSetting(deps.db, INITIAL_ADMIN_SETTING)) === true) {
    return { created: false, reason: 'already_created' }
  }
  const now = deps.clock.now()
  if ((await countUsers(deps.db)) > 0) {
    // Users arrived another way (restore, CLI): remember, so an empty table later stays empty.
    await writeSetting(deps.db, INITIAL_ADMIN_SETTING, true, now)
    return { created: false, reason: 'users_exist' }
  }
  const password = randomToken(15)
  const hash = await hashPassword(password, hashProfile(deps))
  const id = newId<UserId>(now)
  const file = join(deps.config.dataDir, INITIAL_PASSWORD_FILE)
  writePasswordFile(file, password)
  try {
    await withTransaction(deps, (tx) => insertAdmin(tx.global, id, hash, now))
  } catch (err) {
    rmSync(file, { force: true })
    throw err
  }
  // The one deliberate exception to "no secrets in logs": the operator has no other way to learn
  // it. The field name is outside the redact list on purpose; it is printed once, here.
  deps.log.warn(
    { username: INITIAL_ADMIN_USERNAME, oneTimeLogin: password, file },
    'initial admin created: sign in with this one-time password and change it',
  )
  return { created: true, username: INITIAL_ADMIN_USERNAME, password, file }
}

/**
 * Written before the user is committed: if the file cannot be written, no admin exists whose
 * password nobody knows. A stale file is removed first so the new one is created 0600 (the mode
 * of an existing file would be kept).
 */
function writePasswordFile(file: string, password: string): void {
  rmSync(file, { force: true })
  writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' })
}

async function insertAdmin(db: GlobalDb, id: UserId, hash: string, now: number): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id,
      username: INITIAL_ADMIN_USERNAME,
      display_name: 'Administrator',
      password_hash: hash,
      is_super_admin: 1,
      must_change_password: 1,
      is_disabled: 0,
      created_at: now,
      updated_at: now,
      password_changed_at: null,
    })
    .execute()
  await writeSetting(db, INITIAL_ADMIN_SETTING, true, now)
  const target = { type: 'user', id, label: INITIAL_ADMIN_USERNAME }
  const actor = { kind: 'system' as const, id: null, name: 'system' }
  const entry = {
    action: 'auth.initial_admin_created' as const,
    actor,
    outcome: 'success' as const,
  }
  await auditAuth(db, { ...entry, meta: null, target }, now)
}
