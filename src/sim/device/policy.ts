import type { SessionHandle } from './device.ts'
import { TRAP } from './trap.ts'

/** Who runs a command: the user's policies decide what it may do. */
export interface ExecContext {
  user: string
  policies: ReadonlySet<string>
  session?: SessionHandle
}

export function requirePolicy(ctx: ExecContext, ...policies: string[]): void {
  for (const p of policies) if (!ctx.policies.has(p)) throw TRAP.notEnoughPermissions()
}
