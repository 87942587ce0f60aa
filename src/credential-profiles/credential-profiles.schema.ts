// Forms and JSON bodies of credential profiles. A blank password on an edit keeps the stored one.
import { z } from 'zod'
import { textRule } from '../lib/input-rules.ts'

const name = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, { error: 'Enter a name.' })
  .max(100, { error: 'Use at most 100 characters.' })
  .superRefine(textRule('name'))

const username = z
  .string({ error: 'Enter the user name.' })
  .trim()
  .min(1, { error: 'Enter the user name.' })
  .max(100, { error: 'The user name is too long.' })
  .superRefine(textRule('line'))

const password = z
  .string({ error: 'Enter the password.' })
  .max(200, { error: 'The password is too long.' })
  .superRefine(textRule('line'))

/** A new profile: the password may be empty, as on a fresh router. */
export const credentialProfileCreateSchema = z.object({
  name,
  username,
  password: z.preprocess((v) => v ?? '', password),
})

/** An edit: a blank or absent password keeps the stored one (a rotation sends a new one). */
export const credentialProfileUpdateSchema = z.object({
  name,
  username,
  password: z.preprocess((v) => (v === undefined || v === '' ? null : v), password.nullable()),
})

export type CredentialProfileCreateInput = z.infer<typeof credentialProfileCreateSchema>
export type CredentialProfileUpdateInput = z.infer<typeof credentialProfileUpdateSchema>
