// Public surface of the /api/v1 router.
export { apiRoutes } from './api.routes.ts'
export { readJson } from './json-body.ts'
export { activeTenantName, requestActor, requestScope, requestSession } from './request-actor.ts'
