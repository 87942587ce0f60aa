// Answer schemas of the device, label, dashboard and device-data endpoints.
import { z } from 'zod'
import { epochMs, id } from './common.ts'

const ref = z.object({ id, name: z.string() })
const STATUSES = ['unknown', 'online', 'degraded', 'offline', 'auth_failed'] as const

/** One device: settings, labels, what the poller learnt. Never a credential. */
export const deviceSchema = z.object({
  id,
  name: z.string(),
  host: z.string(),
  host2: z.string().nullable(),
  apiPort: z.number().int(),
  transport: z.enum(['api', 'api-ssl']),
  tlsMode: z.enum(['verify', 'pin', 'insecure', 'certless']),
  tlsFingerprint: z.string().nullable(),
  hasTlsCa: z.boolean(),
  sshPort: z.number().int(),
  sshHostKey: z.string().nullable(),
  site: ref.nullable(),
  tags: z.array(ref),
  groups: z.array(ref),
  notes: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  enabled: z.boolean(),
  pollIntervalS: z.number().int(),
  status: z.enum([...STATUSES, 'disabled']).describe('`disabled` when polling is off'),
  lastError: z.string().nullable(),
  identity: z.string().nullable(),
  board: z.string().nullable(),
  version: z.string().nullable(),
  serial: z.string().nullable(),
  lastSeenAt: epochMs.nullable(),
  lastPolledAt: epochMs.nullable(),
  createdAt: epochMs,
  updatedAt: epochMs,
})

/** What connecting to a device found: its facts, or why it failed in plain words. */
export const checkSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    host: z.string(),
    identity: z.string(),
    board: z.string(),
    version: z.string(),
    serial: z.string().nullable(),
  }),
  z.object({
    ok: z.literal(false),
    code: z.enum([
      'unreachable',
      'refused',
      'timeout',
      'tls',
      'bad_credentials',
      'api_permission',
      'error',
    ]),
    message: z.string(),
  }),
])

export const deviceListSchema = z.object({
  devices: z.array(deviceSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  pageCount: z.number().int(),
  hasMore: z.boolean(),
})

export const labelOutSchema = z.object({
  id,
  name: z.string(),
  description: z.string(),
  deviceCount: z.number().int(),
  createdAt: epochMs,
})

export const eventSchema = z.object({
  id,
  deviceId: id,
  at: epochMs,
  kind: z.string(),
  message: z.string(),
})

export const eventPageSchema = z.object({
  events: z.array(eventSchema),
  nextCursor: z
    .string()
    .nullable()
    .describe('pass as `before` for the next (older) page; null at the end'),
})

const point = z.object({ t: epochMs, v: z.number() })
const window = z.object({
  range: z.enum(['1h', '24h', '7d', '30d']),
  from: epochMs,
  to: epochMs,
  gapMs: z.number(),
})
const num = z.number().optional()
const str = z.string().optional()

export const overviewSchema = z.object({
  window,
  health: z.object({
    uptimeS: num,
    cpuLoad: num,
    cpuCount: num,
    architecture: str,
    memUsed: num,
    memTotal: num,
    diskUsed: num,
    diskTotal: num,
    sensors: z.array(z.object({ name: z.string(), value: z.string() })),
    // when each value was read, epoch ms (issue 15)
    uptimeAt: num,
    cpuAt: num,
    memAt: num,
    diskAt: num,
    sensorsAt: num,
    at: epochMs.optional(),
  }),
  cpu: z.array(point),
  mem: z.array(point),
  disk: z.array(point),
  temperature: z.array(z.object({ label: z.string(), points: z.array(point) })),
})

export const interfacesSchema = z.object({
  window,
  interfaces: z.array(
    z.object({
      name: z.string(),
      type: str,
      running: z.boolean(),
      disabled: z.boolean(),
      macAddress: str,
      comment: str,
      rxBps: num,
      txBps: num,
      rateAt: num,
      hasSeries: z.boolean(),
      rx: z.array(point),
      tx: z.array(point),
    }),
  ),
  at: epochMs.optional(),
})

export const clientsSchema = z.object({
  leases: z.array(
    z.object({
      address: str,
      macAddress: str,
      hostName: str,
      server: str,
      status: str,
      dynamic: z.boolean(),
      expiresAfterS: num,
    }),
  ),
  wireless: z.array(
    z.object({
      interface: str,
      macAddress: str,
      ssid: str,
      signal: num,
      signalToNoise: num,
      txRate: str,
      rxRate: str,
      uptimeS: num,
      lastIp: str,
    }),
  ),
  leasesAt: epochMs.optional(),
  wirelessAt: epochMs.optional(),
  hasWireless: z.boolean(),
})

export const neighboursSchema = z.object({
  neighbours: z.array(
    z.object({
      interfaces: z.array(z.string()),
      address: str,
      macAddress: str,
      identity: str,
      platform: str,
      board: str,
      version: str,
      discoveredBy: z.array(z.string()),
    }),
  ),
  at: epochMs.optional(),
})

const top = z.array(z.object({ deviceId: id, name: z.string(), value: z.number() }))

export const dashboardSchema = z.object({
  deviceCount: z.number().int(),
  summary: z.object({
    total: z.number().int(),
    counts: z.object(
      Object.fromEntries(STATUSES.map((s) => [s, z.number().int()])) as Record<
        (typeof STATUSES)[number],
        z.ZodNumber
      >,
    ),
    attention: z.array(
      z.object({
        deviceId: id,
        name: z.string(),
        status: z.enum(STATUSES),
        lastError: z.string().nullable(),
        lastSeenAt: epochMs.nullable(),
      }),
    ),
    topCpu: top,
    topMemory: top,
    topTraffic: top,
    events: z.array(eventSchema.extend({ name: z.string() })),
  }),
})
