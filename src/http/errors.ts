// The web layer's view of the error family: the classes live in src/lib/errors.ts (services throw
// them without importing src/http); routes and middleware may keep importing them from here.
export * from '../lib/errors.ts'
