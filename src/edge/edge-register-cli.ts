// `outpost-cli edge:register <central-url> <token> [--fingerprint FP] [--tenant NAME]` (issue 20):
// links this appliance to a central Outpost from the shell, as the edge page's form does. The
// tenant whose devices are forwarded is the only one, or the one named.
import type { Deps } from '../deps.ts'
import { forTenant } from '../db/tenant-scope.ts'
import { AppError, ValidationError } from '../lib/errors.ts'
import type { TenantId } from '../lib/ids.ts'
import { registerWithCentral } from './edge-link.service.ts'

export const EDGE_REGISTER_USAGE =
  'usage: outpost-cli edge:register <central-url> <token> [--fingerprint SHA256] [--tenant NAME]'

interface Parsed {
  url: string
  token: string
  fingerprint: string | null
  tenant: string | null
}

export function parseEdgeRegisterArgs(args: readonly string[]): Parsed | undefined {
  const pos: string[] = []
  const flags: Record<string, string> = {}
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '--fingerprint' || a === '--tenant') {
      const v = args[++i]
      if (v === undefined) return undefined
      flags[a.slice(2)] = v
    } else pos.push(a)
  }
  if (pos.length !== 2) return undefined
  return {
    url: pos[0]!,
    token: pos[1]!,
    fingerprint: flags.fingerprint ?? null,
    tenant: flags.tenant ?? null,
  }
}

/** Runs the registration; returns the exit code and the lines to print. */
export async function edgeRegisterCommand(
  deps: Deps,
  args: readonly string[],
): Promise<{ code: number; lines: string[] }> {
  const p = parseEdgeRegisterArgs(args)
  if (p === undefined) return { code: 2, lines: [EDGE_REGISTER_USAGE] }
  const tenants = await deps.db
    .selectFrom('tenants')
    .select(['id', 'name'])
    .where('is_disabled', '=', 0)
    .execute()
  const chosen = p.tenant === null ? tenants : tenants.filter((t) => t.name === p.tenant)
  if (chosen.length !== 1)
    return {
      code: 2,
      lines: [
        p.tenant === null
          ? `this appliance has ${tenants.length} tenants: name the one to forward with --tenant`
          : `no tenant named ${p.tenant}`,
      ],
    }
  const tenant = chosen[0]!
  try {
    const link = await registerWithCentral(
      deps,
      forTenant(deps.kysely, tenant.id as TenantId),
      { centralUrl: p.url, token: p.token, fingerprint: p.fingerprint },
      'outpost-cli edge:register',
    )
    return {
      code: 0,
      lines: [
        `registered with ${link.centralUrl} as edge ${link.edgeId}; the devices of ${tenant.name} are forwarded from the next round`,
      ],
    }
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    const detail = err instanceof ValidationError ? Object.values(err.fields).join('; ') : ''
    return {
      code: 1,
      lines: [
        `registration refused: ${err.message}${detail && !err.message.includes(detail) ? ` (${detail})` : ''}`,
      ],
    }
  }
}
