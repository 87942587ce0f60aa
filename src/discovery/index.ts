// Public surface of the discovery domain (issue 18).
export { discoveryRoutes } from './discovery.routes.tsx'
export { discoveryApi } from './discovery-api.routes.ts'
export { startDiscovery, type DiscoveryRuntime } from './discovery-runtime.ts'
export { scanRunner } from './scan-runner.ts'
