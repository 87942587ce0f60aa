// Public surface of the /api/v1 router and the API reference page.
export { apiRouter, apiRoutes } from './api.routes.ts'
export { apiDocsRoutes } from './api-docs.routes.tsx'
export type { ApiRouter } from './api-router.ts'
