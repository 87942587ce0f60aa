// Bundled by test/bench/pages-while-polling.ts with esbuild (the app has .tsx views, which plain
// node cannot load): createApp (to wire it to a running poller, as startup.ts does), the
// cookie-keeping agent and the sign-in helpers.
export { createApp } from '../../../src/app.ts'
export { TestAgent } from '../../support/test-app.ts'
export { loginAs, makeTenant } from '../../support/login.ts'
