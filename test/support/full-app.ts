// The whole application (src/app.ts createApp, every domain mounted) on a fresh database, with
// the same browser-like agents as test-app.ts. Used by the admin domains and the isolation matrix.
import { createApp } from '../../src/app.ts'
import { createTestDeps, type TestDepsOptions } from './db.ts'
import { TestAgent, type TestApp } from './test-app.ts'

let nextIp = 1

export interface FullTestApp extends TestApp {
  app: ReturnType<typeof createApp>
}

export async function createFullTestApp(options: TestDepsOptions = {}): Promise<FullTestApp> {
  const deps = await createTestDeps(options)
  const app = createApp(deps)
  return {
    app,
    deps,
    agent: (ip) =>
      new TestAgent(app, deps, ip ?? `10.8.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`),
    close: () => deps.close(),
  }
}
