// What views and the API see of a device's certificate (public parts only).
export interface DeviceCertificateView {
  serial: string
  commonName: string
  fingerprint: string
  notBefore: number
  notAfter: number
  issuedAt: number
  changeSetId: string | null
  lastError: string | null
}

export type IssueOutcome =
  | { ok: true; certificate: DeviceCertificateView; changeId: string }
  | { ok: false; message: string; changeId: string | null }
