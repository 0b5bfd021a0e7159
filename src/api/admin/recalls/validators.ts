import { z } from "@medusajs/framework/zod"
import { calendarDate, oneOf, optionalText, pagination, requiredText, serialNumbers, stringArray, wholeNumber } from "../../utils/validators"
import { NOTICE_STATUSES, RECALL_STATUSES } from "../../utils/recall-responses"

const statusList = <T extends string>(field: string, values: readonly T[]) =>
  stringArray.superRefine((list, ctx) => {
    const bad = list.filter((v) => !(values as readonly string[]).includes(v))
    if (bad.length) {
      ctx.addIssue({ code: "custom", message: `${field} must be one of ${values.join(", ")} (got ${bad.join(", ")})` })
    }
  })

export const AdminGetRecallsParams = z
  .object({
    status: statusList("status", RECALL_STATUSES).optional(),
    q: z.string().max(100).optional(),
    ...pagination(),
  })
  .strict()
export type AdminGetRecallsParamsType = z.infer<typeof AdminGetRecallsParams>

export const AdminGetRecallParams = z
  .object({
    notice_status: statusList("notice_status", NOTICE_STATUSES).optional(),
    ...pagination({ limit: 50, maxLimit: 1000 }),
  })
  .strict()
export type AdminGetRecallParamsType = z.infer<typeof AdminGetRecallParams>

export const AdminCreateRecall = z
  .object({
    lot_ids: z
      .array(z.string({ message: "lot_ids must be a list of lot ids" }), { message: "lot_ids must be a list of lot ids" })
      .superRefine((ids, ctx) => {
        if (!ids.length) {
          ctx.addIssue({ code: "custom", message: "lot_ids must name at least one lot" })
        } else if (ids.length > 100) {
          ctx.addIssue({ code: "custom", message: "lot_ids can name at most 100 lots per recall" })
        } else if (ids.some((id) => !id.trim())) {
          ctx.addIssue({ code: "custom", message: "lot_ids must not contain empty ids" })
        }
      })
      .optional(),
    /** A recall by serial (docs/SERIALS.md): the units, instead of lots. */
    serial_numbers: serialNumbers().optional(),
    inventory_item_id: z.string().optional(),
    reason: requiredText("reason", 2000),
    public_reason: optionalText("public_reason", 2000),
    classification: oneOf("classification", ["I", "II", "III"] as const).nullish(),
    /** Partial recall (docs/RECALLS.md, Lifecycle): stock at these locations, shipments from them in these days. */
    scope: z
      .object({
        location_ids: z
          .array(z.string({ message: "scope.location_ids must be a list of stock location ids" }), {
            message: "scope.location_ids must be a list of stock location ids",
          })
          .superRefine((ids, ctx) => {
            if (ids.some((id) => !id.trim())) {
              ctx.addIssue({ code: "custom", message: "scope.location_ids must not contain empty ids" })
            } else if (ids.length > 100) {
              ctx.addIssue({ code: "custom", message: "scope.location_ids can name at most 100 locations" })
            }
          })
          .optional(),
        shipped_from: calendarDate("scope.shipped_from").optional(),
        shipped_to: calendarDate("scope.shipped_to").optional(),
      }, { message: "scope must be an object with location_ids, shipped_from or shipped_to" })
      .strict()
      .superRefine((scope, ctx) => {
        if (scope.shipped_from && scope.shipped_to && scope.shipped_from > scope.shipped_to) {
          ctx.addIssue({ code: "custom", message: `scope.shipped_from (${scope.shipped_from}) must not be after scope.shipped_to (${scope.shipped_to})` })
        }
      })
      .nullish(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.scope && body.serial_numbers) {
      ctx.addIssue({ code: "custom", message: "scope applies to recalls by lot; a recall by serial names its units" })
    }
    if (!body.lot_ids && !body.serial_numbers) {
      // The message Medusa gives a missing field (clients read it); serial_numbers is the other way.
      ctx.addIssue({ code: "custom", message: "Field 'lot_ids' is required" })
    } else if (body.lot_ids && body.serial_numbers) {
      ctx.addIssue({ code: "custom", message: "name the lots (lot_ids) or the units (serial_numbers) to recall, not both" })
    }
  })
export type AdminCreateRecallType = z.infer<typeof AdminCreateRecall>

export const AdminCloseRecall = z
  .object({
    outcome: z
      .object({
        destroyed: wholeNumber("outcome.destroyed", { min: 0 }).nullish(),
        note: optionalText("outcome.note", 2000),
      })
      .strict()
      .nullish(),
  })
  .strict()
export type AdminCloseRecallType = z.infer<typeof AdminCloseRecall>

export const AdminNotifyRecall = z.object({}).strict()

export const AdminCancelRecall = z
  .object({
    reason: requiredText("reason", 2000),
  })
  .strict()
export type AdminCancelRecallType = z.infer<typeof AdminCancelRecall>

export const AdminExportRecallParams = z.object({}).strict()
