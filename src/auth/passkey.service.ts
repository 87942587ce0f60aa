// The signed-in user's own passkeys (issue 19): register, rename, remove, and recovery codes for
// a user whose only second factor is passkeys. Every change (and every refused one) is audited.
import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts'
import { newId, type UserId } from '../lib/ids.ts'
import type { RegistrationResponseJSON } from '@simplewebauthn/server'
import { auditAuth } from './audit-auth.ts'
import { findUserById } from './auth.repo.ts'
import { verifyPassword } from './password-hash.ts'
import { PASSKEY_MESSAGES, registrationOptions, verifyRegistration } from './passkey-ceremony.ts'
import type { RelyingParty } from './passkey-origin.ts'
import type { PasskeyOverview } from './passkey.types.ts'
import {
  countPasskeys,
  deletePasskey,
  findOwnPasskey,
  insertPasskey,
  listPasskeys,
  renamePasskey,
} from './passkey.repo.ts'
import { newRecoveryCodes } from './second-factor-secret.ts'
import {
  countUnusedRecoveryCodes,
  deleteSecondFactor,
  findSecondFactor,
  replaceRecoveryCodes,
} from './second-factor.repo.ts'
import {
  audit,
  hasSecondFactor,
  secondFactorRequired,
  type SecondFactorUser,
} from './second-factor.service.ts'

export const PASSKEY_NAME_MAX = 60

/** A passkey or a confirmed authenticator app: either satisfies "require a second factor". */
export async function hasAnySecondFactor(deps: Deps, userId: UserId): Promise<boolean> {
  return (await countPasskeys(deps.db, userId)) > 0 || (await hasSecondFactor(deps, userId))
}

/** What the second step of sign-in offers this user. */
export async function secondStepMethods(deps: Deps, userId: UserId) {
  return {
    totp: await hasSecondFactor(deps, userId),
    passkey: (await countPasskeys(deps.db, userId)) > 0,
  }
}

export async function passkeyOverview(deps: Deps, u: SecondFactorUser): Promise<PasskeyOverview> {
  const rows = await listPasskeys(deps.db, u.userId)
  return {
    passkeys: rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      backedUp: r.backed_up === 1,
    })),
    totpEnrolled: await hasSecondFactor(deps, u.userId),
    unusedRecoveryCodes: await countUnusedRecoveryCodes(deps.db, u.userId),
    required: await secondFactorRequired(deps, u.tenantIds),
  }
}

export function cleanPasskeyName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.replace(/\s+/g, ' ').trim() : ''
  if (name === '')
    throw new ValidationError({ name: 'Give the passkey a name, e.g. "Work laptop".' })
  if (name.length > PASSKEY_NAME_MAX)
    throw new ValidationError({ name: `At most ${PASSKEY_NAME_MAX} characters.` })
  return name
}

export async function beginRegistration(deps: Deps, u: SecondFactorUser, rp: RelyingParty) {
  const user = await findUserById(deps.db, u.userId)
  const existing = await listPasskeys(deps.db, u.userId)
  const person = {
    id: u.userId,
    username: u.username,
    displayName: user?.display_name ?? u.username,
  }
  return registrationOptions(deps.db, rp, person, existing, deps.clock.now())
}

export async function finishRegistration(
  deps: Deps,
  u: SecondFactorUser,
  rp: RelyingParty,
  input: { name: string; response: RegistrationResponseJSON },
): Promise<{ id: string; name: string }> {
  const now = deps.clock.now()
  const result = await verifyRegistration(deps.db, rp, u.userId, input.response, now)
  if (!result.ok) {
    const entry = audit(u, 'auth.passkey_registered', 'failure', {
      reason: result.reason,
      name: input.name,
    })
    await auditAuth(deps.db, entry, now)
    throw new ValidationError(
      { passkey: PASSKEY_MESSAGES[result.reason] },
      PASSKEY_MESSAGES[result.reason],
    )
  }
  const id = newId(now)
  const k = result.value
  await withTransaction(deps, async (tx) => {
    await insertPasskey(tx.global, {
      id,
      user_id: u.userId,
      credential_id: k.credentialId,
      public_key: k.publicKey,
      counter: k.counter,
      transports: k.transports,
      name: input.name,
      created_at: now,
      backed_up: k.backedUp ? 1 : 0,
    })
    const entry = audit(u, 'auth.passkey_registered', 'success', {
      keyId: id,
      name: input.name,
      backedUp: k.backedUp,
    })
    await auditAuth(tx.global, entry, now)
  })
  return { id, name: input.name }
}

