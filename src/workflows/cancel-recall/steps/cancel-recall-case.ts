import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { RecallScope } from "../../../lib/recall"

export type CancelRecallInput = {
  recall_id: string
  reason: string
  actor_id?: string | null
}

export type CanceledRecall = {
  id: string
  reference: string
  scope: RecallScope | null
  lots: { lot_id: string; lot_number: string; inventory_item_id: string; previous_status: string }[]
  voided_notices: number
}

/** Notice statuses a cancel voids: not sent yet. Sent and acknowledged notices stay as they are (the customer was told). */
const UNSENT = ["pending", "failed"] as const

export const cancelRecallCaseStepId = "cancel-recall-case"

/**
 * Marks an open recall canceled (who, when, why; the record stays) and voids
 * its notices not yet sent. Under the recall's close and notify locks, so a
 * close or a Notify in flight finishes first and one that comes after sees
 * the recall canceled. Refuses a recall that is not open. Compensation
 * reopens it and puts the notices back as they were.
 */
export const cancelRecallCaseStep = createStep(
  cancelRecallCaseStepId,
  async (input: CancelRecallInput, { container }) => {
    const service = lotService(container)
    const locking = container.resolve(Modules.LOCKING)
    // One key per execute, close then notify (each of those paths takes only its own key: no cycle).
    const underRecallLocks = <T>(job: () => Promise<T>) =>
      locking.execute(`lot-recall-close:${input.recall_id}`, () => locking.execute(`lot-recall-notify:${input.recall_id}`, job))
    const done = await underRecallLocks(async () => {
      const [recall] = await service.listRecalls({ id: input.recall_id }, { relations: ["lots"] })
      if (!recall) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Recall ${input.recall_id} was not found`)
      }
      if (recall.status !== "open") {
        const since = recall.status === "closed" ? recall.closed_at : recall.canceled_at
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Recall ${recall.reference} is already ${recall.status}${since ? ` (since ${new Date(since as any).toISOString()})` : ""}; only an open recall can be canceled`
        )
      }
      if (!(recall.lots ?? []).length) {
        // A recall by serial blocks units, not lots: undoing it is not part of this path.
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Recall ${recall.reference} names units by serial; only a recall of lots can be canceled`)
      }
      const unsent = await service.listRecallNotices({ recall_id: recall.id, status: [...UNSENT] }, { select: ["id", "status"] })
      await service.updateRecalls({
        id: recall.id,
        status: "canceled",
        canceled_by: input.actor_id ?? null,
        canceled_at: new Date(),
        cancel_reason: input.reason,
      })
      if (unsent.length) {
        await service.updateRecallNotices({ selector: { id: unsent.map((n) => n.id) }, data: { status: "void" } })
      }
      const result: CanceledRecall = {
        id: recall.id,
        reference: recall.reference,
        scope: (recall.scope ?? null) as RecallScope | null,
        lots: (recall.lots ?? []).map((l: any) => ({
          lot_id: l.lot_id,
          lot_number: l.lot_number,
          inventory_item_id: l.inventory_item_id,
          previous_status: l.previous_status,
        })),
        voided_notices: unsent.length,
      }
      return { result, undo: { id: recall.id, notices: unsent.map((n) => ({ id: n.id, status: n.status })) } }
    })
    return new StepResponse(done.result, done.undo)
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const service = lotService(container)
    await service.updateRecalls({ id: undo.id, status: "open", canceled_by: null, canceled_at: null, cancel_reason: null })
    for (const status of UNSENT) {
      const ids = undo.notices.filter((n) => n.status === status).map((n) => n.id)
      if (ids.length) {
        await service.updateRecallNotices({ selector: { id: ids }, data: { status } })
      }
    }
  }
)
