// Public surface of the devices domain for other domains (poller, dashboard, app).
import { Hono } from 'hono'
import type { AppEnv } from '../http/env.ts'
import { deviceIoRoutes } from './device-io.routes.tsx'
import { devicesApiRoutes } from './devices.api.ts'
import { deviceRoutes } from './devices.routes.tsx'
import type { DevicesDeps } from './devices.service.ts'
import { labelRoutes } from './labels.routes.tsx'

/** Every device page and API route. Static paths (/devices/import, /devices/sites) come first. */
export function devicesRoutes(deps: DevicesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.route('/', devicesApiRoutes(deps))
  app.route('/', deviceIoRoutes(deps))
  app.route('/', labelRoutes(deps))
  app.route('/', deviceRoutes(deps))
  return app
}

export { checkDevice } from './device-check.ts'
export { deviceConnectOptions, deviceHosts, type DeviceCredentials, type DeviceEndpoint } from './device-connect.ts'
export { dataKeyFor, deviceCredentials } from './device-credentials.ts'
export { getDevice, type DeviceCtx, type DevicesDeps } from './devices.service.ts'
export { canEditDevices, deviceCtx } from './route-ctx.ts'
export type { DeviceView, DeviceStatus, DeviceId } from './devices.types.ts'
