import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { databaseState, expectInvariant, lotStock, receiveLotThroughApi, seedLotTestStore } from "../helpers/fixtures"
import { fulfillOrder, placeOrder } from "../helpers/orders"
import { waitFor } from "../helpers/race"
import type { DemoStore } from "../../src/scripts/demo/store"
import { restockReturnedLotsWorkflow } from "../../src/workflows/restock-returned-lots"

jest.setTimeout(240 * 1000)

const knex = (container: MedusaContainer) => container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any

async function level(container: MedusaContainer, inventoryItemId: string, locationId: string) {
  const [lvl] = await container.resolve(Modules.INVENTORY).listInventoryLevels({ inventory_item_id: inventoryItemId, location_id: locationId })
  return { stocked: Number(lvl?.stocked_quantity ?? 0), reserved: Number(lvl?.reserved_quantity ?? 0) }
}

/** Everything a refused request could have changed: the plugin's tables, Medusa's levels, and the return's receipts. */
async function stateOf(container: MedusaContainer, returnId: string) {
  const { rows } = await knex(container).raw(
    `SELECT json_agg(json_build_object('id', id, 's', status, 'm', metadata) ORDER BY id) AS changes,
            (SELECT json_agg(json_build_object('id', id, 'r', returned_quantity, 'q', quantity, 's', status) ORDER BY id) FROM lot_allocation) AS allocations
       FROM order_change WHERE return_id = ?`,
    [returnId]
  )
  return { ...(await databaseState(container)), ...rows[0] }
}

