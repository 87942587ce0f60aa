// Bundled by test/bench/dashboard-page.ts with esbuild (the app has .tsx views, which plain node
// cannot load): the app with live sources plus the sign-in helpers.
export { createDashboardApp } from '../../integration/dashboard/dashboard-app.ts'
export { loginAs, makeTenant } from '../../support/login.ts'
