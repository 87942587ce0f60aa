// What views and other domains see of a credential profile: never the password.
import type { CredentialProfileId } from '../db/schema-credential-profiles.ts'

export type { CredentialProfileId }

export interface CredentialProfileView {
  id: CredentialProfileId
  name: string
  username: string
  /** devices that follow this profile */
  deviceCount: number
  createdAt: number
  updatedAt: number
}

/** A profile choice for the device form's dropdown. */
export interface CredentialProfileRef {
  id: CredentialProfileId
  name: string
}

/** What a rotation did: devices re-sealed, and those whose stored credentials no longer open. */
export interface RotationResult {
  resealed: number
  /** devices whose own credentials were sealed for another endpoint: they keep them untouched */
  skipped: { id: string; name: string }[]
}
