import argon2 from 'argon2'

/** `owasp`: OWASP cheat-sheet argon2id (19 MiB, t=2, p=1). `light`: OWASP's 7 MiB, t=5 equivalent. */
export type HashProfile = 'owasp' | 'light'

interface ArgonParams {
  memoryCost: number
  timeCost: number
  parallelism: number
}

const PROFILES = {
  owasp: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
  light: { memoryCost: 7_168, timeCost: 5, parallelism: 1 },
} as const satisfies Record<HashProfile, ArgonParams>

function options(profile: HashProfile) {
  return { type: argon2.argon2id as 2, ...PROFILES[profile] }
}

export function hashPassword(password: string, profile: HashProfile): Promise<string> {
  return argon2.hash(password, options(profile))
}

/** False for a wrong password and for a malformed stored hash (never throws on user input). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

export function needsRehash(hash: string, profile: HashProfile): boolean {
  try {
    return argon2.needsRehash(hash, options(profile))
  } catch {
    return true
  }
}

const dummyHashes = new Map<HashProfile, Promise<string>>()

/**
 * A hash of a random password, verified when the user name does not exist so that a failed
 * login costs the same whether or not the account is real (no user-enumeration by timing).
 */
export function dummyHash(profile: HashProfile): Promise<string> {
  let hash = dummyHashes.get(profile)
  if (!hash) {
    hash = hashPassword(crypto.randomUUID(), profile)
    dummyHashes.set(profile, hash)
  }
  return hash
}
