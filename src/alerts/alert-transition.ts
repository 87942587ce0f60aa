// Storing what the evaluator decided (alert-engine.ts): one alert transition at a time.
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { newId } from '../lib/ids.ts'
import { workClaimsFor } from '../lib/work-claim.ts'
import { describeCondition } from './alert-message.ts'
import type { AlertEngineDeps } from './alert-engine.ts'
import {
  deviceNames,
  findActiveAlert,
  insertAlert,
  updateAlert,
  type AlertRow,
} from './alerts.repo.ts'
import type { DevicePlace, Transition } from './evaluate.ts'
import { alertMessage, enqueueAlertMessage } from './outbox.ts'

/**
 * Stores one transition: the alert row and its outbox message in one transaction, then tells the
 * bus. Several processes (issue 20) may see the same transition: it is stored and notified once.
 */
export async function applyTransition(
  deps: AlertEngineDeps,
  scope: TenantScope,
  place: DevicePlace,
  tr: Transition,
): Promise<void> {
  const claims = workClaimsFor(deps.kysely)
  const claimKey = `${scope.tenantId}:${tr.deviceId}:${tr.rule.id}:${tr.label}:${tr.type}:${tr.at}`
  if (!(await claims.claimOnce('alert.transition', claimKey))) return
  const now = deps.clock.now()
  const { publicUrl, bus } = deps
  const changed = await scope.transaction(async (tx) => {
    const active = await findActiveAlert(tx, tr.deviceId, tr.rule.id, tr.label)
    const name = (await deviceNames(tx, [tr.deviceId])).get(tr.deviceId)
    if (name === undefined) return undefined // the device was deleted meanwhile
    if (tr.type === 'open') {
      if (active !== undefined) return undefined
      const silenced = (await deps.isSilenced?.(tx, tr.deviceId, place, tr.at)) === true
      const row: AlertRow = {
        id: newId(now),
        tenant_id: scope.tenantId,
        device_id: tr.deviceId as DeviceId,
        rule_id: tr.rule.id,
        rule_name: tr.rule.name,
        kind: tr.rule.kind,
        label: tr.label,
        severity: tr.rule.severity,
        state: 'open',
        value: tr.value,
        threshold: tr.value === null ? null : tr.rule.threshold,
        message:
          tr.text !== undefined
            ? `${describeCondition(tr.rule, tr.label, tr.value)}: ${tr.text.slice(0, 500)}`
            : describeCondition(tr.rule, tr.label, tr.value),
        opened_at: tr.at,
        acked_at: null,
        acked_by: null,
        ack_note: null,
        resolved_at: null,
        is_silenced: silenced ? 1 : 0,
      }
      const { tenant_id: _t, ...insert } = row
      await insertAlert(tx, insert)
      if (!silenced)
        await enqueueAlertMessage(tx, alertMessage(row, name, 'opened', now, publicUrl), place, now)
      return row
    }
    if (active === undefined) return undefined
    const resolved: AlertRow = { ...active, state: 'resolved', resolved_at: tr.at }
    await updateAlert(tx, active.id, { state: 'resolved', resolved_at: tr.at })
    if (active.is_silenced !== 1)
      await enqueueAlertMessage(
        tx,
        alertMessage(resolved, name, 'resolved', now, publicUrl),
        place,
        now,
      )
    return resolved
  })
  await claims.done('alert.transition', claimKey)
  if (changed !== undefined) {
    bus.emit('alert.changed', {
      tenantId: scope.tenantId,
      deviceId: tr.deviceId,
      alertId: changed.id,
      state: changed.state,
      at: tr.at,
      source: 'engine',
    })
  }
}
