import { z } from 'zod'

export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 256

/** A new password: long rather than complex (NIST SP 800-63B); the maximum bounds hashing work. */
export const newPasswordSchema = z
  .string({ error: 'Enter a new password.' })
  .min(PASSWORD_MIN, { error: `Use at least ${PASSWORD_MIN} characters.` })
  .max(PASSWORD_MAX, { error: `Use at most ${PASSWORD_MAX} characters.` })

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, { error: 'Enter your current password.' }).max(PASSWORD_MAX),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    error: 'The two new passwords do not match.',
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ['newPassword'],
    error: 'Choose a password different from the current one.',
  })

export const loginSchema = z.object({
  username: z.string().trim().min(1, { error: 'Enter your user name.' }).max(128),
  password: z.string().min(1, { error: 'Enter your password.' }).max(PASSWORD_MAX),
  next: z.string().optional(),
})
