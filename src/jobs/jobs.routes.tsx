// Pages of fleet jobs: the Jobs list (live), a job's page (live, cancel/resume/retry, CSV), the
// bulk command form, templates (versions, preview, run) and the guided config forms.
import { Hono, type Context } from 'hono'
import { GuidedPage } from '../../views/jobs/guided-page.tsx'
import { JobPage, JobPanel } from '../../views/jobs/job-page.tsx'
import { JobRows, JobsPage } from '../../views/jobs/jobs-page.tsx'
import { TemplatePage, TemplatesPage } from '../../views/jobs/templates-page.tsx'
import type { Deps } from '../deps.ts'
import { canEditDevices } from '../devices/index.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { readForm } from '../http/forms.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { actorOf } from '../http/request-actor.ts'
import { AppError, ValidationError } from '../lib/errors.ts'
import { createJob, type JobsCtx } from './job-create.service.ts'
import {
  guidedFromForm,
  gridFromText,
  jobFromForm,
  variablesFromText,
  variablesToText,
} from './job-form.ts'
import { previewGuided } from './guided/guided.service.ts'
import { GUIDED_TASKS } from './guided/guided.schema.ts'
import { cancelJob, getJobDetail, listJobViews, resumeJob, retryJob } from './jobs.service.ts'
import { jobsLive } from './jobs-live.ts'
import { jobRunner } from './runner-registry.ts'
import { templateInputSchema } from './templates/templates.schema.ts'
import {
  getTemplate,
  listTemplates,
  previewTemplate,
  saveTemplateVersion,
} from './templates/templates.service.ts'

const one = (v: Record<string, string | string[]>, k: string): string => {
  const x = v[k]
  return (Array.isArray(x) ? x[0] : x) ?? ''
}

