import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createInventoryItem, databaseState, expectInvariant, seedLotTestStore } from "../helpers/fixtures"
import { fulfillOrder, placeOrder } from "../helpers/orders"
import { waitFor } from "../helpers/race"
import type { DemoStore } from "../../src/scripts/demo/store"
import { addDays } from "../../src/lib/calendar-date"
import { lotService } from "../../src/modules/lot_tracking/resolve"

jest.setTimeout(240 * 1000)

/**
 * The KPIs measure what their names say (docs/ARCHITECTURE.md, "KPIs"):
 * lot accuracy over pairs that hold stock, expiration loss over available
 * units with its cost, recall time to every reachable customer notified,
 * traceability as items were tracked when they shipped; and the unit cost
 * given at receipt, kept on the lot in the store's currency.
 */

function knex(container: MedusaContainer) {
  return container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
}

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let paris: { id: string; name: string }
    let rotterdam: { id: string; name: string }
    let shampoo: DemoStore["products"][number]
    let vitamin: DemoStore["products"][number]
    let today: string

    beforeEach(async () => {
      const container = getContainer()
      const seeded = await seedLotTestStore(container)
      ;({ store, admin, paris, rotterdam } = seeded)
      shampoo = seeded.product("SHAMPOO-ARGAN-250")
      vitamin = seeded.product("VITC-1000-60")
      today = await lotService(container).today()
    })

    const get = (url: string) => api.get(url, { headers: admin }).catch((e) => e.response)
    const post = (url: string, body: unknown) => api.post(url, body, { headers: admin }).catch((e) => e.response)
    const kpis = async (query = "") => {
      const res = await get(`/admin/lot-tracking/kpis${query}`)
      expect([res.status, res.data.message]).toEqual([200, undefined])
      return res.data.kpis
    }
    const createLot = async (body: Record<string, unknown>) => {
      const res = await post("/admin/lots", body)
      expect([body.lot_number, res.status, res.data.message]).toEqual([body.lot_number, 201, undefined])
      return res.data.lot
    }
    /** Moves a lot's ledger (its receipt) `days` back, as if it had arrived then. */
    const backdate = async (lotId: string, days: number) => {
      await knex(getContainer()).raw(
        `UPDATE lot_movement SET created_at = created_at - make_interval(days => ?) WHERE lot_id = ?`,
        [days, lotId]
      )
      await knex(getContainer()).raw(`UPDATE lot SET received_at = received_at - make_interval(days => ?) WHERE id = ?`, [days, lotId])
    }

    describe("unit cost at receipt", () => {
      it("keeps the unit cost given at receipt in the store's currency, shows it, corrects it, and refuses bad amounts", async () => {
        const container = getContainer()
        const lot = await createLot({
          inventory_item_id: shampoo.inventoryItemId,
          lot_number: "SH-COST",
          expires_at: addDays(today, 100),
          unit_cost: 4.25,
          receive: [{ location_id: paris.id, quantity: 10 }],
        })
        expect(lot).toEqual(expect.objectContaining({ lot_number: "SH-COST", unit_cost: 4.25, unit_cost_currency_code: "eur" }))
        expect(lot.raw_unit_cost).toBeUndefined()
        expect((await get(`/admin/lots/${lot.id}`)).data.lot).toEqual(expect.objectContaining({ unit_cost: 4.25, unit_cost_currency_code: "eur" }))
        const listed = (await get(`/admin/lots?q=SH-COST`)).data.lots
        expect(listed.map((l: any) => [l.lot_number, l.unit_cost, l.unit_cost_currency_code])).toEqual([["SH-COST", 4.25, "eur"]])
        // Without a cost, both stay empty.
        const plain = await createLot({ inventory_item_id: shampoo.inventoryItemId, lot_number: "SH-PLAIN", expires_at: addDays(today, 100) })
        expect([plain.unit_cost, plain.unit_cost_currency_code]).toEqual([null, null])

        // Corrected later (the update workflow records the edit).
        const edited = await post(`/admin/lots/${lot.id}`, { unit_cost: 4.3 })
        expect([edited.status, edited.data.lot?.unit_cost, edited.data.lot?.unit_cost_currency_code]).toEqual([200, 4.3, "eur"])
        const costed = await post(`/admin/lots/${plain.id}`, { unit_cost: 2 })
        expect([costed.status, costed.data.lot?.unit_cost, costed.data.lot?.unit_cost_currency_code]).toEqual([200, 2, "eur"])
        const cleared = await post(`/admin/lots/${plain.id}`, { unit_cost: null })
        expect([cleared.status, cleared.data.lot?.unit_cost, cleared.data.lot?.unit_cost_currency_code]).toEqual([200, null, null])
        const fine = await post(`/admin/lots/${lot.id}`, { unit_cost: 4.333 })
        expect([fine.status, fine.data.message]).toEqual([400, "unit_cost (4.333) has more decimals than EUR allows (2)"])

        // Refused, saying why, changing nothing.
        const before = await databaseState(container)
        const refusals: [Record<string, unknown>, string][] = [
          [{ unit_cost: -1 }, "unit_cost must be an amount of 0 or more"],
          [{ unit_cost: "4,25" }, "Expected type: 'number' for field 'unit_cost'"],
          [{ unit_cost: 4.255 }, "unit_cost (4.255) has more decimals than EUR allows (2)"],
          [{ unit_cost: 1e12 }, "unit_cost is too large"],
        ]
        for (const [body, message] of refusals) {
          const res = await post("/admin/lots", {
            inventory_item_id: vitamin.inventoryItemId,
            lot_number: "VC-BAD",
            expires_at: addDays(today, 100),
            receive: [{ location_id: paris.id, quantity: 1 }],
            ...body,
          })
          expect([JSON.stringify(body), res.status, res.data.message]).toEqual([JSON.stringify(body), 400, expect.stringContaining(message)])
        }
        expect(await databaseState(container)).toEqual(before)

        // A store whose currency has no minor unit (JPY): whole yen only.
        const storeModule = container.resolve(Modules.STORE)
        const [shop] = await storeModule.listStores({}, { relations: ["supported_currencies"] })
        await storeModule.updateStores(shop.id, {
          supported_currencies: [{ currency_code: "jpy", is_default: true }, ...shop.supported_currencies!.map((c: any) => ({ currency_code: c.currency_code, is_default: false }))],
        })
        const yen = await post("/admin/lots", { inventory_item_id: vitamin.inventoryItemId, lot_number: "VC-YEN", expires_at: addDays(today, 100), unit_cost: 120.5 })
        expect([yen.status, yen.data.message]).toEqual([400, expect.stringContaining("unit_cost (120.5) has more decimals than JPY allows (0)")])
        const wholeYen = await createLot({ inventory_item_id: vitamin.inventoryItemId, lot_number: "VC-YEN", expires_at: addDays(today, 100), unit_cost: 120, receive: [{ location_id: paris.id, quantity: 5 }] })
        expect([wholeYen.unit_cost, wholeYen.unit_cost_currency_code]).toEqual([120, "jpy"])
        // Its loss is in yen; the euro lot's in euros: each amount in its own currency.
        expect((await post(`/admin/lots/${wholeYen.id}/write-off`, { location_id: paris.id, quantity: 3, reason: "expired" })).status).toEqual(200)
        expect((await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, quantity: 1, reason: "expired" })).status).toEqual(200)
        const loss = (await kpis()).expiration_loss
        expect(loss.value).toEqual({
          amount: 360,
          currency_code: "jpy",
          amounts: [
            { currency_code: "jpy", amount: 360 },
            { currency_code: "eur", amount: 4.3 },
          ],
          at_cost_units: 4,
          at_price_units: 0,
          unvalued_units: 0,
        })
        await expectInvariant(container, shampoo.inventoryItemId)
        await expectInvariant(container, vitamin.inventoryItemId)
      })
    })

    describe("lot accuracy", () => {
      it("counts only pairs that hold stock or reservations; a drifted pair is a miss", async () => {
        const container = getContainer()
        const sh = await createLot({ inventory_item_id: shampoo.inventoryItemId, lot_number: "SH-ACC", expires_at: addDays(today, 100), receive: [{ location_id: paris.id, quantity: 5 }] })
        // All of it moves to Rotterdam: Paris keeps an empty level and an empty lot stock row.
        expect((await post(`/admin/lots/${sh.id}/transfer`, { from_location_id: paris.id, to_location_id: rotterdam.id, quantity: 5 })).status).toEqual(200)
        // The vitamin's only lot is written off: an empty pair too.
        const vc = await createLot({ inventory_item_id: vitamin.inventoryItemId, lot_number: "VC-ACC", expires_at: addDays(today, 100), receive: [{ location_id: paris.id, quantity: 3 }] })
        expect((await post(`/admin/lots/${vc.id}/write-off`, { location_id: paris.id, quantity: 3, reason: "damaged" })).status).toEqual(200)
        const { rows: empty } = await knex(container).raw(
          `SELECT count(*)::int AS n FROM inventory_level WHERE location_id = ? AND stocked_quantity = 0 AND inventory_item_id IN (?, ?)`,
          [paris.id, shampoo.inventoryItemId, vitamin.inventoryItemId]
        )
        expect(empty[0].n).toEqual(2)

        // One pair holds stock (shampoo at Rotterdam) and it balances: 1 of 1, not 3 of 3.
        expect((await kpis()).lot_accuracy_rate).toEqual(expect.objectContaining({ rate: 1, matching_pairs: 1, pairs: 1, mismatched_pairs: 0, mismatches: [] }))

        // Stock changed outside the plugin (Medusa's level raised by 2): the pair is a miss.
        const inventory = container.resolve(Modules.INVENTORY)
        const [level] = await inventory.listInventoryLevels({ inventory_item_id: shampoo.inventoryItemId, location_id: rotterdam.id })
        await inventory.updateInventoryLevels([{ inventory_item_id: shampoo.inventoryItemId, location_id: rotterdam.id, stocked_quantity: Number(level.stocked_quantity) + 2 }])
        const drifted = (await kpis()).lot_accuracy_rate
        expect(drifted).toEqual(expect.objectContaining({ rate: 0, matching_pairs: 0, pairs: 1, mismatched_pairs: 1, mismatched_units: 2 }))
        expect(drifted.mismatches).toEqual([
          expect.objectContaining({ inventory_item_id: shampoo.inventoryItemId, location_id: rotterdam.id, lot_stocked: 5, level_stocked: 7, unassigned: 2 }),
        ])
        // A pair with stock in Medusa only (no lot at all) is a miss too: the vitamin at Rotterdam.
        await inventory.createInventoryLevels([{ inventory_item_id: vitamin.inventoryItemId, location_id: rotterdam.id, stocked_quantity: 4 }])
        expect((await kpis()).lot_accuracy_rate).toEqual(expect.objectContaining({ rate: 0, pairs: 2, mismatched_units: 6 }))

        // Put right: the level back, the vitamin's units into a lot as an opening balance.
        await inventory.updateInventoryLevels([{ inventory_item_id: shampoo.inventoryItemId, location_id: rotterdam.id, stocked_quantity: Number(level.stocked_quantity) }])
        const opened = await post("/admin/lot-tracking/opening-balance", {
          inventory_item_id: vitamin.inventoryItemId,
          location_id: rotterdam.id,
          lots: [{ lot_number: "VC-OB", expires_at: addDays(today, 200), quantity: 4 }],
        })
        expect([opened.status, opened.data.message]).toEqual([200, undefined])
        expect((await kpis()).lot_accuracy_rate).toEqual(expect.objectContaining({ rate: 1, matching_pairs: 2, pairs: 2 }))
        await expectInvariant(container, shampoo.inventoryItemId)
        await expectInvariant(container, vitamin.inventoryItemId)
      })
    })

    describe("traceability", () => {
      it("measures items as they were tracked when they shipped: an item tracked later does not lower it", async () => {
        const container = getContainer()
        await createLot({ inventory_item_id: shampoo.inventoryItemId, lot_number: "SH-TR", expires_at: addDays(today, 100), receive: [{ location_id: paris.id, quantity: 10 }] })
        // The vitamin is stocked in Medusa only: not tracked when the order ships.
        await container.resolve(Modules.INVENTORY).createInventoryLevels([{ inventory_item_id: vitamin.inventoryItemId, location_id: paris.id, stocked_quantity: 10 }])
        const order = await placeOrder(api, store, {
          items: [
            { variant_id: shampoo.variantId, quantity: 2 },
            { variant_id: vitamin.variantId, quantity: 3 },
          ],
        })
        await waitFor(async () => (await get(`/admin/orders/${order.id}/lots`)).data.order_lots.lines.some((l: any) => l.reserved_quantity === 2), "the shampoo's lot")
        const shipped = await fulfillOrder(api, admin, order.id, { items: order.items.map((i: any) => ({ id: i.id, quantity: i.quantity })), location_id: paris.id })
        expect(shipped.status).toEqual(200)
        const before = (await kpis()).traceability_rate
        expect(before).toEqual(expect.objectContaining({ rate: 1, units_with_lot: 2, shipped_units: 2, fulfillments: 1, untraced_items: [] }))

        // The vitamin becomes tracked (its 7 units put into a lot): what it shipped before has no lot, and
        // could not have had one, so the rate stays.
        const opened = await post("/admin/lot-tracking/opening-balance", {
          inventory_item_id: vitamin.inventoryItemId,
          location_id: paris.id,
          lots: [{ lot_number: "VC-TR", expires_at: addDays(today, 200), quantity: 7 }],
        })
        expect([opened.status, opened.data.message]).toEqual([200, undefined])
        expect((await kpis()).traceability_rate).toEqual(before)
        const { rows } = await knex(container).raw(
          `SELECT inventory_item_id, shipped_units::int AS shipped, units_with_lot::int AS with_lot, tracked FROM lot_kpi_shipment ORDER BY tracked DESC`
        )
        expect(rows).toEqual([
          { inventory_item_id: shampoo.inventoryItemId, shipped: 2, with_lot: 2, tracked: true },
          { inventory_item_id: vitamin.inventoryItemId, shipped: 3, with_lot: 0, tracked: false },
        ])

        // Shipped now that it is tracked, it counts (with its lot).
        const second = await placeOrder(api, store, { items: [{ variant_id: vitamin.variantId, quantity: 1 }] })
        await waitFor(async () => (await get(`/admin/orders/${second.id}/lots`)).data.order_lots.lines[0].reserved_quantity === 1, "the vitamin's lot")
        expect((await fulfillOrder(api, admin, second.id, { items: [{ id: second.items[0].id, quantity: 1 }], location_id: paris.id })).status).toEqual(200)
        expect((await kpis()).traceability_rate).toEqual(expect.objectContaining({ rate: 1, units_with_lot: 3, shipped_units: 3, fulfillments: 2 }))
        await expectInvariant(container, shampoo.inventoryItemId)
        await expectInvariant(container, vitamin.inventoryItemId)
      })
    })

    describe("expiration loss", () => {
      it("counts units that expired on hand or were written off as expired, once, over the units available, valued at cost or else at price", async () => {
        const container = getContainer()
        const loose = await createInventoryItem(container, "LOOSE-POWDER")
        // Received 5 days ago; they expire 3 days ago (at the end of that day) with everything on hand.
        const shC = await createLot({ inventory_item_id: shampoo.inventoryItemId, lot_number: "SH-C", expires_at: addDays(today, 100), unit_cost: 4.25, receive: [{ location_id: paris.id, quantity: 10 }] })
        const vcP = await createLot({ inventory_item_id: vitamin.inventoryItemId, lot_number: "VC-P", expires_at: addDays(today, 100), receive: [{ location_id: paris.id, quantity: 4 }] })
        await backdate(shC.id, 5)
        await backdate(vcP.id, 5)
        for (const lot of [shC, vcP]) {
          const res = await post(`/admin/lots/${lot.id}`, { expires_at: addDays(today, -3) })
          expect([res.status, res.data.message]).toEqual([200, undefined])
        }
        // The expired shampoo is written off as expired today: already lost when it expired, not counted again.
        expect((await post(`/admin/lots/${shC.id}/write-off`, { location_id: paris.id, quantity: 10, reason: "expired" })).status).toEqual(200)
        // A shampoo lot written off as expired before its date (2 of 6), at its cost.
        const shD = await createLot({ inventory_item_id: shampoo.inventoryItemId, lot_number: "SH-D", expires_at: addDays(today, 30), unit_cost: 3.1, receive: [{ location_id: paris.id, quantity: 6 }] })
        expect((await post(`/admin/lots/${shD.id}/write-off`, { location_id: paris.id, quantity: 2, reason: "expired" })).status).toEqual(200)
        // A lot that arrived already expired (yesterday) and is written off: never on hand at its expiry, counted at
        // the write-off; no cost, and no variant uses the item, so no value.
        const lp = await createLot({ inventory_item_id: loose.id, lot_number: "LP-X", expires_at: addDays(today, -1), allow_expired: true, receive: [{ location_id: paris.id, quantity: 2 }] })
        expect((await post(`/admin/lots/${lp.id}/write-off`, { location_id: paris.id, quantity: 2, reason: "expired" })).status).toEqual(200)
        // Damaged is not an expiry loss.
        expect((await post(`/admin/lots/${shD.id}/write-off`, { location_id: paris.id, quantity: 1, reason: "damaged" })).status).toEqual(200)

        const loss = (await kpis()).expiration_loss
        // 10 + 4 expired on hand, 2 + 2 written off as expired: 18 of the 22 units received in the period.
        expect(loss).toEqual({
          rate: 0.8182,
          expired_units: 18,
          expired_on_hand_units: 14,
          written_off_units: 4,
          available_units: 22,
          on_hand_at_start: 0,
          received_units: 22,
          // At cost: 10 × 4.25 + 2 × 3.10 = 48.70 €; at the vitamin's price: 4 × 14.50 = 58.00 €.
          value: { amount: 106.7, currency_code: "eur", amounts: [{ currency_code: "eur", amount: 106.7 }], at_cost_units: 12, at_price_units: 4, unvalued_units: 2 },
          items: [
            expect.objectContaining({ sku: "SHAMPOO-ARGAN-250", expired_units: 12, expired_on_hand_units: 10, written_off_units: 2, available_units: 16, rate: 0.75, at_cost_units: 12, at_price_units: 0, amounts: [{ currency_code: "eur", amount: 48.7 }] }),
            expect.objectContaining({ sku: "VITC-1000-60", expired_units: 4, expired_on_hand_units: 4, written_off_units: 0, available_units: 4, rate: 1, at_price_units: 4, unit_price: 14.5, amounts: [{ currency_code: "eur", amount: 58 }] }),
            expect.objectContaining({ sku: "LOOSE-POWDER", expired_units: 2, written_off_units: 2, unvalued_units: 2, unit_price: null, amounts: [] }),
          ],
        })

        // Each unit is lost in one period only: the day the two lots expired, and today.
        const expiryDay = addDays(today, -2)
        const onExpiryDay = (await kpis(`?from=${expiryDay}&to=${expiryDay}`)).expiration_loss
        expect([onExpiryDay.expired_units, onExpiryDay.expired_on_hand_units, onExpiryDay.written_off_units]).toEqual([14, 14, 0])
        const onToday = (await kpis(`?from=${today}&to=${today}`)).expiration_loss
        expect([onToday.expired_units, onToday.expired_on_hand_units, onToday.written_off_units]).toEqual([4, 0, 4])
        const between = (await kpis(`?from=${addDays(today, -1)}&to=${addDays(today, -1)}`)).expiration_loss
        expect(between.expired_units).toEqual(0)
        // On hand at the start of yesterday: the 14 units received 5 days ago (the lots' ledger says so).
        expect([between.on_hand_at_start, between.received_units, between.rate]).toEqual([14, 0, 0])
        // Before anything arrived: nothing available, nothing lost, the rate unknown.
        expect((await kpis(`?from=${addDays(today, -60)}&to=${addDays(today, -10)}`)).expiration_loss).toEqual(
          expect.objectContaining({ rate: null, expired_units: 0, available_units: 0, value: expect.objectContaining({ amount: 0, currency_code: "eur" }) })
        )
        await expectInvariant(container, shampoo.inventoryItemId)
        await expectInvariant(container, vitamin.inventoryItemId)
      })
    })

    describe("recall time", () => {
      it("measures from opening to the complete list and to every reachable customer notified; canceled recalls do not count", async () => {
        const container = getContainer()
        const lot = await createLot({ inventory_item_id: shampoo.inventoryItemId, lot_number: "SH-RC", expires_at: addDays(today, 100), receive: [{ location_id: paris.id, quantity: 10 }] })
        const order = await placeOrder(api, store, { items: [{ variant_id: shampoo.variantId, quantity: 2 }] })
        await waitFor(async () => (await get(`/admin/orders/${order.id}/lots`)).data.order_lots.lines[0].reserved_quantity === 2, "the order's lot")
        expect((await fulfillOrder(api, admin, order.id, { items: [{ id: order.items[0].id, quantity: 2 }], location_id: paris.id })).status).toEqual(200)

        const opened = await post("/admin/recalls", { lot_ids: [lot.id], reason: "mould" })
        expect([opened.status, opened.data.message]).toEqual([201, undefined])
        const recallId = opened.data.recall.id
        // Listed, not notified yet: waiting for its notice.
        expect((await kpis()).recall_time).toEqual(expect.objectContaining({ recalls: 1, listed: 1, notified: 0, awaiting_notification: 1, none_reachable: 0 }))
        const notified = await post(`/admin/recalls/${recallId}/notify`, {})
        expect([notified.status, notified.data.message]).toEqual([200, undefined])
        const recall = (await get(`/admin/recalls/${recallId}`)).data.recall
        expect(recall.all_notified_at).toEqual(expect.any(String))
        const toNotify = new Date(recall.all_notified_at).getTime() - new Date(recall.opened_at).getTime()

        // Recalls recorded earlier: one whose customers have no email (nothing to send), one canceled (opened by mistake).
        const hour = 3600 * 1000
        await lotService(container).createRecalls([
          { reference: "RC-NOBODY", reason: "label", opened_at: new Date(Date.now() - 2 * hour), recall_time_ms: 9000, all_notified_at: null },
          { reference: "RC-MISTAKE", reason: "wrong lot", status: "canceled", opened_at: new Date(Date.now() - hour), recall_time_ms: 50, all_notified_at: new Date(Date.now() - hour + 10) },
        ] as any)

        const figures = (await kpis()).recall_time
        expect(figures).toEqual({
          recalls: 2,
          listed: 2,
          median_recall_time_ms: Math.round((recall.recall_time_ms + 9000) / 2),
          max_recall_time_ms: Math.max(recall.recall_time_ms, 9000),
          notified: 1,
          median_time_to_notify_ms: toNotify,
          max_time_to_notify_ms: toNotify,
          awaiting_notification: 0,
          none_reachable: 1,
        })
        await expectInvariant(container, shampoo.inventoryItemId)
      })
    })

    describe("bad input", () => {
      it("refuses a KPI request with a bad period, saying what is wrong", async () => {
        const container = getContainer()
        const before = await databaseState(container)
        for (const [query, message] of [
          ["?from=2026-13-01", "from must be a calendar date written YYYY-MM-DD"],
          ["?from=2026-03-02&to=2026-03-01", "from (2026-03-02) must not be after to (2026-03-01)"],
          ["?currency=eur", "Unrecognized fields: 'currency'"],
        ]) {
          const res = await get(`/admin/lot-tracking/kpis${query}`)
          expect([query, res.status, res.data.message]).toEqual([query, 400, expect.stringContaining(message)])
        }
        expect(await databaseState(container)).toEqual(before)
        await expectInvariant(container, shampoo.inventoryItemId)
      })
    })
  },
})
