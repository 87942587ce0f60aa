import type { Deps } from '../deps.ts'
import type { HashProfile } from './password-hash.ts'

/** The argon2id profile chosen in config (OUTPOST_ARGON2_PROFILE; `light` for small boxes). */
export function hashProfile(deps: Deps): HashProfile {
  return deps.config.argon2Profile
}
