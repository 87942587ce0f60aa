// View models of templates.
import type { Variable } from './variables.ts'

export interface TemplateView {
  id: string
  name: string
  description: string
  body: string
  variables: Variable[]
  readOnly: boolean
  version: number
  createdAt: number
  updatedAt: number
}

export interface TemplateVersionView {
  version: number
  body: string
  variables: Variable[]
  changedBy: string
  changedAt: number
  summary: string
}

export interface PreviewRow {
  deviceId: string
  deviceName: string
  script: string
  errors: string[]
}
