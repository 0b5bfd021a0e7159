import { z } from "@medusajs/framework/zod"
import { isCalendarDate } from "../../lib/calendar-date"
import { lotNumberProblem } from "../../lib/lot-number"

export const calendarDate = (field: string) =>
  z.string().refine(isCalendarDate, { message: `${field} must be a calendar date written YYYY-MM-DD` })

/**
 * Whole numbers with messages a person can act on. (Medusa's validator
 * replaces zod's messages for min/max/enum issues with generic ones, but
 * keeps custom issues as written.)
 */
export const wholeNumber = (field: string, { min, unit = "units" }: { min: number; unit?: string }) =>
  z.number({ message: `${field} must be a number of ${unit}` }).superRefine((value, ctx) => {
    if (!Number.isInteger(value)) {
      ctx.addIssue({ code: "custom", message: `${field} must be a whole number of ${unit}` })
    } else if (value < min) {
      ctx.addIssue({
        code: "custom",
        message: min === 1 ? `${field} must be greater than 0` : `${field} must not be negative`,
      })
    } else if (value > 1_000_000_000) {
      ctx.addIssue({ code: "custom", message: `${field} is too large` })
    }
  })

export const quantity = (field = "quantity") => wholeNumber(field, { min: 1 })

export const oneOf = <T extends string>(field: string, values: readonly T[]) =>
  z
    .string({ message: `${field} must be one of ${values.join(", ")}` })
    .refine((v) => (values as readonly string[]).includes(v), {
      message: `${field} must be one of ${values.join(", ")}`,
    })
    .transform((v) => v as T)

export const lotNumber = z
  .string()
  .superRefine((value, ctx) => {
    const problem = lotNumberProblem(value)
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem })
    }
  })

export const id = (field: string) => z.string().min(1, { message: `${field} is required` }).max(100)

/** Query strings carry booleans as text. */
export const booleanString = z
  .union([z.boolean(), z.enum(["true", "false"])])
  .transform((v) => v === true || v === "true")

/** `?x=a&x=b`, `?x=a,b` or `?x=a`: always an array. */
export const stringArray = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(",")).filter(Boolean))

export const pagination = {
  limit: z.coerce.number().int().min(1).max(500).default(20),
  offset: z.coerce.number().int().min(0).default(0),
}
