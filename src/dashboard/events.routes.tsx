// GET /events: the tenant's event history with filters and paging (issue 15).
import { Hono } from 'hono'
import { EventsPage } from '../../views/events/events-page.tsx'
import type { Deps } from '../deps.ts'
import type { AppEnv } from '../http/env.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { eventHistory, eventHistoryQuerySchema } from './event-history.ts'

export function eventsRoutes(deps: Pick<Deps, 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/events', requireTenantRole('viewer'), async (c) => {
    const query = eventHistoryQuerySchema.parse(c.req.query())
    const now = deps.clock.now()
    const data = await eventHistory(c.var.scope, query, now)
    return c.render(
      <EventsPage data={data} now={now} timeZone={c.var.session.timeZone ?? 'UTC'} />,
      { title: 'Events' },
    )
  })
  return app
}
