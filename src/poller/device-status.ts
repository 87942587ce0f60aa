/** What the device row shows. `unknown` until the first poll finishes. */
export type DeviceStatus = 'unknown' | 'online' | 'degraded' | 'offline' | 'auth_failed'
