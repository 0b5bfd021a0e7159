import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { completeCart, prepareCart, type Api, type PreparedCart } from "./orders"
import type { DemoStore } from "../../src/scripts/demo/store"
import { expectInvariant } from "./fixtures"

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await fn()
    if (value) {
      return value
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
}

/**
 * The over-allocation race: `carts` single-unit carts completed at once
 * through the store API against an item whose eligible lots hold fewer
 * units than are ordered. Returns what happened for the test to assert.
 */
export async function raceCheckouts(
  api: Api,
  container: MedusaContainer,
  store: DemoStore,
  product: DemoStore["products"][number],
  carts: number
) {
  const prepared: PreparedCart[] = []
  for (let i = 0; i < carts; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, carts - i) }, (_, j) =>
        prepareCart(api, store, { items: [{ variant_id: product.variantId, quantity: 1 }], email: `racer-${i + j}@lot-tracking.test` })
      )
    )
    for (const r of batch) {
      if (!("cart" in r)) {
        throw new Error(`could not prepare a cart: ${r.error.step} ${r.error.message}`)
      }
      prepared.push(r.cart)
    }
  }
  const results = await Promise.all(prepared.map((cart) => completeCart(api, cart)))
  const orders = results.filter((r): r is { order: any } => "order" in r).map((r) => r.order)
  const failures = results.filter((r): r is { error: any } => "error" in r).map((r) => r.error)

  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  // Every placed order is allocated or shows a shortfall (the subscriber runs after checkout).
  await waitFor(async () => {
    const { rows } = await knex.raw(
      `SELECT count(DISTINCT order_id)::int AS n FROM (
         SELECT order_id FROM lot_allocation WHERE inventory_item_id = ?
         UNION ALL SELECT order_id FROM lot_shortfall WHERE inventory_item_id = ? AND deleted_at IS NULL) x`,
      [product.inventoryItemId, product.inventoryItemId]
    )
    return rows[0].n >= orders.length
  }, "every order to be allocated", 180000)

  const { rows: stock } = await knex.raw(
    `SELECT l.lot_number, l.status, s.location_id, s.stocked_quantity, s.reserved_quantity
       FROM lot_stock s JOIN lot l ON l.id = s.lot_id WHERE l.inventory_item_id = ? ORDER BY l.lot_number`,
    [product.inventoryItemId]
  )
  const { rows: allocations } = await knex.raw(
    `SELECT order_id, line_item_id, lot_id, quantity, status FROM lot_allocation WHERE inventory_item_id = ?`,
    [product.inventoryItemId]
  )
  const { rows: shortfalls } = await knex.raw(
    `SELECT order_id, quantity FROM lot_shortfall WHERE inventory_item_id = ? AND deleted_at IS NULL`,
    [product.inventoryItemId]
  )
  const invariant = await expectInvariant(container, product.inventoryItemId)
  return { orders, failures, stock, allocations, shortfalls, invariant }
}

/**
 * A deterministic interleaving: `hold` runs in a transaction that stays open
 * (it takes a row or advisory lock), the requests start, and once PostgreSQL
 * reports `waiters` sessions waiting on a lock the transaction commits. Every
 * request was in flight at the same point, whatever the machine's speed.
 */
export async function whileHolding<T>(
  container: MedusaContainer,
  hold: (trx: any) => Promise<unknown>,
  waiters: number,
  requests: () => Promise<T>[]
): Promise<T[]> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const trx = await knex.transaction()
  try {
    await hold(trx)
    const pending = requests()
    await waitFor(async () => {
      const { rows } = await knex.raw(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`
      )
      return rows[0].n >= waiters
    }, `${waiters} request(s) to wait on the lock`)
    await trx.commit()
    return await Promise.all(pending)
  } catch (e) {
    await trx.rollback().catch(() => undefined)
    throw e
  }
}
