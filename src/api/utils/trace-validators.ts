import { z } from "@medusajs/framework/zod"

/**
 * A whole number from a query string (`?limit=20`), with a message a person
 * can act on (Medusa's validator replaces zod's own min/max messages).
 */
export const queryNumber = (field: string, { min, max, fallback }: { min: number; max: number; fallback: number }) =>
  z
    .union([z.string(), z.number()])
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") {
        return fallback
      }
      const n = Number(v)
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `${field} must be a whole number from ${min} to ${max}` })
        return z.NEVER
      }
      return n
    })

/** Required, non-blank text of at most `max` characters. */
export const requiredText = (field: string, max: number) =>
  z
    .string({ message: `${field} is required` })
    .superRefine((v, ctx) => {
      if (!v.trim()) {
        ctx.addIssue({ code: "custom", message: `${field} is required` })
      } else if (v.length > max) {
        ctx.addIssue({ code: "custom", message: `${field} must be at most ${max} characters` })
      }
    })
    .transform((v) => v.trim())

/** Optional text of at most `max` characters; blank means none. */
export const optionalText = (field: string, max: number) =>
  z
    .string({ message: `${field} must be text` })
    .superRefine((v, ctx) => {
      if (v.length > max) {
        ctx.addIssue({ code: "custom", message: `${field} must be at most ${max} characters` })
      }
    })
    .transform((v) => v.trim() || null)
    .nullish()
