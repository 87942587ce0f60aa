/**
 * API login: the plain method (6.43+: `/login =name= =password=`) and the pre-6.43 MD5 challenge
 * (`/login` → `!done =ret=<challenge>`, then `=name= =response=00<md5(0 ‖ password ‖ challenge)>`).
 * A `legacy` persona only speaks MD5 and answers any plain attempt with a challenge.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { SessionHandle, SimRouter } from '../device/device.ts'
import { authenticate } from '../device/users.ts'
import { atLeast } from '../device/version.ts'

export interface LoginState {
  handle: SessionHandle | undefined
  challenge: Buffer | undefined
}

export type LoginResult =
  { kind: 'ok' } | { kind: 'challenge'; challenge: string } | { kind: 'fail'; message: string }

/** MD5 challenge response as clients compute it. */
export function md5Response(password: string, challenge: Buffer): string {
  const h = createHash('md5')
    .update(Buffer.from([0]))
    .update(Buffer.from(password, 'latin1'))
    .update(challenge)
  return `00${h.digest('hex')}`
}

export function handleLogin(
  dev: SimRouter,
  st: LoginState,
  attrs: Record<string, string>,
  peer: { via: string; address: string },
): LoginResult {
  const md5Only = dev.persona.md5LoginOnly
  const badMessage = md5Only ? 'cannot log in' : 'invalid user name or password (6)'
  const name = attrs.name ?? ''
  const fail = (message: string): LoginResult => {
    dev.addLog(
      'system,error,critical',
      `login failure for user ${name} from ${peer.address} via ${peer.via}`,
    )
    return { kind: 'fail', message }
  }
  if (attrs.response !== undefined) {
    const challenge = st.challenge
    st.challenge = undefined
    if (!challenge || atLeast(dev.version, '7.0')) return fail(badMessage)
    const user = dev.tree.list('/user').find((u) => u.props.name === name)
    const password = user?.props.password ?? ''
    if (!user || md5Response(password, challenge) !== attrs.response.toLowerCase())
      return fail(badMessage)
    return finish(dev, st, name, password, peer, fail, badMessage)
  }
  if (attrs.name === undefined || md5Only) {
    st.challenge = randomBytes(16)
    return { kind: 'challenge', challenge: st.challenge.toString('hex') }
  }
  return finish(dev, st, name, attrs.password, peer, fail, badMessage)
}

function finish(
  dev: SimRouter,
  st: LoginState,
  name: string,
  password: string | undefined,
  peer: { via: string; address: string },
  fail: (m: string) => LoginResult,
  badMessage: string,
): LoginResult {
  if (dev.faults.settings.loginFailure) return fail(badMessage)
  const auth = authenticate(dev.tree, name, password)
  if (!auth.ok) return fail(auth.reason === 'no-api' ? 'not enough permissions (9)' : badMessage)
  st.handle = dev.openSession({
    user: auth.name,
    group: auth.group,
    via: peer.via,
    address: peer.address,
    policies: auth.policies,
  })
  return { kind: 'ok' }
}
