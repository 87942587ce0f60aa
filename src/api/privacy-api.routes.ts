// Accounts and privacy (issue 19): password reset requests, the caller's personal data export and
// account deletion, and the tenant's key-use log.
import { z } from 'zod'
import { requestPasswordReset, resetLimitFor } from '../auth/index.ts'
import type { Deps } from '../deps.ts'
import { clientIp, userAgent } from '../http/client-ip.ts'
import type { ApiRouter } from './api-router.ts'
import { readJson } from '../http/json-body.ts'

const RESET_ANSWER =
  'If an account with that user name has an e-mail address, a reset link is on its way.'
const resetAnswer = z.object({ message: z.string() })
const resetBody = z.object({ username: z.string().trim().min(1).max(128) })

export function privacyApi(api: ApiRouter, deps: Deps): void {
  api.publicRoute(
    {
      method: 'post',
      path: '/auth/password-reset',
      tag: 'Account',
      summary: 'Send a password reset link',
      role: 'public',
      description:
        'Always 202, whether the account exists or not. When it exists and has an e-mail address, a single-use link valid for 30 minutes is sent through the system mail. Limited per client address and per account.',
      body: resetBody,
      responses: { 202: resetAnswer },
    },
    async (c) => {
      const body = await readJson(c, resetBody)
      const meta = { ip: clientIp(c), userAgent: userAgent(c) }
      await requestPasswordReset(deps, { username: body.username, meta }, resetLimitFor(deps))
      return c.json({ message: RESET_ANSWER }, 202)
    },
  )
}
