import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { transientConflict } from "../../lib/transient-failure"

/**
 * Medusa's error handler answers every CONFLICT with one generic "retry with
 * an Idempotency-Key" text, and anything it does not know (a lock provider's
 * time-out, a PostgreSQL deadlock) with a 500. The plugin's conflicts say
 * something staff can act on (the lot is recalled, tracking still has stock,
 * the item is busy: try again), so the plugin's routes answer them as they
 * are: 409, same body shape. A transient failure (nothing was changed, the
 * same request may pass a moment later) is a 409 that says to retry, never
 * a 500.
 */
export function answerConflicts<Req extends MedusaRequest>(
  handler: (req: Req, res: MedusaResponse) => Promise<void>
): (req: Req, res: MedusaResponse) => Promise<void> {
  return async (req, res) => {
    try {
      await handler(req, res)
    } catch (e) {
      const conflict = MedusaError.isMedusaError(e) && (e as MedusaError).type === MedusaError.Types.CONFLICT ? (e as MedusaError).message : transientConflict(e)
      if (conflict !== null) {
        res.status(409).json({ code: "invalid_state_error", type: MedusaError.Types.CONFLICT, message: conflict })
        return
      }
      throw e
    }
  }
}
