import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { databaseState, expectInvariant, daysFromToday, lotStock, receiveLot, seedLotTestStore } from "../helpers/fixtures"
import { createCustomerSession, FR_ADDRESS, fulfillOrder, placeOrder } from "../helpers/orders"
import { waitFor } from "../helpers/race"
import type { DemoStore } from "../../src/scripts/demo/store"
import { lotService } from "../../src/modules/lot_tracking/resolve"
import { FSMA_SHIPPING_COLUMNS } from "../../src/api/utils/shipments-csv"
import { csvObjects, parseCsv } from "../helpers/csv"

jest.setTimeout(240 * 1000)

const year = () => new Date().toISOString().slice(0, 4)

function knex(container: MedusaContainer) {
  return container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
}

/** Everything the recall desk could have written, on top of `databaseState`, to prove a refusal changed nothing. */
async function fullState(container: MedusaContainer) {
  const { rows } = await knex(container).raw(`
    SELECT
      (SELECT json_agg(json_build_object('id', id, 'l', lot_id, 'o', order_id, 'q', quantity, 's', status, 'r', returned_quantity) ORDER BY id) FROM lot_allocation) AS allocations,
      (SELECT json_agg(json_build_object('line', line_item_id, 'q', quantity, 'd', deleted_at) ORDER BY id) FROM lot_shortfall) AS shortfalls,
      (SELECT json_agg(json_build_object('id', id, 's', status, 'c', closed_at, 'n', all_notified_at, 'o', outcome) ORDER BY id) FROM recall) AS recalls,
      (SELECT count(*)::int FROM recall_lot) AS recall_lots,
      (SELECT json_agg(json_build_object('id', id, 's', status) ORDER BY id) FROM recall_notice) AS notices,
      (SELECT count(*)::int FROM notification) AS notifications
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
    let shampoo: DemoStore["products"][number]
    const lots: Record<string, { id: string }> = {}

    async function receive(product: DemoStore["products"][number], lot_number: string, expiresIn: number, quantity: number) {
      return receiveLot(getContainer(), {
        inventory_item_id: product.inventoryItemId,
        lot_number,
        expires_in_days: expiresIn,
        manufactured_at: daysFromToday(-20),
        supplier: "Laboratoires Durand",
        origin: "Grasse, FR",
        location_id: paris.id,
        quantity,
      })
    }

    beforeEach(async () => {
      const container = getContainer()
      const seeded = await seedLotTestStore(container)
      ;({ store, admin, adminUser, paris } = seeded)
      shampoo = seeded.product("SHAMPOO-ARGAN-250")
    })

    const get = (url: string, headers = admin) => api.get(url, { headers }).catch((e) => e.response)
    const post = (url: string, body: unknown, headers = admin) => api.post(url, body, { headers }).catch((e) => e.response)

    /** Places an order through the store API and waits until the plugin has allocated it. */
    async function orderOf(quantity: number, input: { customerHeaders?: Record<string, string>; address?: Record<string, unknown> } = {}) {
      const order = await placeOrder(api, store, { items: [{ variant_id: shampoo.variantId, quantity }], ...input })
      await waitFor(async () => {
        const res = await get(`/admin/orders/${order.id}/lots`)
        const line = res.data.order_lots.lines[0]
        return line.reserved_quantity + line.shortfall > 0
      }, "the order's lots")
      return { order, line: order.items[0] }
    }

    async function ship(order: any, line: any, quantity: number, markShipped = false) {
      const res = await fulfillOrder(api, admin, order.id, { items: [{ id: line.id, quantity }], location_id: paris.id })
      expect(res.status).toEqual(200)
      const { data } = await get(`/admin/orders/${order.id}?fields=id,display_id,*fulfillments`)
      const fulfillment = data.order.fulfillments.sort((a: any, b: any) => b.created_at.localeCompare(a.created_at))[0]
      if (markShipped) {
        const shipped = await post(`/admin/orders/${order.id}/fulfillments/${fulfillment.id}/shipments`, { items: [{ id: line.id, quantity }] })
        expect(shipped.status).toEqual(200)
      }
      return { fulfillment, display_id: data.order.display_id as number }
    }

    const openRecall = (body: Record<string, unknown>) => post("/admin/recalls", body)

    describe("traceability", () => {
      it("traces a lot forward to every shipment and customer and backward to its receipt, as JSON and as a formula-safe CSV", async () => {
        lots.A = await receive(shampoo, "SH-A", 100, 10)
        lots.B = await receive(shampoo, "SH-B", 200, 20)
        const camille = await createCustomerSession(api, store.publishableKey, { email: "camille@lot-tracking.test", first_name: "Camille", last_name: "Roux" })
        const mallory = await createCustomerSession(api, store.publishableKey, { email: "mallory@lot-tracking.test", first_name: "=HYPERLINK(\"http://evil.test\",\"x\")", last_name: "Evil" })

        const one = await orderOf(3, { customerHeaders: camille.headers })
        const shippedOne = await ship(one.order, one.line, 3, true)
        const two = await orderOf(2, { customerHeaders: mallory.headers, address: { ...FR_ADDRESS, first_name: "Mallory", last_name: "Evil", address_1: "@SUM(1+1)" } })
        const shippedTwo = await ship(two.order, two.line, 2)
        await orderOf(1) // reserved on SH-A, never shipped: not part of the trace

        const res = await get(`/admin/lots/${lots.A.id}/trace`)
        expect(res.status).toEqual(200)
        expect(res.data.lot).toEqual(expect.objectContaining({ id: lots.A.id, lot_number: "SH-A", status: "active" }))
        expect(res.data.origin).toEqual(
          expect.objectContaining({
            supplier: "Laboratoires Durand",
            origin: "Grasse, FR",
            manufactured_at: daysFromToday(-20),
            receipts: [expect.objectContaining({ location_id: paris.id, location_name: "Paris Warehouse", quantity: 10 })],
          })
        )
        expect(res.data.summary).toEqual(expect.objectContaining({ shipments: 2, orders: 2, units_shipped: 5, units_returned: 0 }))
        expect([res.data.count, res.data.offset, res.data.limit]).toEqual([2, 0, 50])
        const [first, second] = res.data.shipments
        expect(first).toEqual(
          expect.objectContaining({
            order: { id: one.order.id, display_id: shippedOne.display_id },
            customer: { id: camille.customer.id, name: "Camille Roux", email: "camille@lot-tracking.test", phone: "+33100000000" },
            ship_to: expect.objectContaining({ name: "Camille Martin", address_1: "8 rue de Rivoli", city: "Paris", postal_code: "75004", country_code: "fr" }),
            quantity: 3,
            returned_quantity: 0,
            fulfillment_id: shippedOne.fulfillment.id,
            fulfilled_at: expect.any(String),
            shipped_at: expect.any(String),
            ship_from: { location_id: paris.id, name: "Paris Warehouse", address: expect.objectContaining({ city: "Paris", country_code: "FR" }) },
            product: expect.objectContaining({ title: "Argan Repair Shampoo 250 ml", sku: "SHAMPOO-ARGAN-250" }),
            lot: expect.objectContaining({ lot_number: "SH-A" }),
          })
        )
        expect(second).toEqual(expect.objectContaining({ order: { id: two.order.id, display_id: shippedTwo.display_id }, quantity: 2, shipped_at: null }))
        expect(second.customer.email).toEqual("mallory@lot-tracking.test")

        // Pages cut the shipments, the totals stay over all of them.
        const page = await get(`/admin/lots/${lots.A.id}/trace?limit=1&offset=1`)
        expect(page.data.shipments.map((s: any) => s.order.id)).toEqual([two.order.id])
        expect([page.data.count, page.data.summary.units_shipped]).toEqual([2, 5])

        // The other lot shipped nothing: an empty trace, not an error.
        const none = await get(`/admin/lots/${lots.B.id}/trace`)
        expect([none.status, none.data.count, none.data.shipments]).toEqual([200, 0, []])

        // The export: every shipment, FSMA 204 shipping data elements, no live formula.
        const csv = await get(`/admin/lots/${lots.A.id}/trace?format=csv`)
        expect(csv.status).toEqual(200)
        expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
        expect(csv.headers["content-disposition"]).toMatch(/^attachment; filename="lot-SH-A-trace-\d{4}-\d{2}-\d{2}\.csv"$/)
        const table = parseCsv(csv.data)
        expect(table[0]).toEqual([...FSMA_SHIPPING_COLUMNS])
        const rows = csvObjects(table)
        expect(rows).toHaveLength(2)
        expect(rows[0]).toEqual(
          expect.objectContaining({
            "Traceability Lot Code": "SH-A",
            "Traceability Lot Code Source": "Laboratoires Durand / Grasse, FR",
            "Product Description": "Argan Repair Shampoo 250 ml",
            SKU: "SHAMPOO-ARGAN-250",
            Quantity: "3",
            "Unit of Measure": "each",
            "Ship-From Location": "Paris Warehouse",
            "Ship-From Address": "12 rue des Entrepôts, Paris, FR",
            "Ship-To Name": "Camille Martin",
            "Ship-To Address": "8 rue de Rivoli, 75004 Paris, FR",
            "Ship-To Country": "FR",
            "Ship Date": expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
            "Shipped At (UTC)": expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
            "Reference Document Type": "Order",
            "Reference Document Number": `#${shippedOne.display_id}`,
            "Fulfillment ID": shippedOne.fulfillment.id,
            "Order ID": one.order.id,
            "Customer Name": "Camille Roux",
            "Customer Email": "camille@lot-tracking.test",
            // A leading + would make a formula of the phone number.
            "Customer Phone": "'+33100000000",
            "Returned Quantity": "0",
          })
        )
        expect(rows[1]["Customer Name"]).toEqual("'=HYPERLINK(\"http://evil.test\",\"x\") Evil")
        expect(rows[1]["Ship-To Address"]).toEqual("'@SUM(1+1), 75004 Paris, FR")
        for (const row of table.slice(1)) {
          for (const cell of row) {
            expect(cell).not.toMatch(/^[=+\-@\t\r]/)
          }
        }

        // Bad input: clear 4xx, nothing read.
        const unknown = await get(`/admin/lots/lot_does_not_exist/trace`)
        expect([unknown.status, unknown.data.message]).toEqual([404, "Lot lot_does_not_exist was not found"])
        const badFormat = await get(`/admin/lots/${lots.A.id}/trace?format=xml`)
        expect([badFormat.status, badFormat.data.message]).toEqual([400, "Invalid request: format must be one of json, csv"])
        const badLimit = await get(`/admin/lots/${lots.A.id}/trace?limit=0`)
        expect([badLimit.status, badLimit.data.message]).toEqual([400, "Invalid request: limit must be a whole number from 1 to 1000"])
        const unknownCsv = await get(`/admin/lots/lot_does_not_exist/trace?format=csv`)
        expect(unknownCsv.status).toEqual(404)

        // The order's own lots and the lot lookup by number, both existing routes, agree with the trace.
        const orderLots = await get(`/admin/orders/${one.order.id}/lots`)
        expect(orderLots.data.order_lots.lines[0].allocations.map((a: any) => [a.lot_number, a.status, a.fulfillment_id])).toEqual([
          ["SH-A", "fulfilled", shippedOne.fulfillment.id],
        ])
        const byNumber = await get(`/admin/lots?q=sh-a`)
        expect(byNumber.data.lots.map((l: any) => l.id)).toEqual([lots.A.id])
      })
    })

    describe("opening a recall", () => {
      it("blocks the lots at once, moves their reservations to other lots, reports what it could not cover and lists every affected customer", async () => {
        const container = getContainer()
        lots.A = await receive(shampoo, "SH-A", 100, 10)
        lots.B = await receive(shampoo, "SH-B", 200, 6)
        const camille = await createCustomerSession(api, store.publishableKey, { email: "camille@lot-tracking.test", first_name: "Camille", last_name: "Roux" })

        const shipped = await orderOf(3, { customerHeaders: camille.headers }) // SH-A 3
        const shippedFulfilment = await ship(shipped.order, shipped.line, 3, true)
        const reservedB = await orderOf(4) // SH-A 4
        const split = await orderOf(5) // SH-A 3 + SH-B 2
        expect(await lotStock(container, lots.A.id, paris.id)).toEqual({ stocked: 7, reserved: 7 })
        expect(await lotStock(container, lots.B.id, paris.id)).toEqual({ stocked: 6, reserved: 2 })
        const levelBefore = await container.resolve(Modules.INVENTORY).listInventoryLevels({ inventory_item_id: shampoo.inventoryItemId, location_id: paris.id })

        const res = await openRecall({
          lot_ids: [lots.A.id],
          reason: "Supplier reported microbial contamination of batch 42",
          public_reason: "Possible contamination: do not use, return it for a refund",
          classification: "II",
        })
        expect(res.status).toEqual(201)
        const recall = res.data.recall
        expect(recall).toEqual(
          expect.objectContaining({
            reference: `RCL-${year()}-0001`,
            status: "open",
            classification: "II",
            reason: "Supplier reported microbial contamination of batch 42",
            public_reason: "Possible contamination: do not use, return it for a refund",
            opened_by: adminUser.id,
            opened_at: expect.any(String),
            affected_listed_at: expect.any(String),
            recall_time_ms: expect.any(Number),
            all_notified_at: null,
            closed_at: null,
          })
        )
        expect(new Date(recall.affected_listed_at).getTime() - new Date(recall.opened_at).getTime()).toEqual(recall.recall_time_ms)
        expect(recall.affected).toEqual({ orders: 1, customers: 1, units: 3, with_email: 1, without_email: 0, duration_ms: { read: expect.any(Number), write: expect.any(Number) } })
        expect(recall.lots).toEqual([
          expect.objectContaining({
            lot_id: lots.A.id,
            lot_number: "SH-A",
            previous_status: "active",
            status: "recalled",
            stock_on_hand: [{ location_id: paris.id, location_name: "Paris Warehouse", stocked_quantity: 7, reserved_quantity: 7 }],
            stocked_quantity: 7,
          }),
        ])

        // (b) reservations: the 4 units go to SH-B (all it has left); the split order's 3 cannot be covered.
        expect(recall.reallocation).toEqual({
          duration_ms: expect.any(Number),
          released_units: 7,
          reallocated_units: 4,
          shortfall_units: 3,
          lines: [
            expect.objectContaining({ order_id: reservedB.order.id, released: 4, reallocated: [{ lot_id: lots.B.id, lot_number: "SH-B", quantity: 4 }], shortfall: 0 }),
            expect.objectContaining({ order_id: split.order.id, released: 3, reallocated: [], shortfall: 3 }),
          ],
        })
        expect(await lotStock(container, lots.A.id, paris.id)).toEqual({ stocked: 7, reserved: 0 })
        expect(await lotStock(container, lots.B.id, paris.id)).toEqual({ stocked: 6, reserved: 6 })
        const splitLots = (await get(`/admin/orders/${split.order.id}/lots`)).data.order_lots.lines[0]
        expect([splitLots.reserved_quantity, splitLots.shortfall]).toEqual([2, 3])
        const movedLots = (await get(`/admin/orders/${reservedB.order.id}/lots`)).data.order_lots.lines[0]
        expect(movedLots.allocations.filter((a: any) => a.status === "reserved").map((a: any) => [a.lot_number, a.quantity])).toEqual([["SH-B", 4]])
        // The orders' reservations did not move (the plugin only changed which lots hold them); the
        // recalled lot's 7 units, now free, are held back from sale by the plugin's hold.
        const levelAfter = await container.resolve(Modules.INVENTORY).listInventoryLevels({ inventory_item_id: shampoo.inventoryItemId, location_id: paris.id })
        expect(Number(levelAfter[0].reserved_quantity)).toEqual(Number(levelBefore[0].reserved_quantity) + 7)
        await expectInvariant(container, shampoo.inventoryItemId)

        // The ledger: a zero-quantity `recalled` line referencing the recall, and the releases.
        const { data: ledger } = await get(`/admin/lots/${lots.A.id}/movements`)
        const recalledMovement = ledger.movements.find((m: any) => m.type === "recalled")
        expect(recalledMovement).toEqual(
          expect.objectContaining({ quantity: 0, reference_type: "recall", reference_id: recall.id, actor_id: adminUser.id, reason: "Supplier reported microbial contamination of batch 42" })
        )
        expect(ledger.movements.filter((m: any) => m.type === "released").reduce((s: number, m: any) => s + m.quantity, 0)).toEqual(-7)

        // (c) one notice per order that received the lot, with contact and ship-to.
        expect(res.data.count).toEqual(1)
        expect(res.data.notices).toEqual([
          expect.objectContaining({
            order_id: shipped.order.id,
            order_display_id: shippedFulfilment.display_id,
            customer_id: camille.customer.id,
            email: "camille@lot-tracking.test",
            name: "Camille Roux",
            phone: "+33100000000",
            ship_to: expect.objectContaining({ address_1: "8 rue de Rivoli", city: "Paris" }),
            quantity: 3,
            first_shipped_at: expect.any(String),
            status: "pending",
            lines: [expect.objectContaining({ lot_number: "SH-A", quantity: 3, fulfillment_id: shippedFulfilment.fulfillment.id, location_id: paris.id })],
          }),
        ])
        expect(recall.summary).toEqual(expect.objectContaining({ lots: 1, shipments: 1, orders: 1, units_shipped: 3, notices: expect.objectContaining({ notice_count: 1, customers: 1, pending: 1 }) }))

        // The recall desk lists it, filtered by status, with counts.
        const open = await get(`/admin/recalls?status=open`)
        expect(open.data).toEqual(
          expect.objectContaining({ count: 1, offset: 0, limit: 20, counts: { open: 1, closed: 0, canceled: 0 } })
        )
        expect(open.data.recalls[0]).toEqual(
          expect.objectContaining({ id: recall.id, reference: `RCL-${year()}-0001`, lot_count: 1, lot_numbers: ["SH-A"], notice_count: 1, pending: 1, sent: 0, units: 3 })
        )
        expect((await get(`/admin/recalls?status=closed`)).data.recalls).toEqual([])
        expect((await get(`/admin/recalls?status=archived`)).data.message).toEqual("Invalid request: status must be one of open, closed, canceled (got archived)")
        const detail = await get(`/admin/recalls/${recall.id}`)
        expect(detail.data.recall.reference).toEqual(recall.reference)
        expect(detail.data.notices).toHaveLength(1)

        // A second recall takes the next reference.
        const second = await openRecall({ lot_ids: [lots.B.id], reason: "Precaution" })
        expect([second.status, second.data.recall.reference]).toEqual([201, `RCL-${year()}-0002`])
        expect(second.data.recall.reallocation.shortfall_units).toEqual(6)

        // Nothing can take the recalled lot any more: new allocation, staff pick, fulfilment. The recalled
        // units are held back from sale (and the orders moved off them wait for stock), so what the shop
        // can still sell is a lot too close to its expiry to be allocated: the order waits as a shortfall.
        expect((await post(`/admin/lot-tracking/policies/${shampoo.inventoryItemId}`, { min_shelf_life_days: 30 })).status).toEqual(200)
        await receive(shampoo, "SH-SHORT", 5, 20)
        const later = await orderOf(1)
        const laterLots = (await get(`/admin/orders/${later.order.id}/lots`)).data.order_lots.lines[0]
        expect([laterLots.reserved_quantity, laterLots.shortfall]).toEqual([0, 1])
        expect(await lotStock(container, lots.A.id, paris.id)).toEqual({ stocked: 7, reserved: 0 })

        let before = await fullState(container)
        const pick = await post(`/admin/orders/${later.order.id}/lots`, { line_item_id: later.line.id, lots: [{ lot_id: lots.A.id, quantity: 1 }] })
        expect([pick.status, pick.data.message]).toEqual([400, "Lot SH-A cannot be assigned: recalled"])
        expect(await fullState(container)).toEqual(before)

        const named = await fulfillOrder(api, admin, split.order.id, {
          items: [{ id: split.line.id, quantity: 5 }],
          location_id: paris.id,
          additional_data: { lots: [{ line_item_id: split.line.id, lot_id: lots.A.id, quantity: 5 }] },
        })
        expect([named.status, named.data.message]).toEqual([400, "Lot SH-A is recalled and cannot be shipped"])
        expect(await fullState(container)).toEqual(before)

        before = await fullState(container)
        const unnamed = await fulfillOrder(api, admin, later.order.id, { items: [{ id: later.line.id, quantity: 1 }], location_id: paris.id })
        expect(unnamed.status).toEqual(400)
        expect(unnamed.data.message).toContain("must ship with a lot, but eligible lots at location")
        expect(await fullState(container)).toEqual(before)
        const { data: laterOrder } = await get(`/admin/orders/${later.order.id}?fields=id,*fulfillments`)
        expect(laterOrder.order.fulfillments).toHaveLength(0)
        await expectInvariant(container, shampoo.inventoryItemId)
      })

      it("refuses bad requests with a clear message and changes nothing; a failure half-way undoes everything", async () => {
        const container = getContainer()
        lots.A = await receive(shampoo, "SH-A", 100, 10)
        lots.B = await receive(shampoo, "SH-B", 200, 10)
        const one = await orderOf(2)
        await ship(one.order, one.line, 2)
        const reserved = await orderOf(3)

        const refusals: [Record<string, unknown>, number, string][] = [
          [{ lot_ids: [], reason: "x" }, 400, "Invalid request: lot_ids must name at least one lot"],
          [{ reason: "x" }, 400, "Invalid request: Field 'lot_ids' is required"],
          [{ lot_ids: [lots.A.id] }, 400, "Invalid request: Field 'reason' is required"],
          [{ lot_ids: [lots.A.id], reason: "   " }, 400, "Invalid request: reason is required"],
          [{ lot_ids: [lots.A.id], reason: "x", classification: "IV" }, 400, "Invalid request: classification must be one of I, II, III"],
          [{ lot_ids: [lots.A.id], reason: "x", severity: "high" }, 400, "Invalid request: Unrecognized fields: 'severity'"],
          [{ lot_ids: ["lot_does_not_exist"], reason: "x" }, 400, "Lot lot_does_not_exist does not exist"],
          [{ lot_ids: [lots.A.id, "lot_nope_1", "lot_nope_2"], reason: "x" }, 400, "Lots lot_nope_1, lot_nope_2 do not exist"],
        ]
        let before = await fullState(container)
        for (const [body, status, message] of refusals) {
          const res = await openRecall(body)
          expect([res.status, res.data.message]).toEqual([status, message])
          expect(await fullState(container)).toEqual(before)
        }

        // A failure in the last step undoes the whole opening: status, ledger, reservations, notices, the recall.
        const service = lotService(container)
        const spy = jest.spyOn(service, "updateRecalls").mockImplementationOnce(async () => {
          throw new Error("database went away")
        })
        const failed = await openRecall({ lot_ids: [lots.A.id], reason: "x" })
        spy.mockRestore()
        expect(failed.status).toBeGreaterThanOrEqual(400)
        expect(await fullState(container)).toEqual(before)
        expect((await get(`/admin/lots/${lots.A.id}`)).data.lot.status).toEqual("active")
        expect(await lotStock(container, lots.A.id, paris.id)).toEqual({ stocked: 8, reserved: 3 })

        // Now for real; then recalling it again is refused, naming the recall.
        const ok = await openRecall({ lot_ids: [lots.A.id, lots.A.id], reason: "x" })
        expect(ok.status).toEqual(201)
        expect(ok.data.recall.lots).toHaveLength(1)
        const recallId = ok.data.recall.id
        const reference = ok.data.recall.reference
        expect(reference).toEqual(`RCL-${year()}-0001`)
        expect(await lotStock(container, lots.A.id, paris.id)).toEqual({ stocked: 8, reserved: 0 })
        expect((await get(`/admin/orders/${reserved.order.id}/lots`)).data.order_lots.lines[0].allocations.filter((a: any) => a.status === "reserved").map((a: any) => a.lot_number)).toEqual(["SH-B"])

        before = await fullState(container)
        const again = await openRecall({ lot_ids: [lots.B.id, lots.A.id], reason: "again" })
        expect([again.status, again.data.message]).toEqual([400, `Lot SH-A (recall ${reference}) is already recalled; a lot can be under one recall only`])
        expect(await fullState(container)).toEqual(before)
        // Quarantine and release do not touch a recalled lot.
        const release = await post(`/admin/lots/${lots.A.id}/release`, {})
        expect([release.status, release.data.message]).toEqual([409, expect.stringContaining("SH-A is recalled")])
        expect(await fullState(container)).toEqual(before)

        // Unknown recalls: 404 everywhere; bad close bodies: 400; nothing changes.
        for (const [method, url] of [
          ["get", "/admin/recalls/rcl_nope"],
          ["get", "/admin/recalls/rcl_nope/export"],
          ["post", "/admin/recalls/rcl_nope/notify"],
          ["post", "/admin/recalls/rcl_nope/close"],
        ] as const) {
          const res = method === "get" ? await get(url) : await post(url, {})
          expect([url, res.status, res.data.message]).toEqual([url, 404, "Recall rcl_nope was not found"])
        }
        const badClose = await post(`/admin/recalls/${recallId}/close`, { outcome: { destroyed: -1 } })
        expect([badClose.status, badClose.data.message]).toEqual([400, "Invalid request: outcome.destroyed must not be negative"])
        const badClose2 = await post(`/admin/recalls/${recallId}/close`, { outcome: { destroyed: 1.5 } })
        expect([badClose2.status, badClose2.data.message]).toEqual([400, "Invalid request: outcome.destroyed must be a whole number of units"])
        expect(await fullState(container)).toEqual(before)

        // Closing twice: the second is refused and changes nothing.
        const closed = await post(`/admin/recalls/${recallId}/close`, {})
        expect(closed.status).toEqual(200)
        expect(closed.data.recall).toEqual(expect.objectContaining({ status: "closed", closed_by: adminUser.id, closed_at: expect.any(String) }))
        before = await fullState(container)
        const twice = await post(`/admin/recalls/${recallId}/close`, { outcome: { destroyed: 2 } })
        expect(twice.status).toEqual(400)
        expect(twice.data.message).toMatch(new RegExp(`^Recall ${reference} is already closed \\(since \\d{4}-`))
        const notifyClosed = await post(`/admin/recalls/${recallId}/notify`, {})
        expect([notifyClosed.status, notifyClosed.data.message]).toEqual([400, `Recall ${reference} is closed; notices are sent while a recall is open`])
        expect(await fullState(container)).toEqual(before)
        // A closed recall keeps its lots recalled.
        expect((await get(`/admin/lots/${lots.A.id}`)).data.lot.status).toEqual("recalled")

        // Two recalls opened at once get distinct references; two at once on one lot: one wins, the other is refused and leaves nothing.
        const vitamin = store.products.find((p) => p.sku === "VITC-1000-60")!
        const c = await receive(vitamin, "VC-1", 100, 5)
        const d = await receive(vitamin, "VC-2", 100, 5)
        const both = await Promise.all([openRecall({ lot_ids: [c.id], reason: "x" }), openRecall({ lot_ids: [d.id], reason: "y" })])
        expect(both.map((r) => r.status)).toEqual([201, 201])
        expect(both.map((r) => r.data.recall.reference).sort()).toEqual([`RCL-${year()}-0002`, `RCL-${year()}-0003`])
        const e = await receive(vitamin, "VC-3", 100, 5)
        const race = await Promise.all([openRecall({ lot_ids: [e.id], reason: "first" }), openRecall({ lot_ids: [e.id], reason: "second" })])
        expect(race.map((r) => r.status).sort()).toEqual([201, 400])
        const winner = race.find((r) => r.status === 201)!.data.recall
        expect(race.find((r) => r.status === 400)!.data.message).toEqual(
          `Lot VC-3 (recall ${winner.reference}) is already recalled; a lot can be under one recall only`
        )
        const { rows: eRecalls } = await knex(container).raw(`SELECT recall_id FROM recall_lot WHERE lot_id = ?`, [e.id])
        expect(eRecalls).toEqual([{ recall_id: winner.id }])
        const { rows: eMovements } = await knex(container).raw(`SELECT count(*)::int AS n FROM lot_movement WHERE lot_id = ? AND type = 'recalled'`, [e.id])
        expect(eMovements[0].n).toEqual(1)
        expect((await get(`/admin/recalls`)).data.counts).toEqual({ open: 3, closed: 1, canceled: 0 })
      })
    })

    describe("notices, returns, close and export", () => {
      it("notifies each affected customer once through the Notification Module, resends failures one by one, counts returns and closes with the outcome", async () => {
        const container = getContainer()
        lots.A = await receive(shampoo, "SH-A", 100, 10)
        const camille = await createCustomerSession(api, store.publishableKey, { email: "camille@lot-tracking.test", first_name: "Camille", last_name: "Roux" })
        const bruno = await createCustomerSession(api, store.publishableKey, { email: "bruno@lot-tracking.test", first_name: "Bruno", last_name: "Petit" })
        const one = await orderOf(3, { customerHeaders: camille.headers })
        await ship(one.order, one.line, 3, true)
        const two = await orderOf(2, { customerHeaders: bruno.headers })
        await ship(two.order, two.line, 2)

        const opened = await openRecall({ lot_ids: [lots.A.id], reason: "Internal: supplier audit finding 17", public_reason: "Do not use; return for a refund", classification: "I" })
        expect(opened.status).toEqual(201)
        const recall = opened.data.recall
        const noticeIds = opened.data.notices.map((n: any) => n.id)
        expect(noticeIds).toHaveLength(2)

        // The email provider is down for the first attempt: both notices fail, nothing is marked notified.
        const notifications = container.resolve(Modules.NOTIFICATION)
        const spy = jest.spyOn(notifications, "createNotifications").mockImplementationOnce(async () => {
          throw new Error("SMTP relay unreachable")
        })
        const first = await post(`/admin/recalls/${recall.id}/notify`, {})
        spy.mockRestore()
        expect(first.status).toEqual(200)
        expect(first.data.notification).toEqual({
          recall_id: recall.id,
          total: 2,
          sent: 0,
          failed: 2,
          failed_earlier: 0,
          already_sent: 0,
          unreachable: 0,
          without_email: 0,
          all_notified_at: null,
        })
        let detail = (await get(`/admin/recalls/${recall.id}`)).data
        expect(detail.notices.map((n: any) => [n.status, n.notified_at, n.provider_result.error])).toEqual([
          ["failed", null, "SMTP relay unreachable"],
          ["failed", null, "SMTP relay unreachable"],
        ])
        expect(detail.recall.all_notified_at).toBeNull()

        // Notify does not retry failed notices (they would go out on every Notify): staff resend each one.
        const second = await post(`/admin/recalls/${recall.id}/notify`, {})
        expect(second.data.notification).toEqual(expect.objectContaining({ total: 2, sent: 0, failed: 0, failed_earlier: 2, already_sent: 0, all_notified_at: null }))
        const resent: any[] = []
        for (const id of noticeIds) {
          const res = await post(`/admin/recalls/${recall.id}/notices/${id}/resend`, {})
          expect([res.status, res.data.sent]).toEqual([200, true])
          resent.push(res.data)
        }
        // Once both went out (once each, through the local email provider), every customer is notified.
        expect(resent[0].all_notified_at).toBeNull()
        expect(resent[1].all_notified_at).toEqual(expect.any(String))
        const third = await post(`/admin/recalls/${recall.id}/notify`, {})
        expect(third.data.notification).toEqual(expect.objectContaining({ total: 2, sent: 0, failed: 0, already_sent: 2 }))
        // The second attempt of each notice has its own idempotency key.
        const sentRecords = await notifications.listNotifications({ idempotency_key: noticeIds.map((id: string) => `${id}:2`) } as any)
        expect(sentRecords).toHaveLength(2)
        expect(sentRecords.map((n: any) => n.to).sort()).toEqual(["bruno@lot-tracking.test", "camille@lot-tracking.test"])
        for (const n of sentRecords as any[]) {
          expect(n).toEqual(expect.objectContaining({ channel: "email", template: "lot-recall-notice", status: "success", resource_type: "order" }))
          expect(n.data.recall).toEqual(expect.objectContaining({ reference: recall.reference, public_reason: "Do not use; return for a refund", classification: "I" }))
          expect(n.data.lots[0]).toEqual(expect.objectContaining({ lot_number: "SH-A", product_title: "Argan Repair Shampoo 250 ml" }))
          expect(JSON.stringify(n.data)).not.toContain("supplier audit")
        }
        detail = (await get(`/admin/recalls/${recall.id}`)).data
        for (const n of detail.notices) {
          expect(n).toEqual(expect.objectContaining({ status: "sent", notified_at: expect.any(String), notification_id: expect.stringMatching(/^noti_/) }))
          expect(n.provider_result).toEqual(expect.objectContaining({ status: "success", provider_id: "local" }))
        }
        expect(detail.recall.all_notified_at).toEqual(resent[1].all_notified_at)

        // Camille sends 2 units back: they go into the recalled lot (still blocked) and count as returned.
        const created = await post(`/admin/returns`, { order_id: one.order.id, location_id: paris.id })
        const returnId = created.data.return.id
        expect((await post(`/admin/returns/${returnId}/request-items`, { items: [{ id: one.line.id, quantity: 2 }] })).status).toEqual(200)
        expect((await post(`/admin/returns/${returnId}/request`, {})).status).toEqual(200)
        expect((await post(`/admin/returns/${returnId}/receive`, {})).status).toEqual(200)
        expect((await post(`/admin/returns/${returnId}/receive-items`, { items: [{ id: one.line.id, quantity: 2 }] })).status).toEqual(200)
        expect((await post(`/admin/returns/${returnId}/receive/confirm`, {})).status).toEqual(200)
        await waitFor(async () => (await lotStock(container, lots.A.id, paris.id)).stocked === 7, "the returned units to reach SH-A")
        expect((await get(`/admin/lots/${lots.A.id}`)).data.lot.status).toEqual("recalled")

        // Everything left of the lot is destroyed.
        const writeOff = await post(`/admin/lots/${lots.A.id}/write-off`, { location_id: paris.id, quantity: 7, reason: "recalled" })
        expect(writeOff.status).toEqual(200)
        await expectInvariant(container, shampoo.inventoryItemId)

        // The export: one row per shipment, with the recall and notice columns.
        const exported = await get(`/admin/recalls/${recall.id}/export`)
        expect(exported.status).toEqual(200)
        expect(exported.headers["content-type"]).toMatch(/^text\/csv/)
        expect(exported.headers["content-disposition"]).toEqual(`attachment; filename="recall-${recall.reference}.csv"`)
        const table = parseCsv(exported.data)
        expect(table[0]).toEqual([...FSMA_SHIPPING_COLUMNS, "Recall Reference", "Recall Classification", "Notice Status", "Notified At (UTC)"])
        const rows = csvObjects(table)
        expect(rows.map((r) => [r["Customer Email"], r.Quantity, r["Returned Quantity"], r["Recall Reference"], r["Notice Status"]]).sort()).toEqual([
          ["bruno@lot-tracking.test", "2", "0", recall.reference, "sent"],
          ["camille@lot-tracking.test", "3", "2", recall.reference, "sent"],
        ])

        // Close with 1 unit reported destroyed by a customer: the outcome comes from the data.
        const closed = await post(`/admin/recalls/${recall.id}/close`, { outcome: { destroyed: 1, note: "Bruno destroyed one bottle" } })
        expect(closed.status).toEqual(200)
        expect(closed.data.recall.status).toEqual("closed")
        expect(closed.data.recall.outcome).toEqual({
          units_shipped: 5,
          units_returned: 2,
          units_destroyed_in_stock: 7,
          units_destroyed_reported: 1,
          units_destroyed: 8,
          units_unaccounted: 2,
          units_in_stock: 0,
          note: "Bruno destroyed one bottle",
          computed_at: expect.any(String),
        })
        const list = await get(`/admin/recalls`)
        expect(list.data.counts).toEqual({ open: 0, closed: 1, canceled: 0 })
        expect(list.data.recalls[0]).toEqual(expect.objectContaining({ status: "closed", sent: 2 }))
      })
    })

    describe("storefront", () => {
      it("shows customers the lots of their own orders only, and tells anyone whether a lot number is under an open recall", async () => {
        lots.A = await receive(shampoo, "SH-A", 100, 10)
        lots.B = await receive(shampoo, "SH-B", 200, 10)
        const camille = await createCustomerSession(api, store.publishableKey, { email: "camille@lot-tracking.test", first_name: "Camille", last_name: "Roux" })
        const bruno = await createCustomerSession(api, store.publishableKey, { email: "bruno@lot-tracking.test", first_name: "Bruno", last_name: "Petit" })
        const mine = await orderOf(3, { customerHeaders: camille.headers })
        await ship(mine.order, mine.line, 3)
        const guest = await orderOf(1)
        await ship(guest.order, guest.line, 1)
        const pk = { "x-publishable-api-key": store.publishableKey }

        const own = await get(`/store/customers/me/orders/${mine.order.id}/lots`, camille.headers)
        expect(own.status).toEqual(200)
        expect(own.data.order_lots).toEqual({
          order_id: mine.order.id,
          display_id: expect.any(Number),
          lines: [
            {
              line_item_id: mine.line.id,
              title: expect.any(String),
              sku: "SHAMPOO-ARGAN-250",
              quantity: 3,
              fulfilled_quantity: 3,
              returned_quantity: 0,
              lots: [{ lot_number: "SH-A", expires_at: daysFromToday(100), quantity: 3, returned_quantity: 0, shipped_at: expect.any(String), recall: null }],
            },
          ],
        })

        // Someone else's order, a guest order, an unknown order: not found, and nothing about it leaks.
        for (const [headers, orderId] of [
          [bruno.headers, mine.order.id],
          [camille.headers, guest.order.id],
          [camille.headers, "order_does_not_exist"],
        ] as const) {
          const res = await get(`/store/customers/me/orders/${orderId}/lots`, headers)
          expect([res.status, res.data.message]).toEqual([404, `Order ${orderId} was not found`])
          expect(JSON.stringify(res.data)).not.toContain("SH-A")
        }
        const anonymous = await get(`/store/customers/me/orders/${mine.order.id}/lots`, pk)
        expect(anonymous.status).toEqual(401)
        const withoutKey = await get(`/store/customers/me/orders/${mine.order.id}/lots`, { authorization: camille.headers.authorization })
        expect(withoutKey.status).toEqual(400)
        // An admin token is not a customer.
        expect((await get(`/store/customers/me/orders/${mine.order.id}/lots`, { ...admin, ...pk })).status).toEqual(401)

        // The public lookup before and after a recall, case-insensitive, without customer data.
        expect((await get(`/store/lot-recalls?lot_number=SH-A`, pk)).data).toEqual({ lot_number: "SH-A", recalled: false, recalls: [] })
        const opened = await openRecall({ lot_ids: [lots.A.id], reason: "Internal: pump contamination", public_reason: "Do not use this shampoo", classification: "II" })
        expect(opened.status).toEqual(201)
        const lookup = await get(`/store/lot-recalls?lot_number=${encodeURIComponent(" sh-a ")}`, pk)
        expect(lookup.status).toEqual(200)
        expect(lookup.data).toEqual({
          lot_number: "sh-a",
          recalled: true,
          recalls: [
            {
              reference: opened.data.recall.reference,
              classification: "II",
              public_reason: "Do not use this shampoo",
              opened_at: expect.any(String),
              lot_numbers: ["SH-A"],
              products: [{ title: "Argan Repair Shampoo 250 ml", variant_title: "Default", sku: "SHAMPOO-ARGAN-250" }],
            },
          ],
        })
        const text = JSON.stringify(lookup.data)
        for (const secret of ["Internal", "camille", "Camille", mine.order.id, "Rivoli"]) {
          expect(text).not.toContain(secret)
        }
        expect((await get(`/store/lot-recalls?lot_number=SH-B`, pk)).data.recalled).toEqual(false)
        expect((await get(`/store/lot-recalls?lot_number=SH-%`, pk)).data.recalled).toEqual(false)
        const missing = await get(`/store/lot-recalls`, pk)
        expect([missing.status, missing.data.message]).toEqual([400, "Invalid request: Field 'lot_number' is required"])
        const noKey = await get(`/store/lot-recalls?lot_number=SH-A`, {})
        expect(noKey.status).toEqual(400)

        // The customer now sees the recall on the lot they received, with the public reason only.
        const flagged = await get(`/store/customers/me/orders/${mine.order.id}/lots`, camille.headers)
        expect(flagged.data.order_lots.lines[0].lots[0].recall).toEqual({
          reference: opened.data.recall.reference,
          classification: "II",
          public_reason: "Do not use this shampoo",
          opened_at: expect.any(String),
        })

        // Once closed, the lookup says so.
        expect((await post(`/admin/recalls/${opened.data.recall.id}/close`, {})).status).toEqual(200)
        expect((await get(`/store/lot-recalls?lot_number=SH-A`, pk)).data.recalled).toEqual(false)
      })
    })
  },
})
