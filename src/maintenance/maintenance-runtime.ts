// Maintenance windows as the appliance runs them: the calendar the alert engine asks, and the
// watcher that notifies alerts held back by a window once it ends. Started by startup.ts only.
import type { Deps } from '../deps.ts'
import type { EventBus } from '../poller/index.ts'
import { MaintenanceCalendar } from './maintenance-calendar.ts'
import { notifyEndedWindows } from './window-end.ts'

/** How often window ends are looked for: an alert is notified at most this long after its window. */
export const WINDOW_END_CHECK_MS = 30_000

export interface MaintenanceRuntime {
  readonly calendar: MaintenanceCalendar
  stop(): Promise<void>
}

export async function startMaintenance(deps: Deps, bus: EventBus): Promise<MaintenanceRuntime> {
  const calendar = new MaintenanceCalendar()
  await calendar.refreshZones(deps.db)
  const log = deps.log.child({ component: 'maintenance' })
  let running: Promise<unknown> | undefined
  const tick = (): void => {
    if (running !== undefined) return
    running = notifyEndedWindows({
      deps,
      log,
      calendar,
      onNotified: (tenantId, deviceId, alertId) =>
        bus.emit('alert.changed', {
          tenantId,
          deviceId,
          alertId,
          state: 'open',
          at: deps.clock.now(),
          source: 'engine',
        }),
    })
      .catch((err: unknown) => log.error({ err }, 'maintenance window end check failed'))
      .finally(() => {
        running = undefined
      })
  }
  const timer = setInterval(tick, WINDOW_END_CHECK_MS)
  timer.unref()
  return {
    calendar,
    stop: async () => {
      clearInterval(timer)
      await running
    },
  }
}