/** A return's ledger: movements that reference it, per lot and type. */
async function returnMovements(container: MedusaContainer, returnId: string) {
  const { rows } = await knex(container).raw(
    `SELECT l.lot_number, m.type, m.quantity, (m.metadata->>'units')::int AS units, (m.metadata->>'damaged')::boolean AS damaged
       FROM lot_movement m JOIN lot l ON l.id = m.lot_id
      WHERE m.reference_type = 'return' AND m.reference_id = ?
      -- Movements of one transaction share created_at, and ids made in the same millisecond
      -- do not sort by creation; the ledger is append-only, so its physical order is the order of writing.
      ORDER BY m.created_at, m.ctid`,
    [returnId]
  )
  return rows.map((r: any) => [r.lot_number, r.type, r.quantity, r.units, r.damaged])
}

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let paris: { id: string }
    let shampoo: DemoStore["products"][number]

    const get = (url: string) => api.get(url, { headers: admin }).catch((e) => e.response)
    const post = (url: string, body: unknown) => api.post(url, body, { headers: admin }).catch((e) => e.response)
    const ok = async (res: Promise<{ status: number; data: any }>, what: string) => {
      const r = await res
      if (r.status !== 200 && r.status !== 201) {
        throw new Error(`${what}: ${r.status} ${JSON.stringify(r.data)}`)
      }
      return r.data
    }

    /** A lot received through the admin API (`POST /admin/lots`). */
    async function receive(inventoryItemId: string, lot_number: string, expiresIn: number, quantity: number) {
      return receiveLotThroughApi(api, admin, { inventory_item_id: inventoryItemId, lot_number, expires_in_days: expiresIn, location_id: paris.id, quantity })
    }

    /** Places an order through the store API and waits until the plugin allocated all its inventory units. */
    async function orderOf(variantId: string, quantity: number, inventoryUnits = quantity) {
      const order = await placeOrder(api, store, { items: [{ variant_id: variantId, quantity }] })
      await waitFor(async () => {
        const { rows } = await knex(getContainer()).raw(
          `SELECT (SELECT coalesce(sum(quantity), 0) FROM lot_allocation WHERE order_id = ? AND status = 'reserved')
                + (SELECT coalesce(sum(quantity), 0) FROM lot_shortfall WHERE order_id = ? AND deleted_at IS NULL) AS n`,
          [order.id, order.id]
        )
        return Number(rows[0].n) >= inventoryUnits
      }, "the order's lots")
      return { order, line: order.items[0] }
    }

    const ship = async (orderId: string, lineId: string, quantity: number, lots?: { lot_id: string; quantity: number }[]) => {
      const res = await fulfillOrder(api, admin, orderId, {
        items: [{ id: lineId, quantity }],
        location_id: paris.id,
        ...(lots ? { additional_data: { lots: lots.map((l) => ({ line_item_id: lineId, ...l })) } } : {}),
      })
      expect([res.status, res.data?.message]).toEqual([200, undefined])
    }

    /** A requested return of the given units, with a receipt begun (Medusa's admin flow up to "receive"). */
    async function openReturn(orderId: string, items: { id: string; quantity: number }[], begin = true) {
      const created = await ok(post(`/admin/returns`, { order_id: orderId, location_id: paris.id }), "create return")
      const returnId = created.return.id as string
      await ok(post(`/admin/returns/${returnId}/request-items`, { items }), "request items")
      await ok(post(`/admin/returns/${returnId}/request`, {}), "request return")
      if (begin) {
        await ok(post(`/admin/returns/${returnId}/receive`, {}), "begin receipt")
      }
      return returnId
    }

    const receiveItems = (returnId: string, items: { id: string; quantity: number }[]) =>
      ok(post(`/admin/returns/${returnId}/receive-items`, { items }), "receive items")
    const dismissItems = (returnId: string, items: { id: string; quantity: number }[]) =>
      ok(post(`/admin/returns/${returnId}/dismiss-items`, { items }), "dismiss items")
    const confirmReceipt = (returnId: string) => ok(post(`/admin/returns/${returnId}/receive/confirm`, {}), "confirm receipt")

    /** Waits until the return's lots show `units` inventory units placed (back in a lot, recorded as damaged, or awaiting their lot). */
    async function waitForPlaced(returnId: string, units: number) {
      return waitFor(async () => {
        const res = await get(`/admin/returns/${returnId}/lots`)
        let placed = 0
        for (const line of res.data.return_lots.lines) {
          for (const item of line.items) {
            placed += item.returned.reduce((s: number, r: any) => s + r.quantity, 0)
            placed += item.awaiting ? item.awaiting.normal + item.awaiting.damaged : 0
          }
        }
        return placed >= units ? res.data.return_lots : null
      }, `${units} returned units to be placed`)
    }

    /** Runs the `order.return_received` subscriber's workflow again, as a redelivered event does: nothing may change. */
    async function expectRedeliveryChangesNothing(returnId: string) {
      const container = getContainer()
      const before = await stateOf(container, returnId)
      await restockReturnedLotsWorkflow(container).run({ input: { return_id: returnId } })
      expect(await stateOf(container, returnId)).toEqual(before)
    }

    beforeEach(async () => {
      const container = getContainer()
      const seeded = await seedLotTestStore(container)
      ;({ store, admin, paris } = seeded)
      shampoo = seeded.product("SHAMPOO-ARGAN-250")
    })

    describe("without named lots", () => {
      it("puts units back into the one lot a line shipped from, or into its lots in the order they shipped, once per receipt", async () => {
        const container = getContainer()
        const A = await receive(shampoo.inventoryItemId, "SH-A", 100, 6)
        const B = await receive(shampoo.inventoryItemId, "SH-B", 200, 10)

        // One lot: 2 units of SH-A go out and come back.
        const single = await orderOf(shampoo.variantId, 2)
        await ship(single.order.id, single.line.id, 2)
        expect(await lotStock(container, A.id, paris.id)).toEqual({ stocked: 4, reserved: 0 })
        const r1 = await openReturn(single.order.id, [{ id: single.line.id, quantity: 2 }])
        await receiveItems(r1, [{ id: single.line.id, quantity: 2 }])
        await confirmReceipt(r1)
        await waitForPlaced(r1, 2)
        expect(await lotStock(container, A.id, paris.id)).toEqual({ stocked: 6, reserved: 0 })
        expect(await returnMovements(container, r1)).toEqual([["SH-A", "returned", 2, 2, false]])
        await expectInvariant(container, shampoo.inventoryItemId)

        // Several lots: SH-B shipped first (2), then SH-A (4). A return received in two goes fills them in that order.
        const multi = await orderOf(shampoo.variantId, 6)
        await ship(multi.order.id, multi.line.id, 2, [{ lot_id: B.id, quantity: 2 }])
        await ship(multi.order.id, multi.line.id, 4, [{ lot_id: A.id, quantity: 4 }])
        expect(await lotStock(container, A.id, paris.id)).toEqual({ stocked: 2, reserved: 0 })
        expect(await lotStock(container, B.id, paris.id)).toEqual({ stocked: 8, reserved: 0 })
        const r2 = await openReturn(multi.order.id, [{ id: multi.line.id, quantity: 4 }])
        await receiveItems(r2, [{ id: multi.line.id, quantity: 1 }])
        await confirmReceipt(r2)
        await waitForPlaced(r2, 1)
        await ok(post(`/admin/returns/${r2}/receive`, {}), "begin second receipt")
        await receiveItems(r2, [{ id: multi.line.id, quantity: 3 }])
        await confirmReceipt(r2)
        const lots = await waitForPlaced(r2, 4)
        expect(await lotStock(container, B.id, paris.id)).toEqual({ stocked: 10, reserved: 0 })
        expect(await lotStock(container, A.id, paris.id)).toEqual({ stocked: 4, reserved: 0 })
        expect(lots.lines[0].items[0].shipped.map((s: any) => [s.lot_number, s.quantity, s.returned_quantity])).toEqual([
          ["SH-B", 2, 2],
          ["SH-A", 4, 2],
        ])
        expect(lots.lines[0].received).toEqual({ normal: 4, damaged: 0 })
        expect(await level(container, shampoo.inventoryItemId, paris.id)).toEqual({ stocked: 14, reserved: 0 })
        await expectInvariant(container, shampoo.inventoryItemId)

        // The event delivered again (for either receipt) restocks nothing more.
        await expectRedeliveryChangesNothing(r2)
        await expectRedeliveryChangesNothing(r1)
        await expectInvariant(container, shampoo.inventoryItemId)
      })
    })

    describe("named return lots", () => {
      it("takes the lots staff name for the receipt, refusing every bad choice with a 400 that changes nothing", async () => {
        const container = getContainer()
        const A = await receive(shampoo.inventoryItemId, "SH-A", 100, 6)
        const B = await receive(shampoo.inventoryItemId, "SH-B", 200, 10)
        const C = await receive(shampoo.inventoryItemId, "SH-C", 300, 5)
        const vitamin = store.products.find((p) => p.sku === "VITC-1000-60")!
        const foreign = await receive(vitamin.inventoryItemId, "VC-1", 100, 5)
        const { order, line } = await orderOf(shampoo.variantId, 6)
        await ship(order.id, line.id, 2, [{ lot_id: B.id, quantity: 2 }])
        await ship(order.id, line.id, 4, [{ lot_id: A.id, quantity: 4 }])

        const returnId = await openReturn(order.id, [{ id: line.id, quantity: 4 }], false)
        const refuse = async (body: unknown, status: number, message: string | RegExp) => {
          const before = await stateOf(container, returnId)
          const res = await post(`/admin/returns/${returnId}/lots`, body)
          expect([res.status, res.data.message]).toEqual([status, typeof message === "string" ? expect.stringContaining(message) : expect.stringMatching(message)])
          expect(await stateOf(container, returnId)).toEqual(before)
        }
        const named = (lot_id: string, quantity: number, extra: Record<string, unknown> = {}) => ({ lots: [{ line_item_id: line.id, lot_id, quantity, ...extra }] })

        // Not being received yet: requested only, then a receipt with no items in it.
        await refuse(named(A.id, 1), 400, "has no receipt in progress")
        await ok(post(`/admin/returns/${returnId}/receive`, {}), "begin receipt")
        await refuse(named(A.id, 1), 400, "no items received in it yet")
        await receiveItems(returnId, [{ id: line.id, quantity: 4 }])

        await refuse(named(C.id, 1), 400, `Lot SH-C did not ship to line item ${line.id}`)
        await refuse(named(foreign.id, 1), 400, `Lot VC-1 belongs to inventory item ${vitamin.inventoryItemId}, not the inventory item of line item ${line.id}`)
        await refuse({ lots: [{ line_item_id: "ordli_nope", lot_id: A.id, quantity: 1 }] }, 400, `Line item ordli_nope is not in return ${returnId}`)
        await refuse(named("lot_nope", 1), 400, "Lot lot_nope was not found")
        await refuse(named(B.id, 3), 400, "Lot SH-B shipped 2 units to line item")
        await refuse({ lots: [{ line_item_id: line.id, lot_id: A.id, quantity: 4 }, { line_item_id: line.id, lot_id: B.id, quantity: 1 }] }, 400, "5 units were named for line item")
        await refuse(named(A.id, 1, { damaged: true }), 400, "1 damaged units were named")
        await refuse(named(A.id, 0), 400, "quantity must be greater than 0")
        await refuse(named(A.id, 1.5), 400, "quantity must be a whole number")
        await refuse({ lots: [] }, 400, "lots must name at least one lot")
        const missing = await post(`/admin/returns/return_nope/lots`, named(A.id, 1))
        expect([missing.status, missing.data.message]).toEqual([404, "Return return_nope was not found"])

        // Valid: 2 units of SH-B and 1 of SH-A are named; the fourth unit follows the default rule (SH-A, the one with units out).
        const saved = await post(`/admin/returns/${returnId}/lots`, {
          lots: [
            { line_item_id: line.id, lot_id: B.id, quantity: 2 },
            { line_item_id: line.id, lot_id: A.id, quantity: 1 },
          ],
        })
        expect(saved.status).toEqual(200)
        expect(saved.data.mode).toEqual("named")
        const item = saved.data.return_lots.lines[0].items[0]
        expect(item.named.map((n: any) => [n.lot_number, n.quantity, n.damaged])).toEqual([
          ["SH-B", 2, false],
          ["SH-A", 1, false],
        ])
        expect(item.receiving).toEqual({ normal: 4, damaged: 0 })
        expect(saved.data.return_lots.receipt).toEqual(expect.objectContaining({ status: expect.any(String) }))
        // Nothing moves before the receipt is confirmed.
        expect(await lotStock(container, A.id, paris.id)).toEqual({ stocked: 2, reserved: 0 })

        await confirmReceipt(returnId)
        const after = await waitForPlaced(returnId, 4)
        expect(await lotStock(container, B.id, paris.id)).toEqual({ stocked: 10, reserved: 0 })
        expect(await lotStock(container, A.id, paris.id)).toEqual({ stocked: 4, reserved: 0 })
        expect(after.lines[0].items[0].returned.map((r: any) => [r.lot_number, r.quantity, r.damaged]).sort()).toEqual([
          ["SH-A", 2, false],
          ["SH-B", 2, false],
        ])
        expect(after.receipt).toBeNull()
        await expectInvariant(container, shampoo.inventoryItemId)
        await expectRedeliveryChangesNothing(returnId)

        // A later return cannot name a lot whose units are all back.
        const second = await openReturn(order.id, [{ id: line.id, quantity: 2 }])
        await receiveItems(second, [{ id: line.id, quantity: 1 }])
        const before = await stateOf(container, second)
        const allBack = await post(`/admin/returns/${second}/lots`, named(B.id, 1))
        expect([allBack.status, allBack.data.message]).toEqual([400, expect.stringContaining("Lot SH-B shipped 2 units to line item")])
        expect(allBack.data.message).toContain("0 of them are not back yet")
        expect(await stateOf(container, second)).toEqual(before)
        await expectInvariant(container, shampoo.inventoryItemId)
      })
    })

    describe("damaged units", () => {
      it("does not restock units received as damaged, records them on their lot as return_damaged, and counts them for a recall", async () => {
        const container = getContainer()
        const A = await receive(shampoo.inventoryItemId, "SH-A", 100, 5)
        const { order, line } = await orderOf(shampoo.variantId, 3)
        await ship(order.id, line.id, 3)
        const returnId = await openReturn(order.id, [{ id: line.id, quantity: 3 }])
        await receiveItems(returnId, [{ id: line.id, quantity: 1 }])
        await dismissItems(returnId, [{ id: line.id, quantity: 2 }])
        await confirmReceipt(returnId)
        const lots = await waitForPlaced(returnId, 3)

        // Medusa restocked 1 unit; so did the plugin. The 2 damaged units stay out of stock, counted as returned.
        expect(await level(container, shampoo.inventoryItemId, paris.id)).toEqual({ stocked: 3, reserved: 0 })
        expect(await lotStock(container, A.id, paris.id)).toEqual({ stocked: 3, reserved: 0 })
        expect(await returnMovements(container, returnId)).toEqual([
          ["SH-A", "returned", 1, 1, false],
          ["SH-A", "return_damaged", 0, 2, true],
        ])
        expect(lots.lines[0].received).toEqual({ normal: 1, damaged: 2 })
        expect(lots.lines[0].items[0].shipped.map((s: any) => [s.lot_number, s.quantity, s.returned_quantity])).toEqual([["SH-A", 3, 3]])
        const movements = (await get(`/admin/lots/${A.id}/movements?type=return_damaged`)).data.movements
        expect(movements).toEqual([expect.objectContaining({ type: "return_damaged", quantity: 0 })])
        await expectInvariant(container, shampoo.inventoryItemId)
        await expectRedeliveryChangesNothing(returnId)

        // A recall of the lot counts all 3 units as returned.
        const opened = await post("/admin/recalls", { lot_ids: [A.id], reason: "Supplier notice" })
        expect(opened.status).toEqual(201)
        const recall = (await get(`/admin/recalls/${opened.data.recall.id}`)).data.recall
        expect(recall.summary).toEqual(expect.objectContaining({ units_shipped: 3, units_returned: 3 }))
        const closed = await post(`/admin/recalls/${recall.id}/close`, {})
        expect(closed.data.recall.outcome).toEqual(expect.objectContaining({ units_shipped: 3, units_returned: 3, units_unaccounted: 0, units_in_stock: 3 }))
        await expectInvariant(container, shampoo.inventoryItemId)
      })
    })

    describe("ambiguous return during a recall", () => {
      it("holds units of a line shipped from two lots, one now recalled, until staff confirm their lot", async () => {
        const container = getContainer()
        const A = await receive(shampoo.inventoryItemId, "SH-A", 100, 5)
        const B = await receive(shampoo.inventoryItemId, "SH-B", 200, 5)
        const C = await receive(shampoo.inventoryItemId, "SH-C", 300, 5)
        const { order, line } = await orderOf(shampoo.variantId, 4)
        await ship(order.id, line.id, 4, [
          { lot_id: A.id, quantity: 2 },
          { lot_id: B.id, quantity: 2 },
        ])
        const opened = await post("/admin/recalls", { lot_ids: [A.id], reason: "Contamination found" })
        expect(opened.status).toEqual(201)
        await expectInvariant(container, shampoo.inventoryItemId)

        const returnId = await openReturn(order.id, [{ id: line.id, quantity: 3 }])
        await receiveItems(returnId, [{ id: line.id, quantity: 2 }])
        await dismissItems(returnId, [{ id: line.id, quantity: 1 }])
        await confirmReceipt(returnId)
        const waiting = await waitForPlaced(returnId, 3)

        // Medusa restocked 2 units; they sit in the quarantined awaiting lot, held back from sale.
        const item = waiting.lines[0].items[0]
        expect(item.awaiting).toEqual(expect.objectContaining({ normal: 2, damaged: 1, location_id: paris.id }))
        expect(waiting.awaiting_lot_confirmation).toEqual(3)
        const awaitingLot = (await get(`/admin/lots/${item.awaiting.lot_id}`)).data.lot
        expect(awaitingLot).toEqual(expect.objectContaining({ lot_number: "AWAITING-LOT-CONFIRMATION", status: "quarantined" }))
        expect(await lotStock(container, awaitingLot.id, paris.id)).toEqual({ stocked: 2, reserved: 0 })
        expect(await lotStock(container, A.id, paris.id)).toEqual({ stocked: 3, reserved: 0 })
        expect(await lotStock(container, B.id, paris.id)).toEqual({ stocked: 3, reserved: 0 })
        const holds = (await get(`/admin/lot-tracking/holds?inventory_item_id=${shampoo.inventoryItemId}`)).data.holds
        expect(holds[0].lots.map((l: any) => [l.lot_number, l.reason, l.quantity]).sort()).toEqual([
          ["AWAITING-LOT-CONFIRMATION", "quarantined", 2],
          ["SH-A", "recalled", 3],
        ])
        // Sellable: SH-B 3 + SH-C 5; the recalled lot and the unconfirmed units are held.
        expect(await level(container, shampoo.inventoryItemId, paris.id)).toEqual({ stocked: 13, reserved: 5 })
        await expectInvariant(container, shampoo.inventoryItemId)
        await expectRedeliveryChangesNothing(returnId)

        // The awaiting lot is never released.
        const release = await post(`/admin/lots/${awaitingLot.id}/release`, {})
        expect([release.status, release.data.message]).toEqual([409, expect.stringContaining("is never released")])

        // Bad confirmations change nothing.
        const refuse = async (lots: unknown[], message: string) => {
          const before = await stateOf(container, returnId)
          const res = await post(`/admin/returns/${returnId}/lots`, { lots })
          expect([res.status, res.data.message]).toEqual([400, expect.stringContaining(message)])
          expect(await stateOf(container, returnId)).toEqual(before)
        }
        await refuse([{ line_item_id: line.id, lot_id: C.id, quantity: 1 }], "Lot SH-C did not ship to line item")
        await refuse([{ line_item_id: line.id, lot_id: A.id, quantity: 3 }], "Lot SH-A shipped 2 units to line item")
        await refuse(
          [
            { line_item_id: line.id, lot_id: A.id, quantity: 2 },
            { line_item_id: line.id, lot_id: B.id, quantity: 2 },
          ],
          "4 units were named for line item"
        )
        await refuse([{ line_item_id: line.id, lot_id: awaitingLot.id, quantity: 1 }], "holds returned units awaiting their lot")

        // Staff confirm: the 2 restocked units came from the recalled SH-A, the damaged one from SH-B.
        const confirmed = await post(`/admin/returns/${returnId}/lots`, {
          lots: [
            { line_item_id: line.id, lot_id: A.id, quantity: 2 },
            { line_item_id: line.id, lot_id: B.id, quantity: 1, damaged: true },
          ],
        })
        expect([confirmed.status, confirmed.data.message]).toEqual([200, undefined])
        expect(confirmed.data.mode).toEqual("confirmed")
        expect(confirmed.data.return_lots.awaiting_lot_confirmation).toEqual(0)
        expect(await lotStock(container, awaitingLot.id, paris.id)).toEqual({ stocked: 0, reserved: 0 })
        expect(await lotStock(container, A.id, paris.id)).toEqual({ stocked: 5, reserved: 0 })
        expect(await lotStock(container, B.id, paris.id)).toEqual({ stocked: 3, reserved: 0 })
        expect(await returnMovements(container, returnId)).toEqual([
          ["AWAITING-LOT-CONFIRMATION", "return_awaiting_lot", 2, 2, false],
          ["AWAITING-LOT-CONFIRMATION", "return_awaiting_lot", 0, 1, true],
          // Lots named for damaged units are matched first.
          ["AWAITING-LOT-CONFIRMATION", "return_lot_confirmed", 0, 1, true],
          ["SH-B", "return_damaged", 0, 1, true],
          ["AWAITING-LOT-CONFIRMATION", "return_lot_confirmed", -2, 2, false],
          ["SH-A", "returned", 2, 2, false],
        ])
        // The units returned into the recalled lot stay blocked and count for the recall.
        const holdsAfter = (await get(`/admin/lot-tracking/holds?inventory_item_id=${shampoo.inventoryItemId}`)).data.holds
        expect(holdsAfter[0].lots.map((l: any) => [l.lot_number, l.reason, l.quantity])).toEqual([["SH-A", "recalled", 5]])
        const recall = (await get(`/admin/recalls/${opened.data.recall.id}`)).data.recall
        expect(recall.summary).toEqual(expect.objectContaining({ units_shipped: 2, units_returned: 2 }))
        expect(await level(container, shampoo.inventoryItemId, paris.id)).toEqual({ stocked: 13, reserved: 5 })
        await expectInvariant(container, shampoo.inventoryItemId)

        // Nothing awaits any more: a second confirmation is refused; the event again changes nothing.
        await refuse([{ line_item_id: line.id, lot_id: B.id, quantity: 1 }], "has no receipt in progress and no units awaiting lot confirmation")
        await expectRedeliveryChangesNothing(returnId)
      })
    })

    describe("claims and exchanges", () => {
      it("receives an exchange's inbound items like any return, with named lots", async () => {
        const container = getContainer()
        const A = await receive(shampoo.inventoryItemId, "SH-A", 100, 5)
        const B = await receive(shampoo.inventoryItemId, "SH-B", 200, 5)
        const vitamin = store.products.find((p) => p.sku === "VITC-1000-60")!
        await receive(vitamin.inventoryItemId, "VC-1", 200, 5)
        const { order, line } = await orderOf(shampoo.variantId, 3)
        await ship(order.id, line.id, 3, [
          { lot_id: A.id, quantity: 1 },
          { lot_id: B.id, quantity: 2 },
        ])

        const exchangeId = (await ok(post(`/admin/exchanges`, { order_id: order.id }), "create exchange")).exchange.id
        await ok(post(`/admin/exchanges/${exchangeId}/inbound/items`, { location_id: paris.id, items: [{ id: line.id, quantity: 2 }] }), "inbound")
        await ok(post(`/admin/exchanges/${exchangeId}/outbound/items`, { items: [{ variant_id: vitamin.variantId, quantity: 1 }] }), "outbound")
        await ok(post(`/admin/exchanges/${exchangeId}/outbound/shipping-method`, { shipping_option_id: store.shippingOptionIds[0] }), "outbound shipping")
        await ok(post(`/admin/exchanges/${exchangeId}/request`, {}), "request exchange")
        const returnId = (await get(`/admin/exchanges/${exchangeId}?fields=id,return_id`)).data.exchange.return_id as string
        expect(returnId).toEqual(expect.stringMatching(/^return_/))

        await ok(post(`/admin/returns/${returnId}/receive`, {}), "begin receipt")
        await receiveItems(returnId, [{ id: line.id, quantity: 2 }])
        const saved = await post(`/admin/returns/${returnId}/lots`, { lots: [{ line_item_id: line.id, lot_id: B.id, quantity: 2 }] })
        expect([saved.status, saved.data.message]).toEqual([200, undefined])
        await confirmReceipt(returnId)
        await waitForPlaced(returnId, 2)
        // Default would have taken SH-A's unit first; staff said both came from SH-B.
        expect(await lotStock(container, A.id, paris.id)).toEqual({ stocked: 4, reserved: 0 })
        expect(await lotStock(container, B.id, paris.id)).toEqual({ stocked: 5, reserved: 0 })
        await expectInvariant(container, shampoo.inventoryItemId)
        await expectInvariant(container, vitamin.inventoryItemId)
        await expectRedeliveryChangesNothing(returnId)
      })
    })

    describe("kits", () => {
      it("returns line units x required_quantity of each inventory item of a kit, named and damaged included", async () => {
        const container = getContainer()
        const part = async (sku: string) =>
          (await ok(post("/admin/inventory-items", { sku, title: sku, location_levels: [{ location_id: paris.id, stocked_quantity: 0 }] }), `part ${sku}`))
            .inventory_item as { id: string }
        const bottle = await part("KIT-BOTTLE")
        const pump = await part("KIT-PUMP")
        const { data: profiles } = await get("/admin/shipping-profiles?limit=50")
        const profile = profiles.shipping_profiles.find((p: any) => p.name === "Lot demo parcels")
        const created = await ok(
          post("/admin/products", {
            title: "Refill kit",
            status: "published",
            shipping_profile_id: profile.id,
            options: [{ title: "Format", values: ["Kit"] }],
            sales_channels: [{ id: store.salesChannelId }],
            variants: [
              {
                title: "Kit",
                sku: "KIT-REFILL",
                options: { Format: "Kit" },
                manage_inventory: true,
                prices: [{ currency_code: "eur", amount: 20 }],
                inventory_items: [
                  { inventory_item_id: bottle.id, required_quantity: 2 },
                  { inventory_item_id: pump.id, required_quantity: 1 },
                ],
              },
            ],
          }),
          "create kit product"
        )
        const variantId = created.product.variants[0].id
        const B1 = await receive(bottle.id, "BOT-1", 100, 10)
        const P1 = await receive(pump.id, "PMP-1", 100, 10)

        const { order, line } = await orderOf(variantId, 2, 6)
        await ship(order.id, line.id, 2)
        expect(await lotStock(container, B1.id, paris.id)).toEqual({ stocked: 6, reserved: 0 })
        expect(await lotStock(container, P1.id, paris.id)).toEqual({ stocked: 8, reserved: 0 })

        const returnId = await openReturn(order.id, [{ id: line.id, quantity: 2 }])
        await receiveItems(returnId, [{ id: line.id, quantity: 1 }])
        await dismissItems(returnId, [{ id: line.id, quantity: 1 }])
        // Named in inventory units: 2 kit units need 4 bottles.
        const tooMany = await post(`/admin/returns/${returnId}/lots`, { lots: [{ line_item_id: line.id, lot_id: B1.id, quantity: 5 }] })
        expect([tooMany.status, tooMany.data.message]).toEqual([400, expect.stringContaining("5 units were named for line item")])
        const saved = await post(`/admin/returns/${returnId}/lots`, { lots: [{ line_item_id: line.id, lot_id: B1.id, quantity: 4 }] })
        expect([saved.status, saved.data.message]).toEqual([200, undefined])
        expect(
          saved.data.return_lots.lines[0].items.map((i: any) => [i.inventory_item_id, i.required_quantity, i.receiving]).sort()
        ).toEqual(
          [
            [bottle.id, 2, { normal: 2, damaged: 2 }],
            [pump.id, 1, { normal: 1, damaged: 1 }],
          ].sort()
        )
        // Each part is named as staff know it (product · variant · the part's SKU), not by its id.
        expect(
          saved.data.return_lots.lines[0].items.map((i: any) => [i.inventory_item.id, i.inventory_item.sku, i.inventory_item.label]).sort()
        ).toEqual(
          [
            [bottle.id, "KIT-BOTTLE", expect.stringContaining("KIT-BOTTLE")],
            [pump.id, "KIT-PUMP", expect.stringContaining("KIT-PUMP")],
          ].sort()
        )
        await confirmReceipt(returnId)
        await waitForPlaced(returnId, 6)

        // Medusa restocked 1 kit unit: 2 bottles and 1 pump. The damaged kit unit's parts are recorded, not restocked.
        expect(await level(container, bottle.id, paris.id)).toEqual({ stocked: 8, reserved: 0 })
        expect(await level(container, pump.id, paris.id)).toEqual({ stocked: 9, reserved: 0 })
        expect(await lotStock(container, B1.id, paris.id)).toEqual({ stocked: 8, reserved: 0 })
        expect(await lotStock(container, P1.id, paris.id)).toEqual({ stocked: 9, reserved: 0 })
        expect((await returnMovements(container, returnId)).sort()).toEqual(
          [
            ["BOT-1", "returned", 2, 2, false],
            ["BOT-1", "return_damaged", 0, 2, true],
            ["PMP-1", "returned", 1, 1, false],
            ["PMP-1", "return_damaged", 0, 1, true],
          ].sort()
        )
        await expectInvariant(container, bottle.id)
        await expectInvariant(container, pump.id)
        await expectRedeliveryChangesNothing(returnId)
        await expectInvariant(container, bottle.id)
        await expectInvariant(container, pump.id)
      })
    })
  },
})
