import path from "path"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type LotTrackingModuleService from "../service"

/** Options for `moduleIntegrationTestRunner`: the module from source, its schema from its own migrations. */
export const runnerOptions = {
  moduleName: "lot_tracking",
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
}

export const ITEM = "iitem_test_1"
export const OTHER_ITEM = "iitem_test_2"
export const PARIS = "sloc_paris"
export const LYON = "sloc_lyon"
export const FAR = "2099-12-31"

/** The module's tables as plain rows, without `updated_at` (a revert restores values, not clocks). */
export async function snapshot(knex: Knex) {
  const read = async (table: string, order: string) =>
    (await knex.raw(`SELECT * FROM ${table} ORDER BY ${order}`)).rows.map(({ updated_at: _u, ...row }: Record<string, unknown>) => row)
  return {
    lot: await read("lot", "id"),
    lot_stock: await read("lot_stock", "lot_id, location_id"),
    lot_allocation: await read("lot_allocation", "id"),
    lot_movement: await read("lot_movement", "id"),
    lot_shortfall: await read("lot_shortfall", "id"),
    lot_serial: await read("lot_serial", "id"),
    lot_serial_movement: await read("lot_serial_movement", "id"),
  }
}

export async function stockOf(knex: Knex, lotId: string, locationId: string) {
  const { rows } = await knex.raw(
    `SELECT stocked_quantity AS stocked, reserved_quantity AS reserved FROM lot_stock WHERE lot_id = ? AND location_id = ? AND deleted_at IS NULL`,
    [lotId, locationId]
  )
  return rows[0] ?? null
}

/** A lot of `ITEM` with units stocked at Paris (its stock row exists, even for 0 units). */
export async function lotWithStock(
  service: LotTrackingModuleService,
  lotNumber: string,
  stocked: number,
  extra: { status?: "active" | "quarantined" | "recalled"; inventory_item_id?: string; location_id?: string } = {}
) {
  const lot = await service.createLots({
    inventory_item_id: extra.inventory_item_id ?? ITEM,
    lot_number: lotNumber,
    expires_at: FAR,
    received_at: new Date("2026-01-05T10:00:00Z"),
    status: extra.status ?? "active",
  })
  // Even 0 units make the stock row, so a revert finds the row it started from.
  await service.applyStockChanges([{ lot_id: lot.id, location_id: extra.location_id ?? PARIS, stocked }])
  return lot
}

export const line = (n: number) => ({ order_id: `order_${n}`, line_item_id: `ordli_${n}`, inventory_item_id: ITEM })

/** The knex the suite's database is reached with (the test's own connection, outside the module). */
export function knexOf(MikroOrmWrapper: { getManager(): unknown }): Knex {
  return (MikroOrmWrapper.getManager() as { getKnex(): Knex }).getKnex()
}
