// Public surface of the reports domain (issue 18): pages, API, and the process's report jobs
// (status history and monthly schedules) that startup.ts runs.
export { reportsRoutes } from './reports.routes.tsx'
export { reportsApi } from './reports-api.routes.ts'
export { ReportJobs, type ReportJobsOptions } from './report-scheduler.ts'
export { generateReport, type ReportsCtx, type ReportsDeps } from './reports.service.ts'
export { KIND_TITLES, REPORT_KINDS, type ReportView } from './reports.types.ts'
