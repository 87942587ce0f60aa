// Enrols a test user in two-step verification through the real pages and returns what an
// authenticator app would hold (the secret) and the recovery codes shown once.
import { base32Decode, totpAt } from '../../src/lib/totp.ts'
import type { TestAgent, TestApp } from './test-app.ts'

export interface Enrolled {
  secret: string
  recoveryCodes: string[]
  /** the code an authenticator shows at the test clock's time plus offsetMs */
  code(offsetMs?: number): string
}

export async function enrolViaPages(t: TestApp, agent: TestAgent): Promise<Enrolled> {
  const page = await (await agent.post('/account/security/enrol')).text()
  const secret = /class="totp-secret">([A-Z2-7 ]+)</.exec(page)?.[1]?.replace(/ /g, '')
  if (!secret) throw new Error('enrol page shows no secret')
  const code = (offsetMs = 0) => totpAt(base32Decode(secret), t.deps.clock.now() + offsetMs)
  const res = await agent.post('/account/security/enrol/confirm', { code: code() })
  if (res.status !== 200) throw new Error(`confirm answered ${res.status}`)
  const recoveryCodes = [
    ...(await res.text()).matchAll(/<code>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2})<\/code>/g),
  ].map((m) => m[1]!)
  return { secret, recoveryCodes, code }
}
