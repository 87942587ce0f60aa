// Public surface of the maintenance domain for other domains (app, api, startup, devices pages).
export { startMaintenance, type MaintenanceRuntime } from './maintenance-runtime.ts'
export { MaintenanceCalendar } from './maintenance-calendar.ts'
export { notifyEndedWindows } from './window-end.ts'
export { devicesInMaintenance } from './maintenance.service.ts'
export { maintenanceRoutes } from './maintenance.routes.tsx'
export {
  changeWindow,
  createWindow,
  getWindowView,
  listWindowViews,
  removeWindow,
  type MaintenanceCtx,
} from './maintenance.service.ts'
export { windowInputSchema } from './maintenance.schema.ts'
export { WEEKDAYS } from './maintenance.types.ts'
export { maintenanceCtx } from './route-ctx.ts'
// reports (issue 18): availability leaves maintenance time out
export { maintenanceIntervals } from './window-intervals.ts'
export { localToInstant } from './window-time.ts'