export function jobsRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const
  const ctxOf = (c: Context<TenantEnv>): JobsCtx => {
    const a = actorOf(c)
    return { deps, scope: c.var.scope, actor: { kind: a.kind, id: a.id, name: a.name, ip: a.ip } }
  }
  const listPage = async (c: Context<TenantEnv>, error?: string) =>
    c.render(
      <JobsPage
        jobs={await listJobViews(ctxOf(c))}
        now={deps.clock.now()}
        canOperate={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
        error={error}
      />,
      { title: 'Jobs' },
    )
  /** a form error re-renders the page with the message (422) instead of the error page */
  const orError = async (
    c: Context<TenantEnv>,
    run: () => Promise<Response>,
    again: (msg: string) => Response | Promise<Response>,
  ) => {
    try {
      return await run()
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 422) throw e
      const msg =
        e instanceof ValidationError ? (Object.values(e.fields)[0] ?? e.message) : e.message
      c.status(422)
      return again(msg)
    }
  }

  app.get('/jobs', ...viewer, (c) => listPage(c))
  app.get('/jobs/rows', ...viewer, async (c) =>
    c.html(<JobRows jobs={await listJobViews(ctxOf(c))} now={deps.clock.now()} />),
  )
  app.get('/jobs/live', ...viewer, (c) => jobsLive(c, jobRunner(deps)))
  app.post('/jobs', ...operator, async (c) => {
    const v = await readForm(c)
    return orError(
      c,
      async () =>
        c.redirect(
          `/jobs/${(await createJob(ctxOf(c), jobFromForm(v, { kind: 'command', command: one(v, 'command') }))).id}`,
          303,
        ),
      (m) => listPage(c, m),
    )
  })

  app.get('/jobs/guided', ...operator, (c) => {
    const task = c.req.query('task') ?? 'wan-dhcp'
    return c.render(
      <GuidedPage
        tasks={GUIDED_TASKS}
        task={task in GUIDED_TASKS ? task : 'wan-dhcp'}
        values={{}}
        csrfToken={c.var.csrfToken}
      />,
      { title: 'Guided config' },
    )
  })
  app.post('/jobs/guided', ...operator, async (c) => {
    const v = await readForm(c)
    const values = Object.fromEntries(Object.keys(v).map((k) => [k, one(v, k)]))
    const page = async (extra: {
      preview?: { deviceName: string; script: string }[]
      error?: string
    }) =>
      c.render(
        <GuidedPage
          tasks={GUIDED_TASKS}
          task={one(v, 'task')}
          values={values}
          csrfToken={c.var.csrfToken}
          {...extra}
        />,
        { title: 'Guided config' },
      )
    return orError(
      c,
      async () => {
        const guided = guidedFromForm(v)
        const input = jobFromForm(v, { kind: 'guided', guided })
        if (one(v, 'action') !== 'run') {
          return page({ preview: await previewGuided(ctxOf(c).scope, guided, input.targets) })
        }
        return c.redirect(`/jobs/${(await createJob(ctxOf(c), input)).id}`, 303)
      },
      (m) => page({ error: m }),
    )
  })

  app.get('/jobs/:jobId', ...viewer, async (c) => {
    const job = await getJobDetail(ctxOf(c), c.req.param('jobId'))
    return c.render(
      <JobPage
        job={job}
        canOperate={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
        now={deps.clock.now()}
      />,
      { title: job.title },
    )
  })
  app.get('/jobs/:jobId/panel', ...viewer, async (c) => {
    const job = await getJobDetail(ctxOf(c), c.req.param('jobId'))
    return c.html(
      <JobPanel
        job={job}
        canOperate={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
        now={deps.clock.now()}
      />,
    )
  })
  for (const [name, fn] of [
    ['cancel', cancelJob],
    ['resume', resumeJob],
    ['retry', retryJob],
  ] as const) {
    app.post(`/jobs/:jobId/${name}`, ...operator, async (c) => {
      await fn(ctxOf(c), c.req.param('jobId'))
      return c.redirect(`/jobs/${c.req.param('jobId')}`, 303)
    })
  }

  const templatesPage = async (c: Context<TenantEnv>, error?: string) =>
    c.render(
      <TemplatesPage
        templates={await listTemplates(ctxOf(c))}
        canOperate={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
        now={deps.clock.now()}
        error={error}
      />,
      { title: 'Templates' },
    )
  const templatePage = async (
    c: Context<TenantEnv>,
    extra: { preview?: Awaited<ReturnType<typeof previewTemplate>>['rows']; error?: string } = {},
  ) => {
    const { template, versions } = await getTemplate(ctxOf(c), c.req.param('templateId') ?? '')
    return c.render(
      <TemplatePage
        template={template}
        versions={versions}
        variablesText={variablesToText(template.variables)}
        canOperate={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
        now={deps.clock.now()}
        {...extra}
      />,
      { title: template.name },
    )
  }
  const templateInput = (v: Record<string, string | string[]>) => {
    const r = templateInputSchema.safeParse({
      name: one(v, 'name'),
      description: one(v, 'description'),
      body: one(v, 'body').replace(/\r\n/g, '\n'),
      variables: variablesFromText(one(v, 'variables')),
    })
    if (!r.success)
      throw new ValidationError({
        form: `${r.error.issues[0]?.path.join('.') ?? ''}: ${r.error.issues[0]?.message ?? ''}`,
      })
    return r.data
  }
  app.get('/templates', ...viewer, (c) => templatesPage(c))
  app.post('/templates', ...operator, async (c) => {
    const v = await readForm(c)
    return orError(
      c,
      async () =>
        c.redirect(
          `/templates/${(await saveTemplateVersion(ctxOf(c), undefined, templateInput(v))).id}`,
          303,
        ),
      (m) => templatesPage(c, m),
    )
  })
  app.get('/templates/:templateId', ...viewer, (c) => templatePage(c))
  app.post('/templates/:templateId', ...operator, async (c) => {
    const v = await readForm(c)
    return orError(
      c,
      async () =>
        c.redirect(
          `/templates/${(await saveTemplateVersion(ctxOf(c), c.req.param('templateId'), templateInput(v))).id}`,
          303,
        ),
      (m) => templatePage(c, { error: m }),
    )
  })
  app.post('/templates/:templateId/run', ...operator, async (c) => {
    const v = await readForm(c)
    const id = c.req.param('templateId')
    const grid = gridFromText(one(v, 'grid'))
    return orError(
      c,
      async () => {
        const input = jobFromForm(v, { kind: 'template', templateId: id, variables: grid })
        if (one(v, 'action') !== 'run')
          return templatePage(c, {
            preview: (await previewTemplate(ctxOf(c), id, input.targets, grid)).rows.slice(0, 50),
          })
        return c.redirect(`/jobs/${(await createJob(ctxOf(c), input)).id}`, 303)
      },
      (m) => templatePage(c, { error: m }),
    )
  })
  return app
}
