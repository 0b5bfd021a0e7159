import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { databaseState, expectInvariant, lotStock, receiveLot, seedLotTestStore } from "../helpers/fixtures"
import { fulfillOrder, placeOrder, recordEvents } from "../helpers/orders"
import { waitFor } from "../helpers/race"
import type { DemoStore } from "../../src/scripts/demo/store"
import { lotService } from "../../src/modules/lot_tracking/resolve"
import { csvObjects, parseCsv } from "../helpers/csv"

jest.setTimeout(240 * 1000)

function knex(container: MedusaContainer) {
  return container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
}

/** Everything the recall desk could have written, on top of `databaseState`, to prove a refusal changed nothing. */
async function fullState(container: MedusaContainer) {
  const { rows } = await knex(container).raw(`
    SELECT
      (SELECT json_agg(json_build_object('id', id, 'l', lot_id, 'loc', location_id, 'o', order_id, 'q', quantity, 's', status) ORDER BY id) FROM lot_allocation) AS allocations,
      (SELECT json_agg(json_build_object('line', line_item_id, 'q', quantity, 'd', deleted_at) ORDER BY id) FROM lot_shortfall) AS shortfalls,
      (SELECT json_agg(json_build_object('id', id, 's', status, 'c', closed_at, 'x', canceled_at, 'r', cancel_reason, 'scope', scope) ORDER BY id) FROM recall) AS recalls,
      (SELECT count(*)::int FROM recall_lot) AS recall_lots,
      (SELECT json_agg(json_build_object('id', id, 's', status) ORDER BY id) FROM recall_notice) AS notices,
      (SELECT json_agg(json_build_object('l', lot_id, 'loc', location_id, 'r', recall_id) ORDER BY lot_id, location_id) FROM lot_stock) AS blocks,
      (SELECT json_agg(json_build_object('i', inventory_item_id, 'loc', location_id, 'q', quantity) ORDER BY id) FROM reservation_item WHERE deleted_at IS NULL) AS reservations
  `)
  return { ...(await databaseState(container)), ...rows[0] }
}

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let adminUser: { id: string }
    let paris: { id: string }
    let rotterdam: { id: string }
    let shampoo: DemoStore["products"][number]

    async function receive(lot_number: string, expiresIn: number, receipts: { location_id: string; quantity: number }[]) {
      return receiveLot(getContainer(), {
        inventory_item_id: shampoo.inventoryItemId,
        lot_number,
        expires_in_days: expiresIn,
        receive: receipts,
      })
    }

    beforeEach(async () => {
      const seeded = await seedLotTestStore(getContainer())
      ;({ store, admin, adminUser, paris, rotterdam } = seeded)
      shampoo = seeded.product("SHAMPOO-ARGAN-250")
    })

    const get = (url: string, headers = admin) => api.get(url, { headers }).catch((e) => e.response)
    const post = (url: string, body: unknown, headers = admin) => api.post(url, body, { headers }).catch((e) => e.response)
    const openRecall = (body: Record<string, unknown>) => post("/admin/recalls", body)
    const books = () => expectInvariant(getContainer(), shampoo.inventoryItemId)
    /** More units of a lot at a location, through the admin API (after orders placed, so checkout's location is known). */
    async function receiveMore(lotId: string, location_id: string, quantity: number) {
      const res = await post(`/admin/lots/${lotId}/receive`, { location_id, quantity })
      expect(res.status).toEqual(200)
    }

    /** An order through the store, once the plugin has allocated it (reserved or short). */
    async function orderOf(quantity: number, shippingOptionIndex?: number) {
      const order = await placeOrder(api, store, { items: [{ variant_id: shampoo.variantId, quantity }], shippingOptionIndex })
      await waitFor(async () => {
        const line = (await get(`/admin/orders/${order.id}/lots`)).data.order_lots.lines[0]
        return line.reserved_quantity + line.shortfall > 0
      }, "the order's lots")
      return { order, line: order.items[0] }
    }

    /** Fulfils the order's line from a location; `markShipped` hands it to the carrier too. */
    async function ship(o: { order: any; line: any }, quantity: number, location_id: string, markShipped = false) {
      const res = await fulfillOrder(api, admin, o.order.id, { items: [{ id: o.line.id, quantity }], location_id })
      expect([res.status, res.data?.message]).toEqual([200, undefined])
      const { data } = await get(`/admin/orders/${o.order.id}?fields=id,display_id,*fulfillments`)
      const fulfillment = data.order.fulfillments.sort((a: any, b: any) => b.created_at.localeCompare(a.created_at))[0]
      if (markShipped) {
        const shipped = await post(`/admin/orders/${o.order.id}/fulfillments/${fulfillment.id}/shipments`, { items: [{ id: o.line.id, quantity }] })
        expect(shipped.status).toEqual(200)
      }
      return { fulfillment, display_id: data.order.display_id as number }
    }

    const orderLine = async (orderId: string) => (await get(`/admin/orders/${orderId}/lots`)).data.order_lots.lines[0]
    const reservedLots = (line: any) =>
      line.allocations.filter((a: any) => a.status === "reserved").map((a: any) => [a.lot_number, a.location_id, a.quantity])
    const holdAt = async (locationId: string) => {
      const { rows } = await knex(getContainer()).raw(
        `SELECT coalesce(sum(quantity), 0)::int AS q FROM reservation_item WHERE inventory_item_id = ? AND location_id = ? AND external_id = 'lot_tracking_hold' AND deleted_at IS NULL`,
        [shampoo.inventoryItemId, locationId]
      )
      return rows[0].q as number
    }

    describe("cancel", () => {
      it("restores each lot's status and the holds, serves waiting lines, voids unsent notices and keeps the record; refuses bad input and a second cancel; a failure half-way changes nothing", async () => {
        const container = getContainer()
        const a = await receive("SH-A", 100, [{ location_id: paris.id, quantity: 10 }])
        const q = await receive("SH-Q", 120, [{ location_id: paris.id, quantity: 4 }])
        expect((await post(`/admin/lots/${q.id}/quarantine`, { reason: "lab check" })).status).toEqual(200)
        // Three shipments of SH-A (their notices: sent, failed, pending) and an order still waiting to ship.
        const shipped = [await orderOf(1), await orderOf(1), await orderOf(1)]
        for (const o of shipped) {
          await ship(o, 1, paris.id, true)
        }
        const waiting = await orderOf(2)
        expect(reservedLots(await orderLine(waiting.order.id))).toEqual([["SH-A", paris.id, 2]])

        const opened = await openRecall({ lot_ids: [a.id, q.id], reason: "opened on the wrong lot" })
        expect(opened.status).toEqual(201)
        const recall = opened.data.recall
        expect(recall.scope).toBeNull()
        // The waiting order has no other lot: it waits as a shortfall.
        expect(await orderLine(waiting.order.id)).toEqual(expect.objectContaining({ reserved_quantity: 0, shortfall: 2 }))
        expect(await holdAt(paris.id)).toEqual(7 + 4)
        const notices = opened.data.notices.map((n: any) => [n.order_id, n.id])
        expect(notices).toHaveLength(3)
        const noticeOf = (orderId: string) => notices.find(([o]: string[]) => o === orderId)[1]
        await knex(container).raw(`UPDATE recall_notice SET status = 'sent', notified_at = now() WHERE id = ?`, [noticeOf(shipped[0].order.id)])
        await knex(container).raw(`UPDATE recall_notice SET status = 'failed' WHERE id = ?`, [noticeOf(shipped[1].order.id)])

        // Bad requests: a clear 400/404, nothing changes.
        let before = await fullState(container)
        const refusals: [string, Record<string, unknown>, number, string][] = [
          [recall.id, {}, 400, "Invalid request: Field 'reason' is required"],
          [recall.id, { reason: "   " }, 400, "Invalid request: reason is required"],
          [recall.id, { reason: "x", undo: true }, 400, "Invalid request: Unrecognized fields: 'undo'"],
          ["rcl_nope", { reason: "x" }, 404, "Recall rcl_nope was not found"],
        ]
        for (const [id, body, status, message] of refusals) {
          const res = await post(`/admin/recalls/${id}/cancel`, body)
          expect([res.status, res.data.message]).toEqual([status, message])
          expect(await fullState(container)).toEqual(before)
        }

        // A failure after the lots were restored (writing the ledger) undoes the whole cancel.
        const service = lotService(container)
        const spy = jest.spyOn(service, "createLotMovements").mockImplementationOnce(async () => {
          throw new Error("database went away")
        })
        const failed = await post(`/admin/recalls/${recall.id}/cancel`, { reason: "opened on the wrong lot" })
        spy.mockRestore()
        expect(failed.status).toBeGreaterThanOrEqual(400)
        expect(await fullState(container)).toEqual(before)
        expect((await get(`/admin/recalls/${recall.id}`)).data.recall.status).toEqual("open")
        await books()

        const events = recordEvents(container, "recall.canceled")
        const statusEvents = recordEvents(container, "lot.status_changed")
        const canceled = await post(`/admin/recalls/${recall.id}/cancel`, { reason: "opened on the wrong lot" })
        expect(canceled.status).toEqual(200)
        expect(canceled.data.recall).toEqual(
          expect.objectContaining({
            id: recall.id,
            status: "canceled",
            cancel_reason: "opened on the wrong lot",
            canceled_by: adminUser.id,
            canceled_at: expect.any(String),
            reference: recall.reference,
          })
        )
        // Each lot back to what it was; SH-A's units sellable again and the waiting order served first.
        expect(canceled.data.recall.lots.map((l: any) => [l.lot_number, l.previous_status, l.status]).sort()).toEqual([
          ["SH-A", "active", "active"],
          ["SH-Q", "quarantined", "quarantined"],
        ])
        await waitFor(async () => (await orderLine(waiting.order.id)).shortfall === 0, "the waiting order to get its lots")
        expect(reservedLots(await orderLine(waiting.order.id))).toEqual([["SH-A", paris.id, 2]])
        expect(await lotStock(container, a.id, paris.id)).toEqual({ stocked: 7, reserved: 2 })
        expect(await holdAt(paris.id)).toEqual(4)
        // Sent stays sent; not yet sent is void.
        const after = (await get(`/admin/recalls/${recall.id}?limit=10`)).data
        const statusOf = (orderId: string) => after.notices.find((n: any) => n.order_id === orderId).status
        expect(shipped.map((o) => statusOf(o.order.id))).toEqual(["sent", "void", "void"])
        expect(after.stop_before_shipping).toEqual([])
        // The ledger: one movement per lot naming the recall and the reason.
        const { rows: ledger } = await knex(container).raw(
          `SELECT lot_id, type, reason, reference_id, actor_id FROM lot_movement WHERE reference_id = ? AND reason LIKE 'recall canceled%' ORDER BY type`,
          [recall.id]
        )
        expect(ledger).toEqual([
          { lot_id: q.id, type: "quarantined", reason: "recall canceled: opened on the wrong lot", reference_id: recall.id, actor_id: adminUser.id },
          { lot_id: a.id, type: "released_from_quarantine", reason: "recall canceled: opened on the wrong lot", reference_id: recall.id, actor_id: adminUser.id },
        ])
        expect((await events.waitFor((e) => e.data.recall_id === recall.id)).data).toEqual(
          expect.objectContaining({ reference: recall.reference, reason: "opened on the wrong lot", lot_ids: expect.arrayContaining([a.id, q.id]), voided_notices: 2, actor_id: adminUser.id })
        )
        await statusEvents.waitFor((e) => e.data.lot_id === a.id && e.data.to === "active")
        expect(statusEvents.events.filter((e) => e.data.recall_id === recall.id).map((e) => [e.data.lot_number, e.data.from, e.data.to]).sort()).toEqual([
          ["SH-A", "recalled", "active"],
          ["SH-Q", "recalled", "quarantined"],
        ])
        events.stop()
        statusEvents.stop()

        // Twice: refused, nothing changes; a canceled recall is neither notified nor closed.
        before = await fullState(container)
        const twice = await post(`/admin/recalls/${recall.id}/cancel`, { reason: "again" })
        expect(twice.status).toEqual(400)
        expect(twice.data.message).toMatch(new RegExp(`^Recall ${recall.reference} is already canceled \\(since \\d{4}-.*\\); only an open recall can be canceled$`))
        const close = await post(`/admin/recalls/${recall.id}/close`, {})
        expect([close.status, close.data.message]).toEqual([400, expect.stringContaining("a canceled recall cannot be closed")])
        const notify = await post(`/admin/recalls/${recall.id}/notify`, {})
        expect(notify.status).toEqual(400)
        expect(await fullState(container)).toEqual(before)
        const list = await get(`/admin/recalls?status=canceled`)
        expect(list.data.counts).toEqual({ open: 0, closed: 0, canceled: 1 })
        expect(list.data.recalls.map((r: any) => [r.id, r.status, r.cancel_reason])).toEqual([[recall.id, "canceled", "opened on the wrong lot"]])
        // A closed recall cannot be canceled.
        const other = await openRecall({ lot_ids: [a.id], reason: "for real" })
        expect((await post(`/admin/recalls/${other.data.recall.id}/close`, {})).status).toEqual(200)
        const afterClose = await post(`/admin/recalls/${other.data.recall.id}/cancel`, { reason: "x" })
        expect([afterClose.status, afterClose.data.message]).toEqual([400, expect.stringMatching(/is already closed .*only an open recall can be canceled$/)])
        await books()
      })

      it("a lot in a scoped and a whole-lot recall: canceling one leaves the other's block", async () => {
        const container = getContainer()
        const a = await receive("SH-A", 100, [
          { location_id: paris.id, quantity: 4 },
          { location_id: rotterdam.id, quantity: 3 },
        ])
        const r1 = await openRecall({ lot_ids: [a.id], reason: "Paris cold room failure", scope: { location_ids: [paris.id] } })
        expect(r1.status).toEqual(201)
        expect((await get(`/admin/lots/${a.id}`)).data.lot.status).toEqual("active")
        expect([await holdAt(paris.id), await holdAt(rotterdam.id)]).toEqual([4, 0])

        // The pair is under one recall at a time.
        let before = await fullState(container)
        const overlap = await openRecall({ lot_ids: [a.id], reason: "again", scope: { location_ids: [paris.id, rotterdam.id] } })
        expect([overlap.status, overlap.data.message]).toEqual([
          400,
          `Lot SH-A is already recalled at location ${paris.id} (recall ${r1.data.recall.reference}); a lot's stock at a location can be under one recall only`,
        ])
        expect(await fullState(container)).toEqual(before)

        // The whole lot recalled too, then the scoped recall canceled: the lot stays recalled everywhere.
        const r2 = await openRecall({ lot_ids: [a.id], reason: "supplier recall" })
        expect(r2.status).toEqual(201)
        expect([await holdAt(paris.id), await holdAt(rotterdam.id)]).toEqual([4, 3])
        const c1 = await post(`/admin/recalls/${r1.data.recall.id}/cancel`, { reason: "covered by the supplier recall" })
        expect(c1.status).toEqual(200)
        expect((await get(`/admin/lots/${a.id}`)).data.lot.status).toEqual("recalled")
        const { rows: blocks } = await knex(container).raw(`SELECT count(*)::int AS n FROM lot_stock WHERE recall_id IS NOT NULL`)
        expect(blocks[0].n).toEqual(0)
        expect([await holdAt(paris.id), await holdAt(rotterdam.id)]).toEqual([4, 3])
        await books()

        // Canceling the whole-lot recall: active everywhere.
        expect((await post(`/admin/recalls/${r2.data.recall.id}/cancel`, { reason: "supplier withdrew it" })).status).toEqual(200)
        expect((await get(`/admin/lots/${a.id}`)).data.lot.status).toEqual("active")
        expect([await holdAt(paris.id), await holdAt(rotterdam.id)]).toEqual([0, 0])
        await books()
      })
    })

    describe("scope", () => {
      it("by location: only the stock there is blocked and its reservations moved; other locations stay sellable and allocatable; staff picks, transfers out and named shipments there are refused", async () => {
        const container = getContainer()
        // Stock in Paris only while the first order is placed, so checkout reserves there.
        const a = await receive("SH-A", 100, [{ location_id: paris.id, quantity: 5 }])
        await receive("SH-B", 200, [{ location_id: paris.id, quantity: 2 }])
        const early = await orderOf(2)
        expect(reservedLots(await orderLine(early.order.id))).toEqual([["SH-A", paris.id, 2]])
        await receiveMore(a.id, rotterdam.id, 5)

        // Bad scopes: refused, nothing changes.
        const before = await fullState(container)
        const refusals: [Record<string, unknown>, string][] = [
          [{ location_ids: ["sloc_nope"] }, "scope.location_ids: stock location sloc_nope does not exist"],
          [{ shipped_from: "2026-02-30" }, "Invalid request: scope.shipped_from must be a calendar date written YYYY-MM-DD"],
          [{ shipped_from: "2026-03-02", shipped_to: "2026-03-01" }, "Invalid request: scope.shipped_from (2026-03-02) must not be after scope.shipped_to (2026-03-01)"],
          [{ location_ids: [paris.id], everywhere: true }, "Invalid request: Unrecognized fields: 'everywhere'"],
        ]
        for (const [scope, message] of refusals) {
          const res = await openRecall({ lot_ids: [a.id], reason: "x", scope })
          expect([res.status, res.data.message]).toEqual([400, message])
          expect(await fullState(container)).toEqual(before)
        }

        const opened = await openRecall({ lot_ids: [a.id], reason: "Paris cold room failure", scope: { location_ids: [paris.id] } })
        expect(opened.status).toEqual(201)
        expect(opened.data.recall.scope).toEqual({ location_ids: [paris.id] })
        expect((await get(`/admin/recalls/${opened.data.recall.id}`)).data.recall.scope).toEqual({ location_ids: [paris.id] })
        // The lot stays active; its Paris stock is held, its reservation there moved to SH-B.
        expect((await get(`/admin/lots/${a.id}`)).data.lot.status).toEqual("active")
        expect(reservedLots(await orderLine(early.order.id))).toEqual([["SH-B", paris.id, 2]])
        expect(await lotStock(container, a.id, paris.id)).toEqual({ stocked: 5, reserved: 0 })
        expect([await holdAt(paris.id), await holdAt(rotterdam.id)]).toEqual([5, 0])
        const { rows: ledger } = await knex(container).raw(
          `SELECT location_id, type FROM lot_movement WHERE lot_id = ? AND reference_id = ? AND type = 'recalled'`,
          [a.id, opened.data.recall.id]
        )
        expect(ledger).toEqual([{ location_id: paris.id, type: "recalled" }])
        await books()

        // A new order: nothing is sellable in Paris, so checkout reserves in Rotterdam and the plugin takes SH-A there.
        const later = await orderOf(3)
        expect(reservedLots(await orderLine(later.order.id))).toEqual([["SH-A", rotterdam.id, 3]])
        const shipped = await ship(later, 3, rotterdam.id, true)
        expect(shipped.fulfillment).toBeTruthy()
        await books()

        // In Paris the pair is recalled: a staff pick, a named shipment and a transfer out are refused.
        const pick = await post(`/admin/orders/${early.order.id}/lots`, { line_item_id: early.line.id, lots: [{ lot_id: a.id, quantity: 2 }] })
        expect([pick.status, pick.data.message]).toEqual([400, expect.stringMatching(/SH-A .*recalled/)])
        const named = await fulfillOrder(api, admin, early.order.id, {
          items: [{ id: early.line.id, quantity: 2 }],
          location_id: paris.id,
          additional_data: { lots: [{ line_item_id: early.line.id, lot_id: a.id, quantity: 2 }] },
        })
        expect([named.status, named.data.message]).toEqual([400, expect.stringMatching(/SH-A .*recalled/)])
        const transfer = await post(`/admin/lots/${a.id}/transfer`, { from_location_id: paris.id, to_location_id: rotterdam.id, quantity: 1 })
        expect([transfer.status, transfer.data.message]).toEqual([
          400,
          `Lot SH-A is recalled at location ${paris.id} (recall ${opened.data.recall.reference}); its units there cannot be transferred`,
        ])
        expect(reservedLots(await orderLine(early.order.id))).toEqual([["SH-B", paris.id, 2]])
        // The pick list shows what is reserved: SH-B.
        const pickList = await get(`/admin/lot-tracking/pick-list?order_id=${early.order.id}`)
        expect(pickList.data.pick_list.lines.map((l: any) => [l.lot_number, l.lot_status])).toEqual([["SH-B", "active"]])
        // The order of Rotterdam is no affected shipment of a recall scoped to Paris.
        expect((await get(`/admin/recalls/${opened.data.recall.id}`)).data.count).toEqual(0)
        await books()

        // Canceling the scoped recall lifts the block: Paris sells SH-A again.
        const canceled = await post(`/admin/recalls/${opened.data.recall.id}/cancel`, { reason: "the cold room was fine" })
        expect(canceled.status).toEqual(200)
        expect([await holdAt(paris.id), await holdAt(rotterdam.id)]).toEqual([0, 0])
        const { rows: released } = await knex(container).raw(
          `SELECT location_id, type FROM lot_movement WHERE lot_id = ? AND reference_id = ? AND type = 'released_from_quarantine'`,
          [a.id, opened.data.recall.id]
        )
        expect(released).toEqual([{ location_id: paris.id, type: "released_from_quarantine" }])
        await books()
      })

      it("by location: a scoped location where the lot has no stock yet blocks the units that arrive there later", async () => {
        const container = getContainer()
        const c = await receive("SH-C", 100, [{ location_id: rotterdam.id, quantity: 5 }])
        const opened = await openRecall({ lot_ids: [c.id], reason: "Paris cold room failure", scope: { location_ids: [paris.id] } })
        expect(opened.status).toEqual(201)
        expect([await holdAt(paris.id), await holdAt(rotterdam.id)]).toEqual([0, 0])
        // Units received into the lot in Paris after the recall opened are held there; Rotterdam stays sellable.
        await receiveMore(c.id, paris.id, 4)
        expect((await get(`/admin/lots/${c.id}`)).data.lot.status).toEqual("active")
        expect([await holdAt(paris.id), await holdAt(rotterdam.id)]).toEqual([4, 0])
        await books()
        // Canceled: the Paris units are sellable again.
        expect((await post(`/admin/recalls/${opened.data.recall.id}/cancel`, { reason: "opened by mistake" })).status).toEqual(200)
        expect([await holdAt(paris.id), await holdAt(rotterdam.id)]).toEqual([0, 0])
        const { rows } = await knex(container).raw(`SELECT count(*)::int AS n FROM lot_stock WHERE recall_id IS NOT NULL`)
        expect(rows[0].n).toEqual(0)
        await books()
      })

      it("by ship dates (the merchant's days) and location: notices, summary and export list only the shipments in scope", async () => {
        const container = getContainer()
        const a = await receive("SH-A", 100, [{ location_id: paris.id, quantity: 10 }])
        const january = await orderOf(1)
        const february = await orderOf(2)
        const march = await orderOf(1)
        const shipments = [await ship(january, 1, paris.id, true), await ship(february, 2, paris.id, true), await ship(march, 1, paris.id, true)]
        // Ship dates set in the past: 10 January, 10 February (23:30 UTC: still the 10th in UTC), 10 March.
        const dates = ["2026-01-10T12:00:00.000Z", "2026-02-10T23:30:00.000Z", "2026-03-10T12:00:00.000Z"]
        for (const [i, s] of shipments.entries()) {
          await knex(container).raw(`UPDATE fulfillment SET shipped_at = ? WHERE id = ?`, [dates[i], s.fulfillment.id])
          await knex(container).raw(`UPDATE lot_allocation SET fulfilled_at = ? WHERE fulfillment_id = ?`, [dates[i], s.fulfillment.id])
        }

        const opened = await openRecall({
          lot_ids: [a.id],
          reason: "February batch of labels",
          scope: { shipped_from: "2026-02-01", shipped_to: "2026-02-28" },
        })
        expect(opened.status).toEqual(201)
        const recall = opened.data.recall
        expect(recall.scope).toEqual({ shipped_from: "2026-02-01", shipped_to: "2026-02-28" })
        // No location named: the whole lot is blocked; only the February shipment is affected.
        expect((await get(`/admin/lots/${a.id}`)).data.lot.status).toEqual("recalled")
        expect(opened.data.notices.map((n: any) => [n.order_id, n.quantity])).toEqual([[february.order.id, 2]])
        expect(recall.summary).toEqual(expect.objectContaining({ shipments: 1, orders: 1, units_shipped: 2 }))

        const exported = await get(`/admin/recalls/${recall.id}/export`)
        expect(exported.status).toEqual(200)
        const rows = csvObjects(parseCsv(exported.data))
        expect(rows.map((r) => [r["Order ID"], r.Quantity, r["Ship Date"]])).toEqual([[february.order.id, "2", "2026-02-10"]])

        // A lot recalled whole cannot be recalled again, scoped or not.
        const again = await openRecall({ lot_ids: [a.id], reason: "x", scope: { location_ids: [paris.id] } })
        expect([again.status, again.data.message]).toEqual([400, expect.stringContaining("already recalled")])
        await books()
      })
    })

    describe("stop before shipping", () => {
      it("lists fulfilments of the recalled lots made but not yet shipped, within scope, until they ship", async () => {
        const a = await receive("SH-A", 100, [{ location_id: paris.id, quantity: 10 }])
        const packed = await orderOf(3)
        const packedShipment = await ship(packed, 3, paris.id)
        const gone = await orderOf(1)
        await ship(gone, 1, paris.id, true)

        const opened = await openRecall({ lot_ids: [a.id], reason: "contamination" })
        expect(opened.status).toEqual(201)
        expect(opened.data.stop_before_shipping).toEqual([
          {
            order_id: packed.order.id,
            order_display_id: packedShipment.display_id,
            fulfillment_id: packedShipment.fulfillment.id,
            lot_id: a.id,
            lot_number: "SH-A",
            quantity: 3,
            location_id: paris.id,
            location_name: "Paris Warehouse",
            fulfilled_at: expect.any(String),
          },
        ])
        // Once it is handed to the carrier, it is a shipment to trace, not one to stop.
        const shipped = await post(`/admin/orders/${packed.order.id}/fulfillments/${packedShipment.fulfillment.id}/shipments`, {
          items: [{ id: packed.line.id, quantity: 3 }],
        })
        expect(shipped.status).toEqual(200)
        expect((await get(`/admin/recalls/${opened.data.recall.id}`)).data.stop_before_shipping).toEqual([])
        await books()
      })

      it("a recall scoped to a location lists only the fulfilments from there", async () => {
        const a = await receive("SH-A", 100, [{ location_id: paris.id, quantity: 3 }])
        const fromParis = await orderOf(3)
        await ship(fromParis, 3, paris.id)
        // Paris is empty now: the next order is reserved in Rotterdam.
        await receiveMore(a.id, rotterdam.id, 10)
        const fromRotterdam = await orderOf(2)
        expect(reservedLots(await orderLine(fromRotterdam.order.id))).toEqual([["SH-A", rotterdam.id, 2]])
        const rotterdamShipment = await ship(fromRotterdam, 2, rotterdam.id)

        const opened = await openRecall({ lot_ids: [a.id], reason: "Rotterdam pallet damaged", scope: { location_ids: [rotterdam.id] } })
        expect(opened.status).toEqual(201)
        expect(opened.data.stop_before_shipping.map((s: any) => [s.fulfillment_id, s.location_id, s.quantity])).toEqual([
          [rotterdamShipment.fulfillment.id, rotterdam.id, 2],
        ])
        // Notices cover units fulfilled from Rotterdam only (shipped to the carrier or not).
        expect(opened.data.notices.map((n: any) => n.order_id)).toEqual([fromRotterdam.order.id])
        await books()
      })
    })
  },
})
