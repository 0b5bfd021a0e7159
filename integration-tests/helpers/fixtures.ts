import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

export async function createInventoryItem(container: MedusaContainer, sku: string) {
  const inventory = container.resolve(Modules.INVENTORY)
  return inventory.createInventoryItems({ sku, title: sku })
}

export async function createLocation(container: MedusaContainer, name: string) {
  const locations = container.resolve(Modules.STOCK_LOCATION)
  return locations.createStockLocations({ name })
}

function knex(container: MedusaContainer) {
  return container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
}

/**
 * The plugin's invariant for one item: per location, the lot stock adds up to
 * Medusa's inventory level. Returns both sides so a failing test shows them.
 */
export async function invariantFor(container: MedusaContainer, inventoryItemId: string) {
  const { rows } = await knex(container).raw(
    `SELECT coalesce(il.location_id, s.location_id) AS location_id,
            coalesce(il.stocked_quantity, 0)::int AS level_stocked,
            coalesce(s.stocked, 0)::int AS lot_stocked
       FROM (SELECT location_id, stocked_quantity FROM inventory_level
              WHERE inventory_item_id = ? AND deleted_at IS NULL) il
       FULL JOIN (SELECT ls.location_id, sum(ls.stocked_quantity) AS stocked
                    FROM lot_stock ls JOIN lot l ON l.id = ls.lot_id
                   WHERE l.inventory_item_id = ? AND ls.deleted_at IS NULL AND l.deleted_at IS NULL
                   GROUP BY ls.location_id) s
         ON s.location_id = il.location_id
      ORDER BY 1`,
    [inventoryItemId, inventoryItemId]
  )
  return rows as { location_id: string; level_stocked: number; lot_stocked: number }[]
}

export async function expectInvariant(container: MedusaContainer, inventoryItemId: string) {
  const rows = await invariantFor(container, inventoryItemId)
  for (const row of rows) {
    expect({ location: row.location_id, stocked: row.level_stocked }).toEqual({
      location: row.location_id,
      stocked: row.lot_stocked,
    })
  }
  return rows
}

/** Everything the plugin could have written, to prove a refused request changed nothing. */
export async function databaseState(container: MedusaContainer) {
  const { rows } = await knex(container).raw(`
    SELECT
      (SELECT count(*) FROM lot WHERE deleted_at IS NULL)::int AS lots,
      (SELECT json_agg(json_build_object('id', id, 'n', lot_number, 's', status, 'e', expires_at, 'm', manufactured_at) ORDER BY id) FROM lot) AS lot_rows,
      (SELECT json_agg(json_build_object('l', lot_id, 'loc', location_id, 's', stocked_quantity, 'r', reserved_quantity) ORDER BY lot_id, location_id) FROM lot_stock) AS stock,
      (SELECT count(*) FROM lot_movement)::int AS movements,
      (SELECT count(*) FROM lot_tracking_policy)::int AS policies,
      (SELECT json_agg(json_build_object('i', inventory_item_id, 'loc', location_id, 's', stocked_quantity, 'r', reserved_quantity) ORDER BY inventory_item_id, location_id)
         FROM inventory_level WHERE deleted_at IS NULL) AS levels
  `)
  return rows[0]
}

/** A calendar date (YYYY-MM-DD, UTC) `days` from today. */
export const daysFromToday = (days: number) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10)

/** One lot's stocked and reserved units at a location, read straight from the table. */
export async function lotStock(container: MedusaContainer, lotId: string, locationId: string) {
  const { rows } = await knex(container).raw(
    `SELECT stocked_quantity AS s, reserved_quantity AS r FROM lot_stock WHERE lot_id = ? AND location_id = ?`,
    [lotId, locationId]
  )
  return { stocked: rows[0]?.s ?? 0, reserved: rows[0]?.r ?? 0 }
}
