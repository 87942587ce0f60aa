// Public surface of the overlay domain (WireGuard, issue 14) for app.ts, the API and startup.
export { overlayRoutes } from './overlay.routes.tsx'
export { overlayApi } from './overlay-api.routes.ts'
export { OverlayRuntime } from './overlay-runtime.ts'