export async function renameOwnPasskey(
  deps: Deps,
  u: SecondFactorUser,
  id: string,
  name: string,
): Promise<void> {
  const before = await findOwnPasskey(deps.db, u.userId, id)
  if (!before) throw new NotFoundError('No such passkey (it may have been removed).')
  const now = deps.clock.now()
  await withTransaction(deps, async (tx) => {
    await renamePasskey(tx.global, u.userId, id, name)
    const entry = audit(u, 'auth.passkey_renamed', 'success', {
      keyId: id,
      from: before.name,
      to: name,
    })
    await auditAuth(tx.global, entry, now)
  })
}

/**
 * Removes one passkey. The last second factor of a user who must have one stays; recovery codes
 * that served only the passkeys go with the last one.
 */
export async function removeOwnPasskey(
  deps: Deps,
  u: SecondFactorUser,
  id: string,
): Promise<string> {
  const row = await findOwnPasskey(deps.db, u.userId, id)
  if (!row) throw new NotFoundError('No such passkey (it may have been removed).')
  const totp = await hasSecondFactor(deps, u.userId)
  const last = !totp && (await countPasskeys(deps.db, u.userId)) === 1
  const now = deps.clock.now()
  if (last && (await secondFactorRequired(deps, u.tenantIds))) {
    const entry = audit(u, 'auth.passkey_removed', 'failure', {
      keyId: id,
      name: row.name,
      reason: 'required',
    })
    await auditAuth(deps.db, entry, now)
    throw new ConflictError(
      'Your organisation requires a second factor: add another passkey or an authenticator app before removing this one.',
    )
  }
  await withTransaction(deps, async (tx) => {
    await deletePasskey(tx.global, u.userId, id)
    if (last) await deleteSecondFactor(tx.global, u.userId)
    const entry = audit(u, 'auth.passkey_removed', 'success', {
      keyId: id,
      name: row.name,
      lastOne: last,
    })
    await auditAuth(tx.global, entry, now)
  })
  return row.name
}

/**
 * Ten recovery codes for a user whose second factor is passkeys only (the authenticator app has
 * its own). Asks for the password, as the sign-in would; the old codes stop working.
 */
export async function makePasskeyRecoveryCodes(
  deps: Deps,
  u: SecondFactorUser,
  password: string,
): Promise<{ recoveryCodes: string[] }> {
  const factor = await findSecondFactor(deps.db, u.userId)
  if (factor?.confirmed_at != null)
    throw new ConflictError(
      'Your recovery codes belong to the authenticator app: make new ones there.',
    )
  if ((await countPasskeys(deps.db, u.userId)) === 0)
    throw new ConflictError('Register a passkey first: recovery codes stand in for it.')
  const user = await findUserById(deps.db, u.userId)
  const now = deps.clock.now()
  if (!user || !(await verifyPassword(user.password_hash, password))) {
    const entry = audit(u, 'auth.recovery_codes_regenerated', 'failure', {
      via: 'passkeys',
      reason: 'bad_password',
    })
    await auditAuth(deps.db, entry, now)
    throw new ValidationError({ password: 'That is not your current password.' })
  }
  const fresh = newRecoveryCodes()
  await withTransaction(deps, async (tx) => {
    await replaceRecoveryCodes(tx.global, u.userId, fresh.rows, now)
    await auditAuth(
      tx.global,
      audit(u, 'auth.recovery_codes_regenerated', 'success', { via: 'passkeys' }),
      now,
    )
  })
  return { recoveryCodes: fresh.codes }
}
