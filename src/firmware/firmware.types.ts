// View models of the fleet Firmware page.
export interface FirmwareDeviceView {
  deviceId: string
  name: string
  board: string | null
  installed: string | null
  channel: string | null
  latest: string | null
  updateAvailable: boolean
  routerboard: boolean | null
  currentFirmware: string | null
  upgradeFirmware: string | null
  /** when the available version was last learned (poller's daily check or "check now") */
  checkedAt: number | null
  checkError: string | null
}

export interface FirmwareFleetView {
  devices: FirmwareDeviceView[]
  /** installed RouterOS version → devices */
  byVersion: { version: string; count: number }[]
  updatesAvailable: number
}
