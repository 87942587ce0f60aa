// GET /api-docs: the API reference as a page (server-rendered, no script), for every signed-in
// user. Built from the same OpenAPI document /api/v1/openapi.json serves.
import { Hono } from 'hono'
import { ApiReferencePage } from '../../views/api/api-reference-page.tsx'
import type { AppEnv } from '../http/env.ts'
import { requireSignedIn } from '../http/middleware/require-role.ts'
import { APP_VERSION } from '../lib/version.ts'
import { apiReference } from './api-reference.ts'
import type { ApiRouter } from './api-router.ts'
import { openApiDocument } from './openapi.ts'

export function apiDocsRoutes(api: ApiRouter): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  let sections: ReturnType<typeof apiReference> | undefined
  app.get('/api-docs', requireSignedIn(), (c) => {
    sections ??= apiReference(openApiDocument(api.specs))
    return c.render(<ApiReferencePage sections={sections} version={APP_VERSION} />, {
      title: 'API reference',
    })
  })
  return app
}
