// A device as the API shows it (camelCase, never a credential) and the camelCase twins of the
// device form schemas, so the API validates with the very schemas the forms use.
import { camelSchema } from '../http/api-casing.ts'
import {
  deviceBulkSchema,
  deviceCreateSchema,
  deviceListQuerySchema,
  deviceUpdateSchema,
  type DeviceView,
} from '../devices/index.ts'

export function deviceJson(d: DeviceView) {
  return {
    id: d.id,
    name: d.name,
    host: d.host,
    host2: d.host2,
    apiPort: d.apiPort,
    transport: d.transport,
    tlsMode: d.tlsMode,
    tlsFingerprint: d.tlsFingerprint,
    hasTlsCa: d.hasTlsCa,
    sshPort: d.sshPort,
    sshHostKey: d.sshHostKey,
    site: d.site,
    tags: d.tags,
    groups: d.groups,
    notes: d.notes,
    latitude: d.latitude,
    longitude: d.longitude,
    enabled: d.isEnabled,
    pollIntervalS: d.pollIntervalS,
    status: d.isEnabled ? d.status : ('disabled' as const),
    lastError: d.lastError,
    identity: d.identity,
    board: d.board,
    version: d.version,
    serial: d.serial,
    lastSeenAt: d.lastSeenAt,
    lastPolledAt: d.lastPolledAt,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  }
}

export const deviceCreateApi = camelSchema(deviceCreateSchema)
export const deviceUpdateApi = camelSchema(deviceUpdateSchema)
export const deviceBulkApi = camelSchema(deviceBulkSchema)
export const deviceListQueryApi = camelSchema(deviceListQuerySchema)
