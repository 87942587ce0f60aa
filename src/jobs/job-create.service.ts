// Starting a job: resolve the devices (another tenant's id is a 404), build each target's script,
// classify read-only or write, and insist that a write job is confirmed with its target count.
import { recordAudit } from '../audit/index.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import { isReadOnly } from './classify.ts'
import { guidedScript, maskScriptSecrets } from './guided/guided-script.ts'
import { GUIDED_TASKS } from './guided/guided.schema.ts'
import type { JobCreateInput } from './jobs.schema.ts'
import { insertJob, type JobRow, type TargetRow } from './jobs.repo.ts'
import { jobRunner, type RunnerDeps } from './runner-registry.ts'
import { selectDevices, type TargetDevice } from './targets.repo.ts'
import { renderFor } from './templates/render.ts'
import { getTemplate } from './templates/templates.service.ts'

export interface JobActor {
  kind: 'user' | 'api_key'
  id: string
  name: string
  ip: string | null
}

export interface JobsCtx {
  deps: RunnerDeps
  scope: TenantScope
  actor: JobActor
}

interface Plan {
  title: string
  isWrite: boolean
  spec: Record<string, unknown>
  /** per device: the script, or why it cannot run */
  scripts: Map<string, { script: string | null; error?: string }>
}

async function devicesOf(scope: TenantScope, input: JobCreateInput): Promise<TargetDevice[]> {
  const devices = await selectDevices(scope, input.targets)
  const found = new Set(devices.map((d) => d.id as string))
  const missing = (input.targets.deviceIds ?? []).filter((id) => !found.has(id))
  if (
    missing.length > 0 &&
    input.targets.tags === undefined &&
    input.targets.site === undefined &&
    !input.targets.all
  ) {
    throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  }
  if (devices.length === 0)
    throw new ValidationError({ targets: 'No device matches this selection.' })
  return devices
}

async function planOf(ctx: JobsCtx, input: JobCreateInput, devices: TargetDevice[]): Promise<Plan> {
  const scripts = new Map<string, { script: string | null; error?: string }>()
  switch (input.kind) {
    case 'command':
      for (const d of devices) scripts.set(d.id, { script: null })
      return {
        title: input.title ?? input.command.split('\n')[0]?.slice(0, 80) ?? 'command',
        isWrite: !isReadOnly(input.command),
        spec: { command: input.command },
        scripts,
      }
    case 'template': {
      const { template } = await getTemplate(ctx, input.templateId)
      for (const d of devices) {
        const r = renderFor(template.body, template.variables, d, {
          ...input.variables['*'],
          ...input.variables[d.id],
        })
        scripts.set(
          d.id,
          r.errors.length > 0
            ? { script: null, error: `Not run: ${r.errors.join(' ')}` }
            : { script: r.script },
        )
      }
      const spec = {
        templateId: template.id,
        templateName: template.name,
        templateVersion: template.version,
      }
      return {
        title: input.title ?? `Template ${template.name} v${template.version}`,
        isWrite: !template.readOnly,
        spec,
        scripts,
      }
    }
    case 'guided':
      for (const d of devices) scripts.set(d.id, { script: guidedScript(input.guided, d.version) })
      return {
        title: input.title ?? GUIDED_TASKS[input.guided.task],
        isWrite: true,
        spec: {
          task: input.guided.task,
          preview: maskScriptSecrets(guidedScript(input.guided, devices[0]?.version ?? null)),
        },
        scripts,
      }
    case 'firmware':
      for (const d of devices) scripts.set(d.id, { script: null })
      return {
        title:
          input.title ??
          `Firmware upgrade${input.firmware.channel ? ` (${input.firmware.channel})` : ''}`,
        isWrite: true,
        spec: { ...input.firmware },
        scripts,
      }
  }
}

export async function createJob(ctx: JobsCtx, input: JobCreateInput): Promise<JobRow> {
  const now = ctx.deps.clock.now()
  const devices = await devicesOf(ctx.scope, input)
  const plan = await planOf(ctx, input, devices)
  const runnable = devices.filter((d) => plan.scripts.get(d.id)?.error === undefined).length
  if (runnable === 0)
    throw new ValidationError(
      { variables: [...plan.scripts.values()][0]?.error ?? 'Nothing to run.' },
      'No device can run this job.',
    )
  if (plan.isWrite && input.confirmTargets !== runnable) {
    throw new ValidationError(
      {
        confirmTargets: `This job changes ${runnable} device${runnable === 1 ? '' : 's'}: confirm by sending confirmTargets: ${runnable}.`,
      },
      'Confirm the number of devices this job changes.',
    )
  }
  const firmware = input.kind === 'firmware'
  const scheduled = input.notBefore !== undefined && input.notBefore > now
  const job: Omit<JobRow, 'tenant_id'> = {
    id: newId(now),
    kind: input.kind,
    title: plan.title,
    state: scheduled ? 'scheduled' : 'running',
    is_write: plan.isWrite ? 1 : 0,
    spec_json: JSON.stringify(plan.spec),
    concurrency: input.concurrency,
    canary: Math.min(input.canary, devices.length),
    canary_auto: input.canaryAuto ? 1 : 0,
    canary_done: 0,
    stop_on_failure: firmware || input.stopOnFailure ? 1 : 0,
    timeout_s: input.timeoutS,
    mode: input.mode,
    note: null,
    created_by_kind: ctx.actor.kind,
    created_by_id: ctx.actor.id,
    created_by_name: ctx.actor.name,
    created_at: now,
    not_before: input.notBefore ?? null,
    started_at: scheduled ? null : now,
    finished_at: null,
  }
  const targets: Omit<TargetRow, 'tenant_id'>[] = devices.map((d, seq) => {
    const s = plan.scripts.get(d.id)
    return {
      job_id: job.id,
      device_id: d.id,
      device_name: d.name,
      seq,
      state: s?.error !== undefined ? 'skipped' : 'queued',
      attempts: 0,
      script: s?.script ?? null,
      output: '',
      output_capped: 0,
      error: s?.error ?? null,
      before_version: null,
      after_version: null,
      started_at: null,
      finished_at: null,
    }
  })
  await insertJob(ctx.scope, job, targets)
  await recordAudit(
    ctx.deps.db,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: ctx.actor.kind, id: ctx.actor.id, name: ctx.actor.name },
      ip: ctx.actor.ip,
      action: 'job.created',
      target: { type: 'job', id: job.id, label: job.title },
      outcome: 'success',
      details: {
        kind: job.kind,
        targets: devices.length,
        write: plan.isWrite,
        mode: job.mode,
        canary: job.canary,
        concurrency: job.concurrency,
      },
    },
    now,
  )
  if (!scheduled) jobRunner(ctx.deps).start(ctx.scope.tenantId, job.id)
  return { ...job, tenant_id: ctx.scope.tenantId }
}
