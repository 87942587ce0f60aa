// View model of the API reference page (what views/api may import).

export interface ApiFieldRow {
  name: string
  type: string
  required: boolean
  description: string
}

export interface ApiAnswerView {
  status: string
  description: string
  contentType: string | null
  fields: ApiFieldRow[]
  /** the JSON Schema, pretty-printed */
  schema: string | null
}

export interface ApiOperationView {
  id: string
  method: string
  path: string
  summary: string
  description: string
  role: string
  params: (ApiFieldRow & { in: string })[]
  body: ApiFieldRow[] | null
  /** how the fields are sent when not as one object */
  bodyNote: string
  answers: ApiAnswerView[]
}

export interface ApiSectionView {
  tag: string
  operations: ApiOperationView[]
}
