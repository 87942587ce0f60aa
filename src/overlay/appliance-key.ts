// The appliance's own WireGuard key pair, created on first use and kept in appliance_settings
// (`overlay_key`): the public half in clear (it goes into every onboarding script), the private
// half sealed under the master key.
import type { GlobalDb } from '../db/global-db.ts'
import { generateKeyPair, openPrivateKey, sealPrivateKey, type WgKeyPair } from './overlay-keys.ts'

const KEY = 'overlay_key'

interface Stored {
  publicKey: string
  privateKeySealed: string
}

async function load(db: GlobalDb): Promise<Stored | undefined> {
  const row = await db
    .selectFrom('appliance_settings')
    .select('value_json')
    .where('key', '=', KEY)
    .executeTakeFirst()
  return row === undefined ? undefined : (JSON.parse(row.value_json) as Stored)
}

/** The stored public key, creating the pair when there is none yet. */
export async function appliancePublicKey(
  deps: { db: GlobalDb; secrets: { masterKey: Buffer } },
  now: number,
): Promise<string> {
  return (await ensure(deps, now)).publicKey
}

/** Both halves, the private one opened (only for handing to `wg`). */
export async function applianceKeyPair(
  deps: { db: GlobalDb; secrets: { masterKey: Buffer } },
  now: number,
): Promise<WgKeyPair> {
  const s = await ensure(deps, now)
  return {
    publicKey: s.publicKey,
    privateKey: openPrivateKey(deps.secrets.masterKey, s.privateKeySealed),
  }
}

async function ensure(
  deps: { db: GlobalDb; secrets: { masterKey: Buffer } },
  now: number,
): Promise<Stored> {
  const stored = await load(deps.db)
  if (stored) return stored
  const pair = generateKeyPair()
  const fresh: Stored = {
    publicKey: pair.publicKey,
    privateKeySealed: sealPrivateKey(deps.secrets.masterKey, pair.privateKey),
  }
  // two first uses racing: the second insert is ignored and both read the one stored pair
  await deps.db
    .insertInto('appliance_settings')
    .values({ key: KEY, value_json: JSON.stringify(fresh), updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const after = await load(deps.db)
  if (!after) throw new Error('overlay key was not stored')
  return after
}
