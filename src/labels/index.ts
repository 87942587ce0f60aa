// Public surface of the labels domain (sites, tags, device groups) for devices, the API and app.
export { labelRoutes, labelCtx, type LabelsDeps } from './labels.routes.tsx'
export {
  createLabel,
  getLabel,
  labelView,
  labelsOf,
  removeLabel,
  renameLabel,
  type LabelCtx,
} from './labels.service.ts'
export {
  existingLabelIds,
  findLabel,
  findLabelByName,
  insertLabel,
  listLabelRefs,
} from './labels.repo.ts'
export { labelSchema, type LabelInput } from './labels.schema.ts'
export {
  LABEL_KINDS,
  type Label,
  type LabelActor,
  type LabelKind,
  type LabelRef,
} from './labels.types.ts'
