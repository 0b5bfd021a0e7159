import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { lastRecallSequence, recallReference, RECALL_REFERENCE_PREFIX, type RecallScope } from "../../../lib/recall"

export type CreateRecallInput = {
  reason: string
  public_reason?: string | null
  classification?: "I" | "II" | "III" | null
  scope?: RecallScope | null
  actor_id?: string | null
}

export type CreatedRecall = { id: string; reference: string; opened_at: string }

export const createRecallStepId = "create-recall"

const isUniqueViolation = (e: any) =>
  e?.code === "23505" || /unique|duplicate|already exists/i.test(String(e?.message ?? ""))

/**
 * Opens the recall case: the next reference of the year and `opened_at`,
 * the start of the recall-time clock. Two recalls opened at once cannot
 * share a reference: the unique index refuses the second insert and it takes
 * the next number. Compensation removes the case and everything under it.
 */
export const createRecallStep = createStep(
  createRecallStepId,
  async (input: CreateRecallInput, { container }) => {
    const service = lotService(container)
    const openedAt = new Date()
    const year = (await service.today(openedAt)).slice(0, 4)
    for (let attempt = 1; ; attempt++) {
      const existing = await service.listRecalls(
        { reference: { $like: `${RECALL_REFERENCE_PREFIX}-${year}-%` } },
        { select: ["reference"], withDeleted: true }
      )
      const reference = recallReference(year, lastRecallSequence(year, existing.map((r) => r.reference)) + 1)
      try {
        const recall = await service.createRecalls({
          reference,
          reason: input.reason,
          public_reason: input.public_reason ?? null,
          classification: input.classification ?? null,
          status: "open",
          scope: (input.scope ?? null) as Record<string, unknown> | null,
          opened_by: input.actor_id ?? null,
          opened_at: openedAt,
        })
        const created: CreatedRecall = { id: recall.id, reference: recall.reference, opened_at: openedAt.toISOString() }
        return new StepResponse(created, recall.id)
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= 10) {
          throw attempt >= 10
            ? new MedusaError(MedusaError.Types.CONFLICT, "Could not allocate a recall reference; try again")
            : e
        }
      }
    }
  },
  async (recallId, { container }) => {
    if (!recallId) {
      return
    }
    // Hard deletes, children first: a recall that failed to open never existed.
    await lotService(container).deleteRecallCascade(recallId)
  }
)
