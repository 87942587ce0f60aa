// Public surface of the dashboard domain: the fleet dashboard and device pages, their read model
// (also served over /api/v1), and the live feed (GET /live) of what the poller publishes.
export { dashboardRoutes } from './dashboard.routes.tsx'
export { liveRoutes } from './live.routes.ts'
export { eventsRoutes } from './events.routes.tsx'
export { deviceDetailRoutes } from './device-detail.routes.tsx'
export { loadDashboard } from './dashboard.service.ts'
export {
  loadClients,
  loadEvents,
  loadInterfaces,
  loadNeighbours,
  loadOverview,
  type DetailCtx,
} from './device-detail.service.ts'
export { CHART_RANGES } from './device-detail.types.ts'
export type { LiveSources } from './live-sources.ts'
