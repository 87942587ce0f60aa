// POST /api/v1/jobs (and the job forms): which devices, what to run, how.
import { z } from 'zod'
import { guidedSchema } from './guided/guided.schema.ts'

export const targetsSchema = z
  .object({
    deviceIds: z.array(z.string().min(1).max(40)).max(10_000).optional(),
    tags: z.array(z.string().min(1).max(100)).max(50).optional(),
    site: z.string().min(1).max(100).optional(),
    all: z.boolean().optional(),
  })
  .refine(
    (t) =>
      t.all === true || t.deviceIds !== undefined || t.tags !== undefined || t.site !== undefined,
    { message: 'Choose devices: deviceIds, tags, site or all.' },
  )

const common = {
  targets: targetsSchema,
  title: z.string().max(200).optional(),
  concurrency: z.number().int().min(1).max(100).default(10),
  canary: z.number().int().min(0).max(1000).default(0),
  /** after a canary that fully succeeded, continue without asking */
  canaryAuto: z.boolean().default(false),
  stopOnFailure: z.boolean().default(false),
  timeoutS: z.number().int().min(1).max(3600).default(60),
  mode: z.enum(['standard', 'safe']).default('standard'),
  /** start of the maintenance window (epoch ms); the job waits until then */
  notBefore: z.number().int().positive().optional(),
  /** for write jobs: the number of targets, typed by the user as confirmation */
  confirmTargets: z.number().int().min(0).optional(),
}

export const jobCreateSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('command'),
    command: z.string().trim().min(1, 'The command is empty.').max(20_000),
    ...common,
  }),
  z.object({
    kind: z.literal('template'),
    templateId: z.string().min(1).max(40),
    /** per-device values: deviceId → { variable: value }; `*` applies to every device */
    variables: z
      .record(z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])))
      .default({}),
    ...common,
  }),
  z.object({ kind: z.literal('guided'), guided: guidedSchema, ...common }),
  z.object({
    kind: z.literal('firmware'),
    firmware: z
      .object({
        channel: z.enum(['long-term', 'stable', 'testing', 'development']).optional(),
        /** halt when a device is not back this long after a reboot (T) */
        rebootTimeoutS: z.number().int().min(5).max(3600).default(600),
        routerboard: z.boolean().default(true),
      })
      .default({ rebootTimeoutS: 600, routerboard: true }),
    ...common,
  }),
])
export type JobCreateInput = z.output<typeof jobCreateSchema>
