// Notifying an alert that was recorded silently: a maintenance window ended while the alert is
// still open (or acknowledged). The message says its current state; from then on the alert counts
// as notified, so its resolution is notified too. For src/maintenance (issue 13), through index.ts.
import type { TenantScope } from '../db/tenant-scope.ts'
import { deviceNames, devicePlace, findAlert, updateAlert } from './alerts.repo.ts'
import { alertMessage, enqueueAlertMessage } from './outbox.ts'

export interface NotifyNowDeps {
  readonly clock: { now(): number }
  readonly config: { readonly publicUrl: string }
}

/**
 * Queues the opened (or acknowledged) message of an alert that is still active, in one
 * transaction; returns how many channels it was queued for, or undefined when nothing is owed
 * (resolved, gone, or already notified). The
 * delivery worker sends it within about a second.
 * @example await notifyAlertNow(deps, scope, alertId)
 */
export async function notifyAlertNow(
  deps: NotifyNowDeps,
  scope: TenantScope,
  alertId: string,
): Promise<number | undefined> {
  return scope.transaction(async (tx) => {
    const row = await findAlert(tx, alertId)
    // Only a silently recorded alert is owed a message; one already notified is not sent twice.
    if (row === undefined || row.state === 'resolved' || row.is_silenced !== 1) return undefined
    const place = await devicePlace(tx, row.device_id)
    if (place === undefined) return undefined
    const name = (await deviceNames(tx, [row.device_id])).get(row.device_id) ?? row.device_id
    const now = deps.clock.now()
    await updateAlert(tx, row.id, { is_silenced: 0 })
    const event = row.state === 'acknowledged' ? 'acknowledged' : 'opened'
    return enqueueAlertMessage(
      tx,
      alertMessage({ ...row, is_silenced: 0 }, name, event, now, deps.config.publicUrl),
      place,
      now,
    )
  })
}
