// View-model types of passkeys (issue 19); views import these, types only.

export interface PasskeyView {
  id: string
  name: string
  createdAt: number
  lastUsedAt: number | null
  /** synced to the user's password manager / platform account */
  backedUp: boolean
}

export interface PasskeyOverview {
  passkeys: PasskeyView[]
  /** the authenticator-app second factor is on (it owns the recovery codes then) */
  totpEnrolled: boolean
  unusedRecoveryCodes: number
  /** the appliance or one of the user's tenants requires a second factor */
  required: boolean
}
