// The daily renewal check of device certificates, started by startup.ts after the listeners.
import type { Logger } from '../log.ts'
import { renewExpiringCertificates } from './renewal.ts'
import type { CertificateDeps } from './certificates.service.ts'

const DAY_MS = 86_400_000

export function startCertificateRenewal(
  deps: CertificateDeps,
  log: Logger,
  everyMs = DAY_MS,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve()
  const tick = () => {
    running = renewExpiringCertificates(deps).then(
      (r) => {
        if (r.renewed + r.failed > 0) log.info(r, 'device certificates renewed')
      },
      (err: unknown) => log.error({ err }, 'certificate renewal check failed'),
    )
  }
  const timer = setInterval(tick, everyMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
