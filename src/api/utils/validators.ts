import { z } from "@medusajs/framework/zod"
import { isCalendarDate } from "../../lib/calendar-date"
import { lotNumberProblem } from "../../lib/lot-number"
import { serialNumberProblem, serialRangeProblem, SERIALS_PER_REQUEST_MAX } from "../../lib/serial-numbers"

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

/** Text of at most `max` characters, kept as written. */
export const boundedText = (field: string, max = 200) =>
  z.string().max(max, { message: `${field} must be at most ${max} characters` })

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

/** Largest `offset` a list accepts. */
export const MAX_OFFSET = 1_000_000_000

/**
 * `?limit=20&offset=40`: one page of a list, by default the first `limit`
 * rows, with messages a person can act on.
 */
export const pagination = ({ limit = 20, maxLimit = 500 }: { limit?: number; maxLimit?: number } = {}) => ({
  limit: queryNumber("limit", { min: 1, max: maxLimit, fallback: limit }),
  offset: queryNumber("offset", { min: 0, max: MAX_OFFSET, fallback: 0 }),
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

/**
 * Request bodies that may carry up to 10,000 serial numbers of up to 64
 * characters (about 700 KB of JSON): above Medusa's default 100 KB limit.
 */
export const SERIAL_BODY_LIMIT = { sizeLimit: "2mb" }

/**
 * A list of serial numbers (docs/SERIALS.md): 1-64 printable characters each,
 * at most 10,000 per request. Custom issues: Medusa's validator rewrites zod's
 * own min/max messages.
 */
export const serialNumbers = (field = "serial_numbers") =>
  z.array(z.string({ message: `${field} must be a list of serial numbers (text)` })).superRefine((values, ctx) => {
    if (!values.length) {
      ctx.addIssue({ code: "custom", message: `${field} must name at least one serial number` })
      return
    }
    if (values.length > SERIALS_PER_REQUEST_MAX) {
      ctx.addIssue({ code: "custom", message: `${field} may name at most ${SERIALS_PER_REQUEST_MAX} serial numbers` })
      return
    }
    for (const v of values) {
      const problem = serialNumberProblem(v, `${field}: serial number`)
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem })
        return
      }
    }
  })

/** `{ from, to }`: a range of serials with one prefix and a numeric tail of equal width. */
export const serialRange = z
  .object({ from: z.string(), to: z.string() }, { message: "serial_range must be { from, to }" })
  .strict()
  .superRefine((range, ctx) => {
    const problem = serialRangeProblem(range)
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem })
    }
  })
