// Public surface of the devices domain for other domains (poller, dashboard, app).
import { Hono } from 'hono'
import type { AppEnv } from '../http/env.ts'
import { deviceIoRoutes } from './device-io.routes.tsx'
import { deviceCellsRoutes } from './device-cells.routes.tsx'
import { deviceRoutes } from './devices.routes.tsx'
import type { DevicesDeps } from './devices.service.ts'

/** Every device page (the JSON API is src/api's). Static paths (/devices/import) come first;
 * app.ts mounts the labels pages (/devices/sites, …) before these. */
export function devicesRoutes(deps: DevicesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.route('/', deviceIoRoutes(deps))
  // the device table's live cells (issue 15), before /devices/:deviceId
  app.route('/', deviceCellsRoutes(deps))
  app.route('/', deviceRoutes(deps))
  return app
}

export {
  addDevice,
  getDevice,
  listDevices,
  updateDeviceSettings,
  type DeviceCtx,
  type DevicesDeps,
} from './devices.service.ts'
export {
  checkStoredDevice,
  deviceFormValues,
  removeDevice,
  setDeviceEnabled,
} from './device-state.service.ts'
export { addDevices } from './device-batch.service.ts'
export { bulkEditDevices } from './device-bulk.service.ts'
export { exportDevicesCsv, importDevicesCsv } from './device-csv.service.ts'
export {
  deviceBulkSchema,
  deviceCreateSchema,
  deviceListQuerySchema,
  deviceUpdateSchema,
} from './devices.schema.ts'
export { canEditDevices, deviceCtx, isDeviceAdmin } from './route-ctx.ts'
export type { DeviceView, DeviceStatus, DeviceId } from './devices.types.ts'
// for the setup wizard's first-device step (issue 17): the add-device form and its live check
export {
  deviceFormValues as parseDeviceFormValues,
  NEW_DEVICE_VALUES,
} from './device-form-values.ts'
export { deviceOptions } from './devices.service.ts'
