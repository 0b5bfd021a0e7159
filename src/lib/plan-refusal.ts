/**
 * A planner's "no" to a request: the named lot is blocked, the quantities do
 * not add up, a line cannot be covered. The pure planners in `src/lib` throw
 * it without depending on Medusa; the workflows turn it into a MedusaError
 * of the same type (`src/workflows/utils/lot-plan.ts`), so the HTTP answer
 * and message are the ones staff see.
 */
export type PlanRefusalType = "invalid_data" | "not_allowed" | "not_found"

export class PlanRefusal extends Error {
  constructor(
    readonly type: PlanRefusalType,
    message: string
  ) {
    super(message)
    this.name = "PlanRefusal"
  }
}

export const invalidData = (message: string) => new PlanRefusal("invalid_data", message)
export const notAllowed = (message: string) => new PlanRefusal("not_allowed", message)
