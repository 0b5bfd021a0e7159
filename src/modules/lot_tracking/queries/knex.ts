import { MedusaError } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import type { Knex, SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { ItemLocation } from "../types"

export type { Knex, ItemLocation }

/**
 * The knex to run the module's SQL on: the open transaction when the call
 * runs inside one (an `@InjectTransactionManager` method, or a caller's
 * transaction passed in the context), else the module's connection pool.
 */
export function knexOf(context: Context): Knex {
  // Medusa types the context's managers as unknown; a module's are MikroORM SQL entity managers.
  const manager = (context.transactionManager ?? context.manager) as SqlEntityManager | undefined
  if (!manager) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "lot_tracking: a query ran without the module's entity manager (missing @InjectManager)")
  }
  return manager.getTransactionContext<Knex.Transaction>() ?? manager.getKnex()
}

export { placeholders } from "../../../lib/sql"

export const pairKey = (p: ItemLocation): string => `${p.inventory_item_id}:${p.location_id}`

/** The pairs once each, in first-seen order. */
export function uniquePairs(pairs: ItemLocation[]): ItemLocation[] {
  return [...new Map(pairs.map((p) => [pairKey(p), { inventory_item_id: p.inventory_item_id, location_id: p.location_id }])).values()]
}

/** `(?, ?), (?, ?)` and its bindings, for `(inventory_item_id, location_id) IN (...)`. */
export function pairsIn(pairs: ItemLocation[]): { sql: string; bindings: string[] } {
  return {
    sql: pairs.map(() => "(?, ?)").join(", "),
    bindings: pairs.flatMap((p) => [p.inventory_item_id, p.location_id]),
  }
}
