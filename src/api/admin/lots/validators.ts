import { z } from "@medusajs/framework/zod"
import { LOT_STATUSES } from "../../../modules/lot_tracking/models/lot"
import { WRITE_OFF_REASONS } from "../../../workflows/write-off-lot-stock"
import { binProblem, supplierLotCodeProblem } from "../../../lib/opening-balance"
import {
  booleanString,
  boundedText as text,
  calendarDate,
  id,
  lotNumber,
  oneOf,
  pagination,
  quantity,
  serialNumbers,
  serialRange,
  stringArray,
  wholeNumber,
} from "../../utils/validators"
const note = text("note", 1000).nullish()

/** A rule of src/lib/opening-balance.ts as a zod check (custom issues keep their words through Medusa's validator). */
const checked = (problem: (v: unknown) => string | null) =>
  z
    .string()
    .superRefine((v, ctx) => {
      const p = problem(v)
      if (p) {
        ctx.addIssue({ code: "custom", message: p })
      }
    })
    .transform((v) => v.trim())

/** A shelf code at a location: 1-32 characters. */
export const bin = (field = "bin") => checked((v) => binProblem(v, field))
/** The supplier's own batch code: 1-100 characters. */
export const supplierLotCode = checked((v) => supplierLotCodeProblem(v))

/**
 * Cost of one unit at receipt, in the store's default currency: an amount
 * from 0; the workflow checks the decimals against that currency (EUR 2, JPY 0).
 */
export const unitCost = z
  .number({ message: "unit_cost must be an amount (a number) in the store's currency" })
  .superRefine((v, ctx) => {
    if (!Number.isFinite(v) || v < 0) {
      ctx.addIssue({ code: "custom", message: "unit_cost must be an amount of 0 or more" })
    } else if (v > 1_000_000_000) {
      ctx.addIssue({ code: "custom", message: "unit_cost is too large" })
    }
  })

/** Write-off and transfer: a quantity, or serials (and then a quantity, if given, must be their count). */
function quantityOrSerials(body: { quantity?: number; serial_numbers?: string[] }, ctx: z.RefinementCtx) {
  if (body.quantity === undefined && !body.serial_numbers) {
    ctx.addIssue({ code: "custom", message: "quantity is required (or serial_numbers, for a serialized item)" })
  } else if (body.quantity !== undefined && body.serial_numbers && body.serial_numbers.length !== body.quantity) {
    ctx.addIssue({
      code: "custom",
      message: `quantity (${body.quantity}) must equal the number of serial_numbers (${body.serial_numbers.length})`,
    })
  }
}

export const AdminGetLotsParams = z
  .object({
    q: z.string().max(100).optional(),
    id: stringArray.optional(),
    inventory_item_id: stringArray.optional(),
    location_id: stringArray.optional(),
    status: z
      .union([z.enum(LOT_STATUSES), z.array(z.enum(LOT_STATUSES))])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .optional(),
    expires_before: calendarDate("expires_before").optional(),
    expires_after: calendarDate("expires_after").optional(),
    expired: booleanString.optional(),
    has_stock: booleanString.optional(),
    supplier_lot_code: stringArray.optional(),
    bin: stringArray.optional(),
    order: z.string().optional(),
    ...pagination(),
  })
  .strict()
export type AdminGetLotsParamsType = z.infer<typeof AdminGetLotsParams>

export const AdminCreateLot = z
  .object({
    inventory_item_id: id("inventory_item_id"),
    lot_number: lotNumber.optional(),
    manufactured_at: calendarDate("manufactured_at").nullish(),
    expires_at: calendarDate("expires_at").nullish(),
    best_before: calendarDate("best_before").nullish(),
    received_at: z.string().datetime({ offset: true, message: "received_at must be an ISO 8601 date-time" }).optional(),
    supplier: text("supplier").nullish(),
    supplier_lot_code: supplierLotCode.nullish(),
    origin: text("origin").nullish(),
    unit_cost: unitCost.nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
    receive: z
      .array(
        z
          .object({
            location_id: id("location_id"),
            quantity: quantity(),
            bin: bin().optional(),
            serial_numbers: serialNumbers().optional(),
            serial_range: serialRange.optional(),
          })
          .strict()
      )
      .max(100)
      .optional(),
    note,
    allow_expired: z.boolean().optional(),
  })
  .strict()
export type AdminCreateLotType = z.infer<typeof AdminCreateLot>

export const AdminUpdateLot = z
  .object({
    lot_number: lotNumber.optional(),
    manufactured_at: calendarDate("manufactured_at").nullish(),
    expires_at: calendarDate("expires_at").nullish(),
    best_before: calendarDate("best_before").nullish(),
    supplier: text("supplier").nullish(),
    supplier_lot_code: supplierLotCode.nullish(),
    origin: text("origin").nullish(),
    unit_cost: unitCost.nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
  })
  .strict()
export type AdminUpdateLotType = z.infer<typeof AdminUpdateLot>

export const AdminReceiveLotStock = z
  .object({
    location_id: id("location_id"),
    quantity: quantity(),
    bin: bin().optional(),
    note,
    allow_expired: z.boolean().optional(),
    serial_numbers: serialNumbers().optional(),
    serial_range: serialRange.optional(),
  })
  .strict()
export type AdminReceiveLotStockType = z.infer<typeof AdminReceiveLotStock>

export const AdminAdjustLotStock = z
  .object({
    location_id: id("location_id"),
    // A counted quantity: zero is a valid count.
    quantity: wholeNumber("quantity", { min: 0 }),
    reason: text("reason").refine((v) => v.trim().length > 0, { message: "reason is required" }),
    note,
  })
  .strict()
export type AdminAdjustLotStockType = z.infer<typeof AdminAdjustLotStock>

export const AdminTransferLotStock = z
  .object({
    from_location_id: id("from_location_id"),
    to_location_id: id("to_location_id"),
    to_bin: bin("to_bin").optional(),
    // Serialized items name the units; the quantity may then be left out.
    quantity: quantity().optional(),
    serial_numbers: serialNumbers().optional(),
    note,
  })
  .strict()
  .superRefine(quantityOrSerials)
export type AdminTransferLotStockType = z.infer<typeof AdminTransferLotStock>

export const AdminWriteOffLotStock = z
  .object({
    location_id: id("location_id"),
    quantity: quantity().optional(),
    serial_numbers: serialNumbers().optional(),
    reason: oneOf("reason", WRITE_OFF_REASONS),
    note,
  })
  .strict()
  .superRefine(quantityOrSerials)
export type AdminWriteOffLotStockType = z.infer<typeof AdminWriteOffLotStock>

export const AdminPutAwayLotStock = z
  .object({
    location_id: id("location_id"),
    bin: bin().nullable(),
    note,
  })
  .strict()
export type AdminPutAwayLotStockType = z.infer<typeof AdminPutAwayLotStock>

export const AdminLotStatusChange = z.object({ reason: text("reason").nullish() }).strict()
export type AdminLotStatusChangeType = z.infer<typeof AdminLotStatusChange>

export const AdminGetLotMovementsParams = z
  .object({
    type: stringArray.optional(),
    location_id: stringArray.optional(),
    ...pagination({ limit: 50 }),
  })
  .strict()
export type AdminGetLotMovementsParamsType = z.infer<typeof AdminGetLotMovementsParams>
