// What travels between an edge and the central Outpost (issue 20), checked with zod on arrival.
// Closed lists (event kinds, snapshot kinds, metric names, patch columns) mean an edge cannot
// write anything the central's own poller would not. A tenant id in a payload is not part of
// the schema: the central always uses the edge's own tenant.
import { z } from 'zod'
import { changeSetSchema } from '../changes/index.ts'

/** One request carries at most this many entries and bytes; the edge sends smaller batches. */
export const MAX_BATCH_ENTRIES = 2000
export const MAX_BATCH_BYTES = 16 * 1024 * 1024

// device ids are ULIDs everywhere in Outpost (src/lib/ids.ts)
const id = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'not a device id')
const text = (max: number) => z.string().max(max)

const deviceRef = z.object({ name: text(200).min(1), host: text(255).min(1) })

const eventKind = z.enum([
  'came_online',
  'went_offline',
  'auth_failed',
  'rebooted',
  'version_changed',
  'identity_changed',
  'host_key_changed',
  'config_change_lost',
  'config_changed',
])
const snapshotKind = z.enum([
  'interfaces',
  'wireless',
  'dhcp_leases',
  'neighbours',
  'addresses',
  'routes',
  'health',
  'package_update',
  'resource',
  'routerboard',
])
const metricName = z.enum([
  'cpu',
  'mem_used',
  'disk_used',
  'uptime',
  'temperature',
  'voltage',
  'if_rx',
  'if_tx',
  'wl_clients',
  'wl_signal',
])

const pollPayload = z.object({
  device: deviceRef,
  patch: z.strictObject({
    last_status: z.enum(['online', 'degraded', 'offline', 'auth_failed']),
    last_error: text(2000).nullable(),
    last_polled_at: z.number().int(),
    last_seen_at: z.number().int().optional(),
    identity: text(200).optional(),
    version: text(100).optional(),
    board: text(200).nullable().optional(),
    serial: text(200).nullable().optional(),
  }),
  events: z.array(z.object({ kind: eventKind, message: text(4000) })).max(50),
  points: z
    .array(z.object({ metric: metricName, label: text(200).optional(), value: z.number() }))
    .max(2000),
  /** the 5-minute bucket the points average (edge rollups); absent: the poll's own time */
  pointsAt: z.number().int().optional(),
  snapshots: z.array(z.object({ kind: snapshotKind, json: text(1_000_000) })).max(20),
})

const backupPayload = z.object({
  device: deviceRef,
  capturedAt: z.number().int(),
  text: text(8_000_000),
})

/** The settings a user edits on the edge; sites, tags and groups travel by name. */
const devicePayload = z.object({
  device: deviceRef,
  settings: z.strictObject({
    notes: text(4000),
    latitude: z.number().min(-90).max(90).nullable(),
    longitude: z.number().min(-180).max(180).nullable(),
    is_enabled: z.union([z.literal(0), z.literal(1)]),
    poll_interval_s: z.number().int().min(1).max(86_400),
    site: text(200).nullable(),
    tags: z.array(text(200)).max(200),
    groups: z.array(text(200)).max(200),
  }),
})

/** A binary `.backup` larger than this stays on the edge (a RouterOS one is usually well below). */
export const MAX_FORWARDED_BINARY_BYTES = 8 * 1024 * 1024
const binaryPayload = z.object({
  device: deviceRef,
  capturedAt: z.number().int(),
  /** the file, base64; the router's password for it when it is encrypted */
  data: z.base64().max(Math.ceil(MAX_FORWARDED_BINARY_BYTES / 3) * 4),
  password: text(200).nullable(),
})

const entry = <K extends string, P extends z.ZodType>(kind: K, payload: P) =>
  z.object({
    seq: z.number().int().positive(),
    kind: z.literal(kind),
    deviceId: id,
    at: z.number().int(),
    payload,
  })

export const edgeEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    seq: z.number().int().positive(),
    kind: z.literal('poll'),
    deviceId: id,
    at: z.number().int(),
    payload: pollPayload,
  }),
  z.object({
    seq: z.number().int().positive(),
    kind: z.literal('backup'),
    deviceId: id,
    at: z.number().int(),
    payload: backupPayload,
  }),
  entry('device', devicePayload),
  entry('binary', binaryPayload),
  entry('delete', z.object({ device: deviceRef })),
])
export type EdgeEntry = z.infer<typeof edgeEntrySchema>

export const edgeBatchSchema = z.object({
  entries: z
    .array(edgeEntrySchema)
    .max(MAX_BATCH_ENTRIES, `at most ${MAX_BATCH_ENTRIES} entries a batch`),
  /** entries the edge still holds after this batch */
  backlog: z.number().int().min(0),
  version: text(40).nullable(),
})
export type EdgeBatch = z.infer<typeof edgeBatchSchema>

export const edgeBatchResultSchema = z.object({
  appliedSeq: z.number().int(),
  applied: z.number().int(),
  ignored: z.number().int(),
})

export const edgeRegisterSchema = z.object({
  token: z.string().min(1).max(200),
  version: text(40).nullable().default(null),
})

export const edgeRegisterResultSchema = z.object({
  edgeId: z.string(),
  name: z.string(),
  secret: z.string(),
})

export const edgeChangeRequestSchema = changeSetSchema
/** A preview asked centrally: validated against the device by the edge, nothing applied. */
export const edgePreviewRequestSchema = z.object({
  preview: z.object({ operations: changeSetSchema.shape.operations }),
})
export const pulledChangeSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  // a preview has no top-level operations, so it never reads as a change set
  request: z.union([edgePreviewRequestSchema, edgeChangeRequestSchema]),
})

export const edgeChangeResultSchema = z.object({
  state: z.enum(['kept', 'reverted', 'failed', 'lost']),
  message: text(4000).nullable(),
  results: z
    .array(
      z.object({
        index: z.number().int(),
        status: z.enum(['ok', 'failed', 'skipped']),
        message: text(4000).optional(),
      }),
    )
    .max(500),
})

/** The edge's answer to a preview: the device's problems, or why it could not ask the device. */
export const edgePreviewResultSchema = z.object({
  state: z.literal('previewed'),
  ok: z.boolean(),
  problems: z.array(z.object({ index: z.number().int(), message: text(4000) })).max(500),
  message: text(4000).nullable(),
})
export type EdgePreviewResult = z.infer<typeof edgePreviewResultSchema>

export const edgeReportSchema = z.union([edgePreviewResultSchema, edgeChangeResultSchema])
export type EdgeReport = z.infer<typeof edgeReportSchema>
