// Input of the template form and of POST /api/v1/templates.
import { z } from 'zod'
import { placeholders } from './render.ts'
import { variableSchema } from './variables.ts'

export const templateInputSchema = z
  .object({
    name: z.string().trim().min(1, 'A name is required.').max(100),
    description: z.string().max(500).default(''),
    body: z.string().min(1, 'The script is empty.').max(100_000),
    variables: z.array(variableSchema).max(50).default([]),
  })
  .superRefine((t, ctx) => {
    const names = new Set<string>()
    for (const [i, v] of t.variables.entries()) {
      if (names.has(v.name))
        ctx.addIssue({
          code: 'custom',
          path: ['variables', i, 'name'],
          message: `${v.name} is declared twice.`,
        })
      names.add(v.name)
      if (v.type === 'choice' && (v.choices ?? []).length === 0)
        ctx.addIssue({
          code: 'custom',
          path: ['variables', i, 'choices'],
          message: `${v.name} is a choice: list its choices.`,
        })
    }
    for (const p of placeholders(t.body))
      if (!names.has(p))
        ctx.addIssue({
          code: 'custom',
          path: ['body'],
          message: `{{${p}}} is used but not declared as a variable.`,
        })
  })
export type TemplateInput = z.output<typeof templateInputSchema>
