// The WebAuthn ceremonies on the server (issue 19), with @simplewebauthn/server doing the
// cryptography. Our part: challenges kept server-side and spent once (a replayed answer is named
// as such), the origin checked against the one relying party before anything else, and the
// credential's owner checked against the user the ceremony is for.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { z } from 'zod'
import type { GlobalDb } from '../db/global-db.ts'
import type { UserId } from '../lib/ids.ts'
import type { RelyingParty } from './passkey-origin.ts'
import {
  findPasskeyByCredential,
  spendChallenge,
  storeChallenge,
  type ChallengePurpose,
  type PasskeyRow,
} from './passkey.repo.ts'

/** Five minutes to touch the authenticator, as for the code page. */
export const CHALLENGE_TTL_MS = 5 * 60_000
const RP_NAME = 'Outpost'

export type CeremonyFailure =
  | 'bad_response'
  | 'unknown_challenge'
  | 'replayed'
  | 'expired'
  | 'wrong_origin'
  | 'unknown_passkey'
  | 'other_user'
  | 'not_verified'
  | 'counter'
  | 'duplicate'

export const PASSKEY_MESSAGES: Record<CeremonyFailure, string> = {
  bad_response: 'The passkey answer could not be verified. Try again.',
  unknown_challenge: 'This passkey request was not issued here. Start again.',
  replayed: 'This passkey answer was already used; each one works once. Start again.',
  expired: 'The passkey request expired. Start again.',
  wrong_origin: 'This passkey answer was made for another site, not this Outpost. Refused.',
  unknown_passkey:
    'This passkey is not registered here (it may have been removed). Use another way to sign in.',
  other_user: 'This passkey belongs to another account. Use a passkey of your own account.',
  not_verified:
    'Your authenticator did not verify you (PIN, fingerprint or face). Try again and confirm it.',
  counter:
    'This passkey reported an old signature counter, as a copied authenticator would. Refused.',
  duplicate: 'This authenticator is already registered for your account.',
}

export type CeremonyResult<T> =
  { ok: true; value: T } | { ok: false; reason: CeremonyFailure; passkey?: PasskeyRow }

// Browsers send more than this (extension results, attachment); zod keeps the rest as is.
const b64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/)
export const registrationResponseSchema = z.looseObject({
  id: b64url.min(1).max(1366),
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: b64url,
    attestationObject: b64url,
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
  clientExtensionResults: z.looseObject({}).default({}),
})
export const authenticationResponseSchema = z.looseObject({
  id: b64url.min(1).max(1366),
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
  clientExtensionResults: z.looseObject({}).default({}),
})

/** The WebAuthn user handle of a user: their id (no name or address in it). */
export const userHandleOf = (userId: UserId) => Buffer.from(userId, 'utf8').toString('base64url')

function clientData(response: {
  response: { clientDataJSON: string }
}): { challenge: string; origin: string } | undefined {
  try {
    const o = JSON.parse(
      Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8'),
    ) as Record<string, unknown>
    if (typeof o.challenge !== 'string' || typeof o.origin !== 'string') return undefined
    return { challenge: o.challenge, origin: o.origin }
  } catch {
    return undefined
  }
}

/** Spends the answer's challenge and checks its origin, before any signature is looked at. */
async function openAnswer(
  db: GlobalDb,
  rp: RelyingParty,
  purpose: ChallengePurpose,
  response: { response: { clientDataJSON: string } },
  now: number,
): Promise<CeremonyResult<{ challenge: string; userId: UserId | null }>> {
  const data = clientData(response)
  if (!data) return { ok: false, reason: 'bad_response' }
  const spent = await spendChallenge(db, data.challenge, purpose, now)
  if (!spent.ok) return { ok: false, reason: spent.reason }
  if (data.origin !== rp.origin) return { ok: false, reason: 'wrong_origin' }
  return { ok: true, value: { challenge: data.challenge, userId: spent.userId } }
}

function failureOf(err: unknown): CeremonyFailure {
  const message = err instanceof Error ? err.message : ''
  if (/counter/i.test(message)) return 'counter'
  if (/user could not be verified|user verification/i.test(message)) return 'not_verified'
  return 'bad_response'
}

const transportsOf = (row: PasskeyRow) =>
  row.transports === '' ? undefined : row.transports.split(',')

