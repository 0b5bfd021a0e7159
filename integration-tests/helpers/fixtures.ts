import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createAdminUser } from "./admin"
import { seedDemoStore } from "../../src/scripts/demo/store"
import { createLotWorkflow, type NewLotInput } from "../../src/workflows/create-lot"

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
 * The plugin's books for one item, per location, both sides side by side so a
 * failing test shows them:
 *  - stocked: lot stock adds up to Medusa's inventory level;
 *  - reserved: reserved lot allocations + recorded shortfalls + the hold
 *    (the plugin's reservation of blocked units) add up to Medusa's reserved;
 *  - hold: the hold is exactly the free units of blocked lots (quarantined,
 *    recalled, or recalled at the location by a scoped recall, expired today in
 *    the plugin's time zone), so Medusa's available
 *    quantity is the sellable units.
 */
export async function invariantFor(container: MedusaContainer, inventoryItemId: string) {
  const today = await (container.resolve("lot_tracking") as any).today()
  const { rows } = await knex(container).raw(
    `WITH lots AS (
       SELECT ls.location_id, CASE WHEN ls.recall_id IS NOT NULL THEN 'recalled' ELSE l.status END AS status, l.expires_at, ls.stocked_quantity, ls.reserved_quantity,
              (SELECT count(*) FROM lot_serial bs WHERE bs.lot_id = l.id AND bs.location_id = ls.location_id AND bs.blocked
                  AND bs.status IN ('in_stock', 'reserved') AND bs.deleted_at IS NULL)::int AS blocked_serials
         FROM lot_stock ls JOIN lot l ON l.id = ls.lot_id
        WHERE l.inventory_item_id = :item AND ls.deleted_at IS NULL AND l.deleted_at IS NULL),
     locs AS (
       SELECT location_id FROM inventory_level WHERE inventory_item_id = :item AND deleted_at IS NULL
       UNION SELECT location_id FROM lots)
     SELECT locs.location_id,
            coalesce((SELECT stocked_quantity FROM inventory_level il WHERE il.inventory_item_id = :item AND il.location_id = locs.location_id AND il.deleted_at IS NULL), 0)::int AS level_stocked,
            coalesce((SELECT sum(stocked_quantity) FROM lots WHERE lots.location_id = locs.location_id), 0)::int AS lot_stocked,
            coalesce((SELECT reserved_quantity FROM inventory_level il WHERE il.inventory_item_id = :item AND il.location_id = locs.location_id AND il.deleted_at IS NULL), 0)::int AS level_reserved,
            coalesce((SELECT sum(quantity) FROM lot_allocation a WHERE a.inventory_item_id = :item AND a.location_id = locs.location_id AND a.status = 'reserved' AND a.deleted_at IS NULL), 0)::int AS lot_reserved,
            coalesce((SELECT sum(quantity) FROM lot_shortfall f WHERE f.inventory_item_id = :item AND f.location_id = locs.location_id AND f.deleted_at IS NULL), 0)::int AS shortfall,
            coalesce((SELECT sum(quantity) FROM reservation_item r WHERE r.inventory_item_id = :item AND r.location_id = locs.location_id AND r.external_id = 'lot_tracking_hold' AND r.deleted_at IS NULL), 0)::int AS hold,
            coalesce((SELECT sum(CASE WHEN status <> 'active' OR expires_at < :today THEN stocked_quantity - reserved_quantity
                                      ELSE least(blocked_serials, stocked_quantity - reserved_quantity) END) FROM lots
                       WHERE lots.location_id = locs.location_id), 0)::int AS blocked_free
       FROM locs ORDER BY 1`,
    { item: inventoryItemId, today }
  )
  return rows as {
    location_id: string
    level_stocked: number
    lot_stocked: number
    level_reserved: number
    lot_reserved: number
    shortfall: number
    hold: number
    blocked_free: number
  }[]
}

/** Asserts the books balance for one item at every location (see `invariantFor`); returns the rows. */
export async function expectInvariant(container: MedusaContainer, inventoryItemId: string) {
  const rows = await invariantFor(container, inventoryItemId)
  for (const row of rows) {
    expect({ location: row.location_id, stocked: row.level_stocked, reserved: row.level_reserved, hold: row.hold }).toEqual({
      location: row.location_id,
      stocked: row.lot_stocked,
      reserved: row.lot_reserved + row.shortfall + row.hold,
      hold: row.blocked_free,
    })
  }
  await expectSerialInvariant(container, inventoryItemId)
  return rows
}

/**
 * Serialized items (docs/SERIALS.md): per lot and location, the serials in
 * stock or reserved are the lot's stocked units, and reserved serials never
 * outnumber its reserved units.
 */
export async function expectSerialInvariant(container: MedusaContainer, inventoryItemId: string) {
  const service = container.resolve("lot_tracking") as any
  const policy = (await service.resolvePolicies([inventoryItemId])).get(inventoryItemId)
  if (!policy?.serialized) {
    return
  }
  for (const c of await service.serialCoverage([inventoryItemId])) {
    expect({ lot: c.lot_id, location: c.location_id, serials: c.serials_on_hand, reserved_ok: c.serials_reserved <= c.reserved_quantity }).toEqual({
      lot: c.lot_id,
      location: c.location_id,
      serials: c.stocked_quantity,
      reserved_ok: true,
    })
  }
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
      (SELECT json_agg(json_build_object('n', serial_number, 's', status, 'loc', location_id, 'a', allocation_id, 'b', blocked) ORDER BY id) FROM lot_serial) AS serials,
      (SELECT count(*) FROM lot_serial_movement)::int AS serial_movements,
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

/** A lot's attributes beyond its number, expiry and receipts (`allow_expired`, supplier, origin...). */
export type LotAttributes = Omit<NewLotInput, "inventory_item_id" | "lot_number" | "expires_at" | "receive">

/**
 * A lot to receive: its expiry as days from today (UTC) or as a date, and its
 * units at one location or as a list of receipts.
 */
export type LotReceipt = { inventory_item_id: string; lot_number: string } & LotAttributes &
  ({ expires_in_days: number } | { expires_at: string }) &
  ({ location_id: string; quantity: number } | { receive: { location_id: string; quantity: number }[] })

function newLot(lot: LotReceipt): NewLotInput {
  const { expires_in_days, location_id, quantity, ...rest } = lot as LotReceipt & { expires_in_days?: number; location_id?: string; quantity?: number }
  const input: NewLotInput = { ...rest }
  if (expires_in_days !== undefined) {
    input.expires_at = daysFromToday(expires_in_days)
  }
  if (location_id !== undefined) {
    input.receive = [{ location_id, quantity: quantity as number }]
  }
  return input
}

/** Receives a lot through the plugin's workflow (as an import or a script would); returns the lot. */
export async function receiveLot(container: MedusaContainer, lot: LotReceipt) {
  const { result } = await createLotWorkflow(container).run({ input: { lot: newLot(lot) } })
  return result
}

type AdminApi = { post: (url: string, body: unknown, config: { headers: Record<string, string> }) => Promise<{ status: number; data: any }> }

/** Receives a lot through the admin API (`POST /admin/lots`), as the merchant does; fails unless it is created. */
export async function receiveLotThroughApi(api: AdminApi, admin: Record<string, string>, lot: LotReceipt) {
  const res = await api.post("/admin/lots", newLot(lot), { headers: admin }).catch((e) => e.response)
  if (res.status !== 201) {
    throw new Error(`receive ${lot.lot_number}: ${res.status} ${JSON.stringify(res.data)}`)
  }
  return res.data.lot as { id: string; lot_number: string }
}

/**
 * The demo store (two warehouses, the demo products) and an admin user: what
 * the order, recall and expiry specs start from.
 */
export async function seedLotTestStore(container: MedusaContainer) {
  const store = await seedDemoStore(container)
  const { headers: admin, user: adminUser } = await createAdminUser(container)
  const location = (name: string) => {
    const found = store.locations.find((l) => l.name === name)
    if (!found) {
      throw new Error(`the demo store has no location "${name}"`)
    }
    return found
  }
  const product = (sku: string) => {
    const found = store.products.find((p) => p.sku === sku)
    if (!found) {
      throw new Error(`the demo store has no product ${sku}`)
    }
    return found
  }
  return { store, admin, adminUser, paris: location("Paris Warehouse"), rotterdam: location("Rotterdam Warehouse"), product }
}
