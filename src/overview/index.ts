// Public surface of the cross-customer view (issue 15): its pages under /all and the device-page
// hook that offers an explicit tenant switch instead of a 404.
export { deviceElsewhereRoutes, overviewRoutes } from './overview.routes.tsx'
// the Tenants list's device counts by status
export { deviceCountsByTenant } from './overview.service.ts'
export type { StatusCounts } from './overview.types.ts'
