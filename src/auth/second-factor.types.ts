// View-model types of the second factor (issue 17); views import these, types only.

export interface SecurityOverview {
  enrolled: boolean
  enrolledAt: number | null
  unusedRecoveryCodes: number
  /** the appliance or one of the user's tenants requires a second factor */
  required: boolean
}

export interface Enrolment {
  secret: string
  uri: string
  /** the QR code as an SVG document, rendered here so no third party ever sees the secret */
  qrSvg: string
}

export interface SecondFactorPolicy {
  appliance: boolean
  /** the active tenant's switch (null without an active tenant) */
  tenant: boolean | null
}
