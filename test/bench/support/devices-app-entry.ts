// Bundled by test/bench/devices-table.ts with esbuild (the app has .tsx views, which plain node
// cannot load): the whole app on a fresh database plus the sign-in helpers.
export { createTestApp } from '../../support/test-app.ts'
export { loginAs, makeTenant } from '../../support/login.ts'
