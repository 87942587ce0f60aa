// The setup wizard of a new appliance (issue 17): first tenant, first device (the add-device
// form's live check), the appliance snapshot schedule, then the dashboard. It is offered once,
// to a super admin right after the first password change, while no tenant exists; skipping or
// finishing it is remembered (and audited), and /setup reopens it any time.
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { countDevices, countTenants, findWizardState, saveWizardState } from './setup.repo.ts'
import type { SetupProgress } from './setup.types.ts'

export interface SetupActor {
  id: string
  name: string
  ip: string | null
}

/** Whether to send a super admin to the wizard now: never closed, and the appliance is empty. */
export async function shouldOfferSetup(deps: Deps): Promise<boolean> {
  if ((await findWizardState(deps.db)) !== undefined) return false
  return (await countTenants(deps.db)) === 0
}

/** Where to resume, in the active tenant (without one the wizard starts at the tenant step). */
export async function setupProgress(
  scope: TenantScope,
  tenantName: string,
): Promise<SetupProgress> {
  const deviceCount = await countDevices(scope)
  return { tenantName, deviceCount, next: deviceCount === 0 ? 'device' : 'backups' }
}

export async function closeSetup(
  deps: Deps,
  actor: SetupActor,
  state: 'finished' | 'skipped',
): Promise<void> {
  const now = deps.clock.now()
  await saveWizardState(deps.db, state, now)
  const entry = {
    tenantId: null,
    actor: { kind: 'user' as const, id: actor.id, name: actor.name },
    ip: actor.ip,
    action: `setup.${state}`,
    outcome: 'success' as const,
  }
  await recordAudit(deps.db, entry, now)
}
