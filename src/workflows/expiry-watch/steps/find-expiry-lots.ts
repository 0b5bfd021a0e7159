import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { ExpiryListLot } from "../../../read-models/expiry-lots"

export type FindExpiryLotsInput = {
  /** ISO instant the run is for; its calendar day in the plugin's time zone is "today". */
  now?: string | null
  auto_write_off?: boolean | null
}

export type FindExpiryLotsOutput = {
  today: string
  auto_write_off: boolean
  /** Every expired or expiring lot with stock (recalled lots are left to the recall desk). */
  lots: ExpiryListLot[]
  /** Lots in a state not yet announced for their current expiry date. */
  to_announce: ExpiryListLot[]
}

export const findExpiryLotsStepId = "find-expiry-lots"

/**
 * Today in the merchant's time zone, and the lots of tracked items with stock
 * on hand that are expired or inside their item's warning window, by the one
 * expiry rule. A lot is to be announced in a state unless an alert for that
 * state and the same expiry date exists (a corrected expiry date is announced
 * again).
 */
export const findExpiryLotsStep = createStep(
  findExpiryLotsStepId,
  async (input: FindExpiryLotsInput, { container }) => {
    const service = lotService(container)
    const options = await service.getOptions()
    const now = input.now ? new Date(input.now) : new Date()
    if (Number.isNaN(now.getTime())) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `now must be an ISO 8601 date-time (got ${input.now})`)
    }
    const today = await service.today(now)
    const { lots } = await service.listExpiryLots({
      today,
      defaultWarningDays: options.expiry_warning_days,
      excludeStatuses: ["recalled"],
    })
    const to_announce = lots.filter(
      (lot) => !lot.alerts.some((a) => a.state === lot.state && a.expires_at === lot.expires_at)
    )
    return new StepResponse<FindExpiryLotsOutput>({
      today,
      auto_write_off: input.auto_write_off ?? options.auto_write_off_expired,
      lots,
      to_announce,
    })
  }
)
