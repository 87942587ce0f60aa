// Answer schemas of the config backups API (issue 10).
import { z } from 'zod'
import { epochMs, id } from './common.ts'

export const backupSchema = z.object({
  id,
  deviceId: id,
  capturedAt: epochMs,
  status: z
    .enum(['ok', 'suspect'])
    .describe('`suspect`: stored after a retry although much smaller than the previous version'),
  statusReason: z.string().nullable(),
  routerosVersion: z.string().nullable(),
  rawSize: z.number().int().describe('bytes as captured'),
  storedSize: z.number().int().describe('bytes stored (compressed, encrypted)'),
  linesAdded: z.number().int(),
  linesRemoved: z.number().int(),
  sections: z.array(
    z.object({ section: z.string(), added: z.number().int(), removed: z.number().int() }),
  ),
})

export const captureSchema = z.object({
  backup: backupSchema,
  changed: z.boolean().describe('false: the config was unchanged and no version was added'),
  summary: z.string().describe('what changed, e.g. `+1 −1 in /system identity`'),
})

export const backupListSchema = z.object({
  backups: z.array(backupSchema),
  lastAttempt: z
    .object({
      at: epochMs,
      succeededAt: epochMs.nullable(),
      error: z.string().nullable().describe('plain words; null when it succeeded'),
    })
    .nullable(),
})

export const backupRunSchema = z.object({
  run: z.object({
    id,
    startedAt: epochMs,
    finishedAt: epochMs.nullable(),
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    changed: z.number().int(),
    devices: z.array(
      z.object({
        deviceId: id,
        name: z.string(),
        state: z.enum(['queued', 'running', 'ok', 'failed']),
        changed: z.boolean(),
        error: z.string().nullable(),
      }),
    ),
  }),
})

export const searchSchema = z.object({
  results: z.array(
    z.object({
      deviceId: id,
      deviceName: z.string(),
      backupId: id,
      lines: z.array(
        z.object({
          n: z.number().int().describe('1-based line of the normalised config'),
          text: z.string().describe('secrets masked'),
        }),
      ),
    }),
  ),
})
