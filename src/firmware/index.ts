// Public surface of the firmware domain (fleet Firmware page, "check now"); upgrades run as jobs.
export { checkFirmwareNow, fleetFirmware, type FirmwareCtx } from './firmware.service.ts'
export type { FirmwareDeviceView, FirmwareFleetView } from './firmware.types.ts'
export { firmwareRoutes } from './firmware.routes.tsx'
