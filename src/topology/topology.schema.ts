// Site coordinates as typed in the map's form or sent as JSON: both empty clears them; one alone
// or a value out of range is refused with the field named.
import { z } from 'zod'

const coordinate = (max: number, name: string) =>
  z.preprocess(
    (v) =>
      v === '' || v === undefined ? null : typeof v === 'string' ? Number(v.trim() || 'x') : v,
    z
      .number({ error: `Enter the ${name} as a number of degrees.` })
      .min(-max, `The ${name} must be between -${max} and ${max}.`)
      .max(max, `The ${name} must be between -${max} and ${max}.`)
      .nullable(),
  )

const both = {
  message: 'Enter both latitude and longitude, or neither to clear them.',
  path: ['longitude'],
}
const paired = (v: { latitude: number | null; longitude: number | null }) =>
  (v.latitude === null) === (v.longitude === null)

const fields = { latitude: coordinate(90, 'latitude'), longitude: coordinate(180, 'longitude') }

export const siteLocationSchema = z.object(fields).refine(paired, both)
export type SiteLocationInput = z.infer<typeof siteLocationSchema>

/** The map page's form also names the site. */
export const siteLocationFormSchema = z
  .object({ siteId: z.string().min(1, 'Choose a site.'), ...fields })
  .refine(paired, both)
