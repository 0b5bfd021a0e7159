// The merchant's day in a time zone west of UTC-6: the expiry watch must act on it.
process.env.LOT_TRACKING_TIME_ZONE = "America/Los_Angeles"

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { databaseState, expectInvariant, lotStock, receiveLotThroughApi, seedLotTestStore, type LotAttributes } from "../helpers/fixtures"
import { fulfillOrder, placeOrder, tryPlaceOrder } from "../helpers/orders"
import { waitFor, whileHolding } from "../helpers/race"
import type { DemoStore } from "../../src/scripts/demo/store"
import lotExpiryWatchJob, { config as expiryJobConfig } from "../../src/jobs/lot-expiry-watch"
import { addDays, calendarDateIn } from "../../src/lib/calendar-date"

jest.setTimeout(240 * 1000)

const TIME_ZONE = "America/Los_Angeles"

function pg(container: MedusaContainer) {
  return container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
}

/**
 * Changes a lot's status in a transaction that stays open (as a recall's
 * block step would be, mid-commit) while `request` runs, and commits once it
 * waits on that row lock: whatever it read before, it must see the new
 * status when it writes.
 */
async function whileLotStatusChanges<T>(container: MedusaContainer, lotId: string, status: string, request: () => Promise<T>): Promise<T> {
  const [result] = await whileHolding(
    container,
    (trx) => trx.raw(`UPDATE lot SET status = ?, updated_at = now() WHERE id = ?`, [status, lotId]),
    1,
    () => [request()]
  )
  return result
}

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let paris: { id: string }
    let rotterdam: { id: string }
    let vitamin: DemoStore["products"][number]

    beforeEach(async () => {
      const container = getContainer()
      const seeded = await seedLotTestStore(container)
      ;({ store, admin, paris, rotterdam } = seeded)
      vitamin = seeded.product("VITC-1000-60")
    })

    const get = (url: string) => api.get(url, { headers: admin }).catch((e) => e.response)
    const post = (url: string, body: unknown) => api.post(url, body, { headers: admin }).catch((e) => e.response)

    /** What the storefront offers: the variant's `inventory_quantity` on the store API. */
    async function forSale(product = vitamin): Promise<number> {
      const { data } = await api.get(`/store/products/${product.productId}?fields=%2Bvariants.inventory_quantity`, {
        headers: { "x-publishable-api-key": store.publishableKey },
      })
      return data.product.variants[0].inventory_quantity
    }

    async function receive(lot_number: string, expiresIn: number, quantity: number, extra: LotAttributes = {}) {
      return receiveLotThroughApi(api, admin, { inventory_item_id: vitamin.inventoryItemId, lot_number, expires_in_days: expiresIn, location_id: paris.id, quantity, ...extra })
    }

    async function hold(locationId = paris.id) {
      const rows = await getContainer()
        .resolve(Modules.INVENTORY)
        .listReservationItems({ inventory_item_id: vitamin.inventoryItemId, location_id: locationId, external_id: "lot_tracking_hold" } as any)
      return rows.map((r: any) => ({ quantity: Number(r.quantity), description: r.description, line_item_id: r.line_item_id, lots: r.metadata?.lots }))
    }

    async function orderLines(orderId: string) {
      return (await get(`/admin/orders/${orderId}/lots`)).data.order_lots.lines
    }

    async function placeAndAllocate(quantity: number) {
      const order = await placeOrder(api, store, { items: [{ variant_id: vitamin.variantId, quantity }] })
      const lines = await waitFor(async () => {
        const l = await orderLines(order.id)
        return l[0] && l[0].reserved_quantity + l[0].shortfall === l[0].quantity ? l : null
      }, "the order's lots")
      return { order, line: order.items[0], lots: lines[0] }
    }

    const picks = (line: any, status = "reserved") =>
      line.allocations.filter((a: any) => a.status === status).map((a: any) => [a.lot_number, a.quantity])

    describe("sellable means unblocked", () => {
      it("offers only units of allocatable lots through quarantine, release, expiry, receipt, write-off, transfer, count and recall", async () => {
        const container = getContainer()
        const good = await receive("VC-GOOD", 200, 2)
        const quarantined = await receive("VC-Q", 300, 10)
        expect(await forSale()).toEqual(12)

        expect((await post(`/admin/lots/${quarantined.id}/quarantine`, { reason: "lab check" })).status).toEqual(200)
        expect(await forSale()).toEqual(2)
        expect(await hold()).toEqual([
          {
            quantity: 10,
            description: "Held by lot tracking: 1 lot blocked (quarantined)",
            line_item_id: null,
            lots: [{ lot_id: quarantined.id, lot_number: "VC-Q", reason: "quarantined", quantity: 10 }],
          },
        ])
        await expectInvariant(container, vitamin.inventoryItemId)

        // Medusa itself refuses a checkout beyond the sellable units.
        const before = await databaseState(container)
        const refused = await tryPlaceOrder(api, store, { items: [{ variant_id: vitamin.variantId, quantity: 5 }] })
        expect("error" in refused && [refused.error.status, refused.error.message]).toEqual([400, expect.stringMatching(/required inventory|Not enough stock/)])
        expect(await databaseState(container)).toEqual(before)

        expect((await post(`/admin/lots/${quarantined.id}/release`, {})).status).toEqual(200)
        expect(await forSale()).toEqual(12)
        expect(await hold()).toEqual([])

        // An expired lot received (allow_expired) is held at once.
        await receive("VC-EXP", -5, 6, { allow_expired: true })
        expect(await forSale()).toEqual(12)
        expect(await hold()).toEqual([expect.objectContaining({ quantity: 6, description: "Held by lot tracking: 1 lot blocked (expired)" })])

        // Receipt into, write-off from, transfer and count of a blocked lot move the hold, never what is for sale.
        expect((await post(`/admin/lots/${quarantined.id}/quarantine`, {})).status).toEqual(200)
        expect(await forSale()).toEqual(2)
        expect((await post(`/admin/lots/${quarantined.id}/receive`, { location_id: paris.id, quantity: 3 })).status).toEqual(200)
        expect(await forSale()).toEqual(2)
        expect((await hold())[0].quantity).toEqual(6 + 13)
        expect((await post(`/admin/lots/${quarantined.id}/write-off`, { location_id: paris.id, quantity: 4, reason: "damaged" })).status).toEqual(200)
        expect(await forSale()).toEqual(2)
        expect((await post(`/admin/lots/${quarantined.id}/transfer`, { from_location_id: paris.id, to_location_id: rotterdam.id, quantity: 5 })).status).toEqual(200)
        expect(await forSale()).toEqual(2)
        expect((await hold(rotterdam.id))[0].quantity).toEqual(5)
        expect((await post(`/admin/lots/${quarantined.id}/adjust`, { location_id: paris.id, quantity: 1, reason: "cycle count" })).status).toEqual(200)
        expect(await forSale()).toEqual(2)
        expect((await hold())[0]).toEqual(
          expect.objectContaining({
            quantity: 6 + 1,
            description: "Held by lot tracking: 2 lots blocked (quarantined, expired)",
            lots: [
              { lot_id: quarantined.id, lot_number: "VC-Q", reason: "quarantined", quantity: 1 },
              expect.objectContaining({ lot_number: "VC-EXP", reason: "expired", quantity: 6 }),
            ],
          })
        )
        await expectInvariant(container, vitamin.inventoryItemId)

        // A recall takes the last sellable lot off sale at once, and closing it does not put it back.
        const recall = await post(`/admin/recalls`, { lot_ids: [good.id], reason: "Label misprint on batch" })
        expect(recall.status).toEqual(201)
        expect(await forSale()).toEqual(0)
        const none = await tryPlaceOrder(api, store, { items: [{ variant_id: vitamin.variantId, quantity: 1 }] })
        expect("error" in none && none.error.status).toEqual(400)
        expect((await post(`/admin/recalls/${recall.data.recall.id}/close`, {})).status).toEqual(200)
        expect(await forSale()).toEqual(0)
        // A recalled lot is never released by the quarantine route.
        const release = await post(`/admin/lots/${good.id}/release`, {})
        expect([release.status, release.data.message]).toEqual([409, expect.stringContaining("VC-GOOD is recalled")])
        await expectInvariant(container, vitamin.inventoryItemId)
      })

      it("holds the units an order gives back to a lot blocked since it was reserved", async () => {
        const container = getContainer()
        const lot = await receive("VC-A", 200, 8)
        const { order, lots } = await placeAndAllocate(3)
        expect(picks(lots)).toEqual([["VC-A", 3]])
        expect((await post(`/admin/lots/${lot.id}/quarantine`, {})).status).toEqual(200)
        expect(await forSale()).toEqual(0)
        expect((await hold())[0].quantity).toEqual(5)
        await expectInvariant(container, vitamin.inventoryItemId)

        expect((await post(`/admin/orders/${order.id}/cancel`, {})).status).toEqual(200)
        expect(await forSale()).toEqual(0)
        expect((await hold())[0].quantity).toEqual(8)
        await expectInvariant(container, vitamin.inventoryItemId)
      })
    })

    describe("expiry on the merchant's day", () => {
      it("holds a lot that expired at midnight in the plugin's time zone within the hour, once per day", async () => {
        const container = getContainer()
        const service = container.resolve("lot_tracking") as any
        expect((await service.getOptions()).time_zone).toEqual(TIME_ZONE)
        expect(expiryJobConfig.schedule).toEqual("0 * * * *")
        const lot = await receive("VC-MIDNIGHT", 100, 4)
        expect(await forSale()).toEqual(4)

        // Midnight passes in Los Angeles: the lot's expiry date is now yesterday there.
        const today = calendarDateIn(new Date(), TIME_ZONE)
        await pg(container).raw(`UPDATE lot SET expires_at = ? WHERE id = ?`, [addDays(today, -1), lot.id])
        await pg(container).raw(`DELETE FROM lot_tracking_state`)

        const result = await lotExpiryWatchJob(container, { scheduledFor: new Date() })
        expect(result).toEqual(expect.objectContaining({ today, holds: { pairs_checked: 1, holds_changed: 1 } }))
        expect(await forSale()).toEqual(0)
        expect(await hold()).toEqual([expect.objectContaining({ quantity: 4, lots: [expect.objectContaining({ lot_number: "VC-MIDNIGHT", reason: "expired" })] })])
        await expectInvariant(container, vitamin.inventoryItemId)

        // The other hours of the day cost one statement and change nothing.
        const state = await databaseState(container)
        expect(await lotExpiryWatchJob(container, { scheduledFor: new Date() })).toBeNull()
        expect(await databaseState(container)).toEqual(state)
      })

      it("holds a lot found expired when an order is allocated, before any watch ran", async () => {
        const container = getContainer()
        const stale = await receive("VC-STALE", 100, 5)
        await receive("VC-FRESH", 200, 2)
        const today = calendarDateIn(new Date(), TIME_ZONE)
        await pg(container).raw(`UPDATE lot SET expires_at = ? WHERE id = ?`, [addDays(today, -1), stale.id])
        expect(await forSale()).toEqual(7)

        const { lots } = await placeAndAllocate(3)
        expect(picks(lots)).toEqual([["VC-FRESH", 2]])
        expect(lots.shortfall).toEqual(1)
        // The hold is written right after the allocation commits, under the same lock: wait for it.
        expect(await waitFor(async () => ((await hold()).length ? hold() : null), "the expired lot's hold")).toEqual([
          expect.objectContaining({ quantity: 5 }),
        ])
        expect(await forSale()).toBeLessThanOrEqual(0)
        await expectInvariant(container, vitamin.inventoryItemId)
        expect(await lotStock(container, stale.id, paris.id)).toEqual({ stocked: 5, reserved: 0 })
      })
    })

    describe("nothing ships from a blocked lot, even under races", () => {
      it("a release waiting on a recall's row lock is refused with 409 and the lot stays recalled", async () => {
        const container = getContainer()
        const lot = await receive("VC-RACE", 200, 4)
        expect((await post(`/admin/lots/${lot.id}/quarantine`, {})).status).toEqual(200)
        const release: any = await whileLotStatusChanges(container, lot.id, "recalled", () => post(`/admin/lots/${lot.id}/release`, {}))
        expect([release.status, release.data.message]).toEqual([409, expect.stringContaining("VC-RACE is recalled")])
        const [row] = (await pg(container).raw(`SELECT status FROM lot WHERE id = ?`, [lot.id])).rows
        expect(row.status).toEqual("recalled")
        expect(await forSale()).toEqual(0)
        await expectInvariant(container, vitamin.inventoryItemId)
      })

      it("a fulfilment planned on a lot that is recalled before it writes ships from another lot", async () => {
        const container = getContainer()
        const soon = await receive("VC-SOON", 60, 2)
        const later = await receive("VC-LATER", 300, 5)
        const { order, line, lots } = await placeAndAllocate(2)
        expect(picks(lots)).toEqual([["VC-SOON", 2]])

        const shipped = await whileLotStatusChanges(container, soon.id, "recalled", () =>
          fulfillOrder(api, admin, order.id, { items: [{ id: line.id, quantity: 2 }], location_id: paris.id })
        )
        expect(shipped.status).toEqual(200)
        const after = (await orderLines(order.id))[0]
        expect(picks(after, "fulfilled")).toEqual([["VC-LATER", 2]])
        expect(after.reserved_quantity).toEqual(0)
        expect(await lotStock(container, soon.id, paris.id)).toEqual({ stocked: 2, reserved: 0 })
        expect(await lotStock(container, later.id, paris.id)).toEqual({ stocked: 3, reserved: 0 })
        await expectInvariant(container, vitamin.inventoryItemId)
      })

      it("a fulfilment naming a lot that is recalled before it writes is refused and leaves nothing behind", async () => {
        const container = getContainer()
        const soon = await receive("VC-NAMED", 60, 2)
        await receive("VC-OTHER", 300, 5)
        const { order, line } = await placeAndAllocate(2)
        const before = await databaseState(container)

        const refused = await whileLotStatusChanges(container, soon.id, "recalled", () =>
          fulfillOrder(api, admin, order.id, {
            items: [{ id: line.id, quantity: 2 }],
            location_id: paris.id,
            additional_data: { lots: [{ line_item_id: line.id, lot_id: soon.id, quantity: 2 }] },
          })
        )
        expect([refused.status, refused.data.message]).toEqual([400, expect.stringContaining("VC-NAMED is recalled and cannot be shipped")])
        const { data } = await get(`/admin/orders/${order.id}?fields=id,*fulfillments`)
        expect(data.order.fulfillments).toHaveLength(0)
        const after = await databaseState(container)
        expect({ ...after, lot_rows: null }).toEqual({ ...before, lot_rows: null })
      })
    })

    describe("FEFO at partial fulfilment, and shortfalls", () => {
      it("ships the soonest-expiring reserved lot first and keeps the later one reserved", async () => {
        const container = getContainer()
        const b = await receive("VC-B", 100, 3)
        const a = await receive("VC-A", 300, 5)
        // Spare units: Medusa 2.21 refuses a partial fulfilment when fewer units than it ships are
        // available besides the order's own reservation (it checks before lowering the reservation).
        await receive("VC-SPARE", 400, 5)
        const { order, line } = await placeAndAllocate(5)
        // Staff re-pick the line with the later lot named first: reservations made A, then B.
        const assigned = await post(`/admin/orders/${order.id}/lots`, {
          line_item_id: line.id,
          lots: [
            { lot_id: a.id, quantity: 2 },
            { lot_id: b.id, quantity: 3 },
          ],
        })
        expect(assigned.status).toEqual(200)
        const shipped = await fulfillOrder(api, admin, order.id, { items: [{ id: line.id, quantity: 4 }], location_id: paris.id })
        expect([shipped.status, shipped.data.message]).toEqual([200, undefined])
        const after = (await orderLines(order.id))[0]
        expect(picks(after, "fulfilled").sort()).toEqual([
          ["VC-A", 1],
          ["VC-B", 3],
        ])
        expect(picks(after)).toEqual([["VC-A", 1]])
        expect(await lotStock(container, b.id, paris.id)).toEqual({ stocked: 0, reserved: 0 })
        expect(await lotStock(container, a.id, paris.id)).toEqual({ stocked: 4, reserved: 1 })
        await expectInvariant(container, vitamin.inventoryItemId)
      })

      it("units shipped from an unreserved lot cover the line's shortfall once, not its reservations too", async () => {
        const container = getContainer()
        expect((await post(`/admin/lot-tracking/policies/${vitamin.inventoryItemId}`, { min_shelf_life_days: 60 })).status).toEqual(200)
        // VC-SHORT is for sale but never allocated; its units are also the spare Medusa wants for a partial fulfilment.
        const short = await receive("VC-SHORT", 40, 10)
        const long = await receive("VC-LONG", 300, 3)
        const { order, line, lots } = await placeAndAllocate(5)
        expect(picks(lots)).toEqual([["VC-LONG", 3]])
        expect(lots.shortfall).toEqual(2)

        const shipped = await fulfillOrder(api, admin, order.id, {
          items: [{ id: line.id, quantity: 3 }],
          location_id: paris.id,
          additional_data: {
            lots: [
              { line_item_id: line.id, lot_id: short.id, quantity: 2 },
              { line_item_id: line.id, lot_id: long.id, quantity: 1 },
            ],
          },
        })
        expect([shipped.status, shipped.data.message]).toEqual([200, undefined])
        const after = (await orderLines(order.id))[0]
        expect(after.shortfall).toEqual(0)
        expect(picks(after)).toEqual([["VC-LONG", 2]])
        expect(after.reserved_quantity).toEqual(2)
        await expectInvariant(container, vitamin.inventoryItemId)
      })

      it("gives arriving stock to waiting order lines, oldest order first", async () => {
        const container = getContainer()
        expect((await post(`/admin/lot-tracking/policies/${vitamin.inventoryItemId}`, { min_shelf_life_days: 60 })).status).toEqual(200)
        await receive("VC-SHORT", 40, 10)
        await receive("VC-ONE", 300, 1)
        const first = await placeAndAllocate(3)
        const second = await placeAndAllocate(3)
        expect([first.lots.shortfall, second.lots.shortfall]).toEqual([2, 3])
        await expectInvariant(container, vitamin.inventoryItemId)

        await receive("VC-NEW", 400, 4)
        const [firstAfter] = await orderLines(first.order.id)
        const [secondAfter] = await orderLines(second.order.id)
        expect([picks(firstAfter), firstAfter.shortfall]).toEqual([
          [
            ["VC-ONE", 1],
            ["VC-NEW", 2],
          ],
          0,
        ])
        expect([picks(secondAfter), secondAfter.shortfall]).toEqual([[["VC-NEW", 2]], 1])
        await expectInvariant(container, vitamin.inventoryItemId)
      })
    })
  },
})
