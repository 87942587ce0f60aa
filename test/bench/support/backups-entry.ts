// Bundled by test/bench/backups.ts with esbuild (the devices domain pulls in .tsx views, which
// plain node cannot load): the backups service and what a bench needs to set up devices.
export { listBackups, searchConfigs, storeCapture } from '../../../src/backups/backups.service.ts'
export { forTenant } from '../../../src/db/tenant-scope.ts'
export { addDevice } from '../../../src/devices/devices.service.ts'
export { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
export { newId } from '../../../src/lib/ids.ts'
export { createTestDeps, sqliteOf } from '../../support/db.ts'
