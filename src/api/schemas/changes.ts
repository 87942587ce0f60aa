// Answer schemas of the config change API (issue 11).
import { z } from 'zod'
import { operationSchema } from '../../changes/index.ts'
import { epochMs, id } from './common.ts'

export const changeSchema = z.object({
  id,
  deviceId: id,
  state: z.enum(['validating', 'applying', 'verifying', 'kept', 'reverted', 'failed', 'lost']),
  mode: z.enum(['standard', 'safe']),
  confirm: z.enum(['auto', 'manual']),
  windowS: z.number().int(),
  source: z.string().describe('editor, restore, api, job, …'),
  actor: z.object({ kind: z.string(), id: z.string().nullable(), name: z.string() }),
  createdAt: epochMs,
  deadlineAt: epochMs
    .nullable()
    .describe(
      'safe mode: when the device restores itself unless the change is kept (set once applied)',
    ),
  awaitingKeep: z.boolean().describe('manual confirmation: verified, waiting for POST …/keep'),
  finishedAt: epochMs.nullable(),
  operations: z.array(operationSchema).describe('secrets masked'),
  script: z.string().describe('the equivalent RouterOS script (secrets masked)'),
  results: z.array(
    z.object({
      index: z.number().int(),
      status: z.enum(['ok', 'failed', 'skipped']),
      message: z.string().optional(),
    }),
  ),
  message: z
    .string()
    .nullable()
    .describe('plain words, e.g. "… the device restored itself at 14:02:11 UTC, change not kept"'),
})

export const previewSchema = z.object({
  preview: z.object({
    script: z.string(),
    ok: z.boolean().describe('false: nothing would be applied; see problems'),
    problems: z.array(z.object({ index: z.number().int(), message: z.string() })),
  }),
})

export const configListSchema = z.object({
  path: z.string(),
  kind: z.enum(['list', 'ordered', 'singleton']),
  title: z.string().nullable().describe('catalogue title; null for a path typed by hand'),
  properties: z
    .array(z.object({ name: z.string(), type: z.string() }))
    .describe('catalogue properties for this RouterOS major, then any others the device printed'),
  entries: z
    .array(z.record(z.string(), z.string()))
    .describe('as the device prints them; secrets masked'),
})

export const restoreSchema = z.object({
  restore: z.object({
    backupId: id,
    operations: z.array(operationSchema).describe('secrets masked'),
    script: z.string(),
    ok: z.boolean(),
    problems: z.array(z.object({ index: z.number().int(), message: z.string() })),
    notes: z
      .array(z.string())
      .describe('lines of the stored config that a change set cannot express'),
  }),
  change: changeSchema.optional().describe('present when applied'),
})

// binary `.backup` restore (`kind: binary`): what happens, and the change once applied
export const binaryRestoreSchema = z.object({
  binaryRestore: z.object({
    binaryBackupId: id,
    capturedAt: epochMs,
    encrypted: z.boolean(),
    size: z.number().int(),
    capturedOn: z
      .string()
      .nullable()
      .describe('RouterOS version when the file was made; null when no longer known'),
    runningVersion: z.string(),
    ok: z.boolean().describe('false: refused, see reason'),
    reason: z.string().nullable(),
    steps: z.array(z.string()).describe('what applying does, in order'),
  }),
  change: changeSchema.optional().describe('present when applied'),
})
