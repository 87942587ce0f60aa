// The demo's simulated routers: one per device, personas rotating, a few with faults so the
// dashboard has something to point at (slow, refusing, rejecting the login, unanswered).
import { PERSONAS, startDevice, type FaultSettings, type SimDevice } from '../sim/index.ts'

export interface DemoDevice {
  sim: SimDevice
  tenant: number
  name: string
  /** read before faults apply: a refusing device closes its listener */
  apiPort: number
  /** the simulated SSH port, so backups (`/export` over SSH) work in the demo */
  sshPort: number
  fault: string | undefined
}

const ROLES = ['gw', 'core', 'ap', 'edge', 'branch', 'lab']
const FAULTS: Record<number, { label: string; set: Partial<FaultSettings> }> = {
  // spread so that each of the three tenants has something to look at
  6: { label: 'login rejected', set: { loginFailure: true } },
  7: { label: 'slow replies', set: { latencyMs: 800 } },
  11: { label: 'connection refused', set: { unreachable: 'refused' } },
  14: { label: 'never answers', set: { unreachable: 'drop' } },
}

/** Starts `count` simulated devices spread over `tenants` tenants (API and SSH, loopback). */
export async function startDemoFleet(count: number, tenants: number): Promise<DemoDevice[]> {
  const personas = Object.keys(PERSONAS)
  const out: DemoDevice[] = []
  for (let i = 0; i < count; i++) {
    const tenant = i % tenants
    const name = `${ROLES[Math.floor(i / tenants) % ROLES.length]}-${String(Math.floor(i / tenants) + 1).padStart(2, '0')}`
    const sim = await startDevice({
      name,
      persona: personas[i % personas.length],
      host: '127.0.0.1',
      services: { api: true, apiSsl: false, ssh: true },
    })
    const apiPort = sim.apiPort
    const sshPort = sim.sshPort
    const fault = FAULTS[i % 20]
    if (fault) sim.faults.set(fault.set)
    out.push({ sim, tenant, name, apiPort, sshPort, fault: fault?.label })
  }
  return out
}

export async function stopDemoFleet(devices: readonly DemoDevice[]): Promise<void> {
  await Promise.all(devices.map((d) => d.sim.close()))
}
