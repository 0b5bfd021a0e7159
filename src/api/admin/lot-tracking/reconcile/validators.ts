import { z } from "@medusajs/framework/zod"
import { DRIFT_KINDS, REPAIRABLE_KINDS } from "../../../../lib/reconcile"
import { booleanString, oneOf, pagination, stringArray } from "../../../utils/validators"

export const MAX_GRACE_SECONDS = 86400

/** Seconds a line must have been left alone before it is repaired (0 to 86400), from a query string or JSON. */
const graceSeconds = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const n = typeof value === "number" ? value : value.trim() === "" ? Number.NaN : Number(value)
  if (!Number.isInteger(n) || n < 0 || n > MAX_GRACE_SECONDS) {
    ctx.addIssue({
      code: "custom",
      message: `grace_seconds must be a whole number of seconds from 0 to ${MAX_GRACE_SECONDS} (default 60): lines changed more recently are left for a later run`,
    })
    return z.NEVER
  }
  return n
})

const kindList = <T extends string>(field: string, kinds: readonly T[]) =>
  stringArray.superRefine((values, ctx) => {
    const unknown = values.filter((v) => !(kinds as readonly string[]).includes(v))
    if (unknown.length) {
      ctx.addIssue({ code: "custom", message: `${field} must be among ${kinds.join(", ")} (got ${unknown.join(", ")})` })
    }
  }).transform((values) => values as T[])

/** `GET /admin/lot-tracking/reconcile`: every difference, filtered by kind or repairability, paginated. */
export const AdminGetReconcileParams = z
  .object({
    kind: kindList("kind", DRIFT_KINDS).optional(),
    repairable: booleanString.optional(),
    grace_seconds: graceSeconds.optional(),
    ...pagination({ limit: 100 }),
  })
  .strict()
export type AdminGetReconcileParamsType = z.infer<typeof AdminGetReconcileParams>

/** `POST /admin/lot-tracking/reconcile`: `{}` repairs every repairable kind. */
export const AdminRunReconcile = z
  .object({
    kinds: z
      .array(oneOf("kinds", REPAIRABLE_KINDS), { message: `kinds must be a list of ${REPAIRABLE_KINDS.join(", ")}` })
      .superRefine((value, ctx) => {
        if (!value.length) {
          ctx.addIssue({ code: "custom", message: "kinds must name at least one kind to repair; leave it out to repair every kind" })
        }
      })
      .optional(),
    grace_seconds: graceSeconds.optional(),
    dismiss_failure_ids: z.array(z.string().min(1).max(100)).max(1000).optional(),
  })
  .strict()
export type AdminRunReconcileType = z.infer<typeof AdminRunReconcile>
