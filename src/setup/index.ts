// Public surface of the setup wizard (issue 17).
export { setupRoutes } from './setup.routes.tsx'
export { shouldOfferSetup } from './setup.service.ts'