export async function registrationOptions(
  db: GlobalDb,
  rp: RelyingParty,
  user: { id: UserId; username: string; displayName: string },
  existing: readonly PasskeyRow[],
  now: number,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.rpId,
    userName: user.username,
    userDisplayName: user.displayName,
    userID: new Uint8Array(Buffer.from(user.id, 'utf8')),
    attestationType: 'none',
    // a discoverable credential with user verification: it can sign in without a user name
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    excludeCredentials: existing.map((p) => ({ id: p.credential_id, transports: transportsOf(p) })),
    timeout: CHALLENGE_TTL_MS,
  })
  await storeChallenge(db, {
    challenge: options.challenge,
    purpose: 'register',
    userId: user.id,
    now,
    ttlMs: CHALLENGE_TTL_MS,
  })
  return options
}

export interface NewPasskey {
  credentialId: string
  publicKey: string
  counter: number
  transports: string
  backedUp: boolean
}

export async function verifyRegistration(
  db: GlobalDb,
  rp: RelyingParty,
  userId: UserId,
  response: RegistrationResponseJSON,
  now: number,
): Promise<CeremonyResult<NewPasskey>> {
  const opened = await openAnswer(db, rp, 'register', response, now)
  if (!opened.ok) return opened
  if (opened.value.userId !== userId) return { ok: false, reason: 'other_user' }
  try {
    const r = await verifyRegistrationResponse({
      response,
      expectedChallenge: opened.value.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: true,
    })
    if (!r.verified) return { ok: false, reason: 'bad_response' }
    const c = r.registrationInfo.credential
    if (await findPasskeyByCredential(db, c.id)) return { ok: false, reason: 'duplicate' }
    return {
      ok: true,
      value: {
        credentialId: c.id,
        publicKey: Buffer.from(c.publicKey).toString('base64url'),
        counter: c.counter,
        transports: (c.transports ?? []).join(','),
        backedUp: r.registrationInfo.credentialBackedUp,
      },
    }
  } catch (err) {
    return { ok: false, reason: failureOf(err) }
  }
}

/** Options for a sign-in: username-less (userId null, any passkey) or for one user's passkeys. */
export async function authenticationOptions(
  db: GlobalDb,
  rp: RelyingParty,
  purpose: 'sign_in' | 'second_factor',
  userId: UserId | null,
  allow: readonly PasskeyRow[],
  now: number,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({
    rpID: rp.rpId,
    allowCredentials: allow.map((p) => ({ id: p.credential_id, transports: transportsOf(p) })),
    // alone a passkey must prove the person (PIN, biometrics); after a password, presence will do
    userVerification: purpose === 'sign_in' ? 'required' : 'preferred',
    timeout: CHALLENGE_TTL_MS,
  })
  await storeChallenge(db, {
    challenge: options.challenge,
    purpose,
    userId,
    now,
    ttlMs: CHALLENGE_TTL_MS,
  })
  return options
}

export interface VerifiedAssertion {
  passkey: PasskeyRow
  counter: number
  backedUp: boolean
}

/**
 * Verifies an assertion. For 'second_factor' the passkey must be `userId`'s; for 'sign_in' the
 * user handle the authenticator returns must be the passkey owner's.
 */
export async function verifyAssertion(
  db: GlobalDb,
  rp: RelyingParty,
  purpose: 'sign_in' | 'second_factor',
  userId: UserId | null,
  response: AuthenticationResponseJSON,
  now: number,
): Promise<CeremonyResult<VerifiedAssertion>> {
  const opened = await openAnswer(db, rp, purpose, response, now)
  if (!opened.ok) return opened
  if (opened.value.userId !== userId) return { ok: false, reason: 'unknown_challenge' }
  const passkey = await findPasskeyByCredential(db, response.id)
  if (!passkey) return { ok: false, reason: 'unknown_passkey' }
  const handle = response.response.userHandle
  if (
    (userId !== null && passkey.user_id !== userId) ||
    (handle !== undefined && handle !== userHandleOf(passkey.user_id))
  )
    return { ok: false, reason: 'other_user', passkey }
  try {
    const r = await verifyAuthenticationResponse({
      response,
      expectedChallenge: opened.value.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      credential: {
        id: passkey.credential_id,
        publicKey: new Uint8Array(Buffer.from(passkey.public_key, 'base64url')),
        counter: passkey.counter,
        transports: transportsOf(passkey),
      },
      requireUserVerification: purpose === 'sign_in',
    })
    if (!r.verified) return { ok: false, reason: 'bad_response', passkey }
    const info = r.authenticationInfo
    return {
      ok: true,
      value: { passkey, counter: info.newCounter, backedUp: info.credentialBackedUp },
    }
  } catch (err) {
    return { ok: false, reason: failureOf(err), passkey }
  }
}
