// The guided forms' preview: the script each selected device would get (secrets hidden).
import type { TenantScope } from '../../db/tenant-scope.ts'
import { selectDevices, type TargetSelection } from '../targets.repo.ts'
import { guidedScript, maskScriptSecrets } from './guided-script.ts'
import type { GuidedInput } from './guided.schema.ts'

export async function previewGuided(
  scope: TenantScope,
  input: GuidedInput,
  targets: TargetSelection,
  limit = 20,
): Promise<{ deviceName: string; script: string }[]> {
  const devices = (await selectDevices(scope, targets)).slice(0, limit)
  return devices.map((d) => ({
    deviceName: d.name,
    script: maskScriptSecrets(guidedScript(input, d.version)),
  }))
}
