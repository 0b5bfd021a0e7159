import { sequentialEntityIds } from "../../../lib/entity-ids"
import type { Knex } from "./knex"

export type PolicyRow = {
  inventory_item_id: string
  tracked: boolean
  strategy: "fefo" | "fifo" | null
  min_shelf_life_days: number | null
  expiry_warning_days: number | null
  require_expiry: boolean | null
  serialized: boolean
  serial_pattern: string | null
  serial_capture: "required" | "auto" | null
  serial_scope: "item" | "global" | null
}

/**
 * The policy rows of the items, in one statement: every order placement and
 * stock operation reads them, so they skip the ORM's entity hydration.
 */
export async function listPolicyRows(knex: Knex, inventoryItemIds: string[]): Promise<PolicyRow[]> {
  const { rows } = await knex.raw(
    `SELECT inventory_item_id, tracked, strategy, min_shelf_life_days, expiry_warning_days, require_expiry,
            serialized, serial_pattern, serial_capture, serial_scope
       FROM lot_tracking_policy WHERE inventory_item_id = ANY(?::text[]) AND deleted_at IS NULL`,
    [inventoryItemIds]
  )
  return rows
}

/**
 * Makes items tracked (a policy row with the plugin defaults) unless they
 * already have a policy; concurrent first receipts of one item create one
 * row. Returns the ids of the rows it created.
 */
export async function ensureTrackingPolicies(knex: Knex, inventoryItemIds: string[]): Promise<string[]> {
  const items = [...new Set(inventoryItemIds)].sort()
  if (!items.length) {
    return []
  }
  // One statement for any number of items (a CSV import makes thousands tracked at once).
  const ids = sequentialEntityIds("lotpol", items.length)
  const { rows } = await knex.raw(
    `INSERT INTO lot_tracking_policy (id, inventory_item_id, tracked)
     SELECT x.id, x.item, true FROM unnest(?::text[], ?::text[]) AS x(id, item)
     ON CONFLICT (inventory_item_id) WHERE deleted_at IS NULL DO NOTHING
     RETURNING id`,
    [ids, items]
  )
  return (rows as { id: string }[]).map((r) => r.id)
}
