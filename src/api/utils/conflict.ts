import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

/**
 * Medusa's error handler answers every CONFLICT with one generic "retry with
 * an Idempotency-Key" text. The plugin's conflicts say something staff can act
 * on (the lot is recalled, tracking still has stock, the item is busy: try
 * again), so the plugin's routes answer them as they are: 409, same body shape.
 */
export function answerConflicts<Req extends MedusaRequest>(
  handler: (req: Req, res: MedusaResponse) => Promise<void>
): (req: Req, res: MedusaResponse) => Promise<void> {
  return async (req, res) => {
    try {
      await handler(req, res)
    } catch (e) {
      if (MedusaError.isMedusaError(e) && (e as MedusaError).type === MedusaError.Types.CONFLICT) {
        res.status(409).json({ code: "invalid_state_error", type: MedusaError.Types.CONFLICT, message: (e as MedusaError).message })
        return
      }
      throw e
    }
  }
}
