// Public surface of device certificates (issue 14): the tab's routes, the daily renewal, the CA.
export { certificatesRoutes } from './certificates.routes.tsx'
export { renewExpiringCertificates, RENEW_BEFORE_MS } from './renewal.ts'
export { deviceCertificate, issueDeviceCertificate } from './certificates.service.ts'
export { applianceCa } from './ca.ts'
export { startCertificateRenewal } from './renewal-timer.ts'
