import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { driftNotice, type Drift } from "../../../lib/reconcile"

export const notifyLotDriftStepId = "notify-lot-drift"

/**
 * The daily reconcile's report of what it could not repair: one admin feed
 * notification (`channel: "feed"`, template `admin-ui`, `data: { title,
 * description }`, as the expiry watch sends), at most one per day
 * (idempotency key `lot-reconcile:<day>`). Nothing when everything balanced.
 * A notification cannot be taken back, so no compensation.
 */
export const notifyLotDriftStep = createStep(
  notifyLotDriftStepId,
  async (input: { enabled: boolean; today: string; remaining: Drift[]; repaired: number }, { container }) => {
    const notice = input.enabled ? driftNotice(input.remaining, input.repaired, input.today) : null
    if (!notice) {
      return new StepResponse({ notification_id: null as string | null })
    }
    if (!container.hasRegistration(Modules.NOTIFICATION)) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`Lot reconcile: no Notification Module is registered; ${notice.title}: ${notice.description}`)
      return new StepResponse({ notification_id: null as string | null })
    }
    const [created] = (await container.resolve(Modules.NOTIFICATION).createNotifications([
      {
        to: "",
        channel: "feed",
        template: "admin-ui",
        trigger_type: "lot.reconcile",
        resource_type: "lot_reconcile",
        resource_id: input.today,
        idempotency_key: `lot-reconcile:${input.today}`,
        data: { title: notice.title, description: notice.description, remaining: input.remaining.length, repaired: input.repaired },
      },
    ])) as { id: string }[]
    return new StepResponse({ notification_id: created?.id ?? null })
  }
)
