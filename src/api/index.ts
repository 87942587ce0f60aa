// Public surface of the /api/v1 router.
export { apiRoutes } from './api.routes.ts'
