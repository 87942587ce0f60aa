// Answer schemas of the fleet jobs and templates API (issue 12).
import { z } from 'zod'
import { epochMs, id } from './common.ts'

const jobStates = [
  'scheduled',
  'running',
  'paused',
  'halted',
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
] as const
const targetStates = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
  'interrupted',
] as const

export const jobTargetSchema = z.object({
  deviceId: id,
  deviceName: z.string(),
  seq: z.number().int(),
  state: z.enum(targetStates),
  attempts: z.number().int(),
  output: z
    .string()
    .describe('what the device printed (progress lines for firmware); capped, and says so'),
  outputCapped: z.boolean(),
  error: z.string().nullable().describe('why it failed or was skipped, in plain words'),
  beforeVersion: z.string().nullable(),
  afterVersion: z.string().nullable(),
  startedAt: epochMs.nullable(),
  finishedAt: epochMs.nullable(),
  durationMs: z.number().int().nullable(),
})

const countsSchema = z.object({
  total: z.number().int(),
  queued: z.number().int(),
  running: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  cancelled: z.number().int(),
  interrupted: z.number().int(),
})

export const jobSchema = z.object({
  id,
  kind: z.enum(['command', 'template', 'firmware', 'guided']),
  title: z.string(),
  state: z.enum(jobStates),
  isWrite: z.boolean().describe('writes to devices (confirmed with the target count)'),
  mode: z.enum(['standard', 'safe']),
  concurrency: z.number().int(),
  canary: z.number().int(),
  canaryAuto: z.boolean(),
  stopOnFailure: z.boolean(),
  timeoutS: z.number().int(),
  note: z.string().nullable().describe('why the job paused, halted or failed'),
  createdBy: z.string(),
  createdAt: epochMs,
  notBefore: epochMs.nullable(),
  startedAt: epochMs.nullable(),
  finishedAt: epochMs.nullable(),
  counts: countsSchema,
})

export const jobDetailSchema = jobSchema.extend({
  spec: z
    .record(z.string(), z.unknown())
    .describe(
      'what the job runs (command, template and version, firmware options); secrets masked',
    ),
  targets: z.array(jobTargetSchema),
})

const variableAnswer = z.object({
  name: z.string(),
  type: z.enum(['string', 'number', 'ip', 'cidr', 'boolean', 'choice']),
  description: z.string().optional(),
  source: z.string().optional(),
  default: z.string().optional(),
  required: z.boolean(),
  choices: z.array(z.string()).optional(),
})

export const templateSchema = z.object({
  id,
  name: z.string(),
  description: z.string(),
  body: z.string(),
  variables: z.array(variableAnswer),
  readOnly: z.boolean().describe('every command only reads: operators run it without confirmation'),
  version: z.number().int(),
  createdAt: epochMs,
  updatedAt: epochMs,
})

export const templateVersionSchema = z.object({
  version: z.number().int(),
  body: z.string(),
  variables: z.array(variableAnswer),
  changedBy: z.string(),
  changedAt: epochMs,
  summary: z.string().describe('what changed from the previous version'),
})

export const previewSchema = z.object({
  readOnly: z.boolean(),
  rows: z.array(
    z.object({
      deviceId: id,
      deviceName: z.string(),
      script: z.string(),
      errors: z.array(z.string()),
    }),
  ),
})
