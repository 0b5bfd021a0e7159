import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "./knex"

/**
 * Makes items tracked (a policy row with the plugin defaults) unless they
 * already have a policy; concurrent first receipts of one item create one
 * row. Returns the ids of the rows it created.
 */
export async function ensureTrackingPolicies(knex: Knex, inventoryItemIds: string[]): Promise<string[]> {
  const created: string[] = []
  for (const id of [...new Set(inventoryItemIds)]) {
    const { rows } = await knex.raw(
      `INSERT INTO lot_tracking_policy (id, inventory_item_id, tracked) VALUES (?, ?, true)
       ON CONFLICT (inventory_item_id) WHERE deleted_at IS NULL DO NOTHING
       RETURNING id`,
      [generateEntityId(undefined, "lotpol"), id]
    )
    created.push(...(rows as { id: string }[]).map((r) => r.id))
  }
  return created
}
