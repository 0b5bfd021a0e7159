import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminUser } from "../helpers/admin"
import { createInventoryItem, createLocation, daysFromToday, seedLotTestStore } from "../helpers/fixtures"
import { createCustomerSession, fulfillOrder, placeOrder } from "../helpers/orders"
import { waitFor } from "../helpers/race"
import { parseCsv } from "../helpers/csv"
import type { DemoStore } from "../../src/scripts/demo/store"

jest.setTimeout(240 * 1000)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    describe("serials: list and detail", () => {
      let headers: Record<string, string>
      let item: { id: string }
      let otherItem: { id: string }
      let paris: { id: string }
      let lyon: { id: string }

      beforeEach(async () => {
        const container = getContainer()
        ;({ headers } = await createAdminUser(container))
        item = await createInventoryItem(container, "METER-01")
        otherItem = await createInventoryItem(container, "PUMP-02")
        paris = await createLocation(container, "Paris warehouse")
        lyon = await createLocation(container, "Lyon warehouse")
      })

      const post = (url: string, body: unknown) => api.post(url, body, { headers }).catch((e) => e.response)
      const get = (url: string) => api.get(url, { headers }).catch((e) => e.response)

      async function serialize(inventoryItemId: string) {
        const res = await post(`/admin/lot-tracking/policies/${inventoryItemId}`, { serialized: true })
        expect([res.status, res.data.policy?.serialized]).toEqual([200, true])
      }

      async function receive(inventoryItemId: string, lot_number: string, location_id: string, serial_numbers: string[]) {
        const res = await post("/admin/lots", {
          inventory_item_id: inventoryItemId,
          lot_number,
          expires_at: daysFromToday(365),
          receive: [{ location_id, quantity: serial_numbers.length, serial_numbers }],
        })
        expect([res.status, res.data.message]).toEqual([201, undefined])
        return res.data.lot as { id: string }
      }

      const numbers = (res: any) => res.data.serials.map((s: any) => s.serial_number)

      it("lists serials by number (exact or prefix), status, lot, item and location, one page at a time", async () => {
        await serialize(item.id)
        await serialize(otherItem.id)
        const first = await receive(item.id, "M-1", paris.id, ["SN-1", "SN-2", "SN-3"])
        const second = await receive(item.id, "M-2", lyon.id, ["SN-10", "SN-11"])
        await receive(otherItem.id, "P-1", paris.id, ["PX-1"])

        const all = await get("/admin/serials")
        expect([all.status, all.data.count, all.data.offset, all.data.limit]).toEqual([200, 6, 0, 20])
        expect(numbers(all)).toEqual(["PX-1", "SN-1", "SN-10", "SN-11", "SN-2", "SN-3"])
        expect(all.data.serials.find((s: any) => s.serial_number === "SN-1")).toEqual({
          id: expect.stringMatching(/^lotsrl_/),
          serial_number: "SN-1",
          inventory_item_id: item.id,
          item_label: "METER-01",
          lot_id: first.id,
          lot_number: "M-1",
          expires_at: daysFromToday(365),
          location_id: paris.id,
          status: "in_stock",
          blocked: false,
          order_id: null,
          order_display_id: null,
          line_item_id: null,
          fulfillment_id: null,
          shipped_at: null,
          customer: null,
          created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
        })

        // `q`: the number itself, or every number it starts.
        expect(numbers(await get("/admin/serials?q=SN-2"))).toEqual(["SN-2"])
        expect(numbers(await get("/admin/serials?q=SN-1"))).toEqual(["SN-1", "SN-10", "SN-11"])
        // A LIKE wildcard is a character like any other.
        expect((await get("/admin/serials?q=SN-%25")).data.count).toEqual(0)
        expect(numbers(await get(`/admin/serials?q=SN&lot_id=${second.id}`))).toEqual(["SN-10", "SN-11"])
        expect(numbers(await get(`/admin/serials?inventory_item_id=${otherItem.id}`))).toEqual(["PX-1"])
        expect(numbers(await get(`/admin/serials?location_id=${lyon.id}`))).toEqual(["SN-10", "SN-11"])
        expect(numbers(await get(`/admin/serials?location_id=${paris.id}&inventory_item_id=${item.id}`))).toEqual(["SN-1", "SN-2", "SN-3"])
        expect((await get("/admin/serials?status=in_stock")).data.count).toEqual(6)
        expect((await get("/admin/serials?status=shipped,returned")).data.count).toEqual(0)
        expect((await get("/admin/serials?status=shipped&status=in_stock")).data.count).toEqual(6)

        // Pages cut the list, the count stays over all of it.
        const page = await get(`/admin/serials?inventory_item_id=${item.id}&limit=2&offset=1`)
        expect([numbers(page), page.data.count, page.data.offset, page.data.limit]).toEqual([["SN-10", "SN-11"], 5, 1, 2])

        // Refused: an unknown status, a `q` longer than any serial, an unknown parameter, a bad page.
        for (const [url, message] of [
          ["/admin/serials?status=lost", "status must be one of in_stock, reserved, shipped, returned, written_off"],
          ["/admin/serials?status=in_stock,lost", "status must be one of in_stock, reserved, shipped, returned, written_off"],
          [`/admin/serials?q=${"S".repeat(65)}`, "q must be at most 64 characters"],
          ["/admin/serials?limit=0", "limit must be a whole number from 1 to 500"],
        ] as const) {
          const res = await get(url)
          expect([url, res.status, res.data.message]).toEqual([url, 400, expect.stringContaining(message)])
        }
        expect((await get("/admin/serials?serial=SN-1")).status).toEqual(400)
      })

      it("shows one unit with its history, oldest first, and 404 for an unknown one", async () => {
        await serialize(item.id)
        const lot = await receive(item.id, "M-1", paris.id, ["SN-1", "SN-2", "SN-3"])
        const moved = await post(`/admin/lots/${lot.id}/transfer`, { from_location_id: paris.id, to_location_id: lyon.id, serial_numbers: ["SN-2"] })
        expect([moved.status, moved.data.message]).toEqual([200, undefined])
        const lost = await post(`/admin/lots/${lot.id}/write-off`, { location_id: lyon.id, serial_numbers: ["SN-2"], reason: "damaged" })
        expect([lost.status, lost.data.message]).toEqual([200, undefined])

        const [unit] = (await get("/admin/serials?q=SN-2")).data.serials
        const res = await get(`/admin/serials/${unit.id}`)
        expect(res.status).toEqual(200)
        expect(res.data.serial).toEqual(
          expect.objectContaining({ id: unit.id, serial_number: "SN-2", lot_number: "M-1", status: "written_off", location_id: lyon.id })
        )
        expect(res.data.serial.history.map((h: any) => [h.type, h.lot_number, h.location_id])).toEqual([
          ["received", "M-1", paris.id],
          ["transferred", "M-1", lyon.id],
          ["written_off", "M-1", lyon.id],
        ])
        const [received] = res.data.serial.history
        // The contract's fields, no more.
        expect(Object.keys(received).sort()).toEqual(
          ["id", "type", "lot_id", "lot_number", "location_id", "reference_type", "reference_id", "order_id", "reason", "actor_id", "created_at"].sort()
        )
        expect(received).toEqual(
          expect.objectContaining({
            type: "received",
            lot_id: lot.id,
            lot_number: "M-1",
            location_id: paris.id,
            order_id: null,
            reason: null,
            actor_id: expect.any(String),
            created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
          })
        )
        expect(res.data.serial.history[2].reason).toEqual("damaged")
        expect(numbers(await get(`/admin/serials?status=written_off`))).toEqual(["SN-2"])
        expect(numbers(await get(`/admin/serials?location_id=${paris.id}&status=in_stock`))).toEqual(["SN-1", "SN-3"])

        const missing = await get("/admin/serials/lotsrl_does_not_exist")
        expect([missing.status, missing.data.message]).toEqual([404, "Serial lotsrl_does_not_exist was not found"])
        expect((await api.get("/admin/serials").catch((e) => e.response)).status).toEqual(401)
      })
    })

    describe("serials: orders, customers and traces", () => {
      let store: DemoStore
      let admin: Record<string, string>
      let paris: { id: string }
      let shampoo: DemoStore["products"][number]
      let cream: DemoStore["products"][number]

      beforeEach(async () => {
        const seeded = await seedLotTestStore(getContainer())
        ;({ store, admin, paris } = seeded)
        shampoo = seeded.product("SHAMPOO-ARGAN-250")
        cream = seeded.product("CREAM-HYAL-50")
      })

      const get = (url: string, headers = admin) => api.get(url, { headers }).catch((e) => e.response)
      const post = (url: string, body: unknown, headers = admin) => api.post(url, body, { headers }).catch((e) => e.response)

      it("shows who has a shipped unit: its order and customer, the order's and the customer's lots, the trace and its CSV", async () => {
        expect((await post(`/admin/lot-tracking/policies/${shampoo.inventoryItemId}`, { serialized: true })).status).toEqual(200)
        const received = await post("/admin/lots", {
          inventory_item_id: shampoo.inventoryItemId,
          lot_number: "SH-S",
          expires_at: daysFromToday(300),
          receive: [{ location_id: paris.id, quantity: 3, serial_numbers: ["SN-1", "SN-2", "SN-3"] }],
        })
        expect(received.status).toEqual(201)
        const lot = received.data.lot
        // An item without serials beside it, in the same order: its line reads as before.
        const plain = await post("/admin/lots", {
          inventory_item_id: cream.inventoryItemId,
          lot_number: "CR-1",
          expires_at: daysFromToday(300),
          receive: [{ location_id: paris.id, quantity: 5 }],
        })
        expect(plain.status).toEqual(201)

        const camille = await createCustomerSession(api, store.publishableKey, { email: "camille@serials.test", first_name: "Camille", last_name: "Roux" })
        const order = await placeOrder(api, store, {
          items: [
            { variant_id: shampoo.variantId, quantity: 2 },
            { variant_id: cream.variantId, quantity: 1 },
          ],
          customerHeaders: camille.headers,
        })
        const line = order.items.find((i: any) => i.variant_id === shampoo.variantId)
        const creamLine = order.items.find((i: any) => i.variant_id === cream.variantId)
        await waitFor(async () => {
          const res = await get(`/admin/orders/${order.id}/lots`)
          return res.data.order_lots.lines.every((l: any) => l.reserved_quantity === l.quantity) || null
        }, "the order's lots")

        // Reserved by lot, no serial chosen yet: the serialized line lists none, the other line has no `serials`.
        const before = (await get(`/admin/orders/${order.id}/lots`)).data.order_lots
        expect(before.lines.find((l: any) => l.line_item_id === line.id).serials).toEqual([])
        expect(before.lines.find((l: any) => l.line_item_id === creamLine.id)).not.toHaveProperty("serials")

        const shipped = await fulfillOrder(api, admin, order.id, {
          items: [
            { id: line.id, quantity: 2 },
            { id: creamLine.id, quantity: 1 },
          ],
          location_id: paris.id,
          additional_data: { serials: [{ line_item_id: line.id, serial_numbers: ["SN-1", "SN-3"] }] },
        })
        expect([shipped.status, shipped.data.message]).toEqual([200, undefined])
        const { data } = await get(`/admin/orders/${order.id}?fields=id,display_id,*fulfillments`)
        const fulfillmentId = data.order.fulfillments[0].id

        // The unit: its order by number, its customer.
        const list = await get(`/admin/serials?status=shipped`)
        expect(list.data.serials.map((s: any) => s.serial_number)).toEqual(["SN-1", "SN-3"])
        expect(list.data.serials[0]).toEqual(
          expect.objectContaining({
            lot_id: lot.id,
            lot_number: "SH-S",
            status: "shipped",
            location_id: paris.id,
            order_id: order.id,
            order_display_id: data.order.display_id,
            line_item_id: line.id,
            fulfillment_id: fulfillmentId,
            shipped_at: expect.any(String),
            customer: { id: camille.customer.id, email: "camille@serials.test", name: "Camille Roux" },
          })
        )
        expect((await get(`/admin/serials?order_id=${order.id}`)).data.count).toEqual(2)
        const inStock = (await get(`/admin/serials?status=in_stock`)).data.serials
        expect(inStock.map((s: any) => [s.serial_number, s.order_id, s.customer])).toEqual([["SN-2", null, null]])
        const detail = (await get(`/admin/serials/${list.data.serials[0].id}`)).data.serial
        expect(detail.customer.email).toEqual("camille@serials.test")
        expect(detail.history.map((h: any) => h.type)).toEqual(expect.arrayContaining(["received", "shipped"]))
        expect(detail.history[0].type).toEqual("received")
        expect(detail.history[detail.history.length - 1]).toEqual(expect.objectContaining({ type: "shipped", order_id: order.id }))

        // The order's lots: the units shipped to the line.
        const orderLots = (await get(`/admin/orders/${order.id}/lots`)).data.order_lots
        expect(orderLots.lines.find((l: any) => l.line_item_id === line.id).serials).toEqual([
          { serial_number: "SN-1", lot_id: lot.id, lot_number: "SH-S", status: "shipped", inventory_item_id: shampoo.inventoryItemId },
          { serial_number: "SN-3", lot_id: lot.id, lot_number: "SH-S", status: "shipped", inventory_item_id: shampoo.inventoryItemId },
        ])
        expect(orderLots.lines.find((l: any) => l.line_item_id === creamLine.id)).not.toHaveProperty("serials")

        // The customer's own view: the serials of their units, per line and per lot.
        const mine = (await get(`/store/customers/me/orders/${order.id}/lots`, camille.headers)).data.order_lots
        const mineLine = mine.lines.find((l: any) => l.line_item_id === line.id)
        expect(mineLine.serial_numbers).toEqual(["SN-1", "SN-3"])
        expect(mineLine.lots).toEqual([expect.objectContaining({ lot_number: "SH-S", quantity: 2, serial_numbers: ["SN-1", "SN-3"] })])
        const mineCream = mine.lines.find((l: any) => l.line_item_id === creamLine.id)
        expect(mineCream).not.toHaveProperty("serial_numbers")
        expect(mineCream.lots[0]).not.toHaveProperty("serial_numbers")

        // The trace: the units of each shipment, in JSON and in the CSV (one row per shipment).
        const trace = await get(`/admin/lots/${lot.id}/trace`)
        expect(trace.data.shipments).toEqual([expect.objectContaining({ quantity: 2, serial_numbers: ["SN-1", "SN-3"] })])
        const csv = await get(`/admin/lots/${lot.id}/trace?format=csv`)
        const table = parseCsv(csv.data)
        const column = table[0].indexOf("Serial number")
        expect(column).toBeGreaterThan(-1)
        expect(table.slice(1).map((r) => [r[table[0].indexOf("Quantity")], r[column]])).toEqual([["2", "SN-1; SN-3"]])
        const creamLot = plain.data.lot
        const creamTrace = await get(`/admin/lots/${creamLot.id}/trace`)
        expect(creamTrace.data.shipments).toEqual([expect.objectContaining({ quantity: 1, serial_numbers: [] })])
        const creamCsv = parseCsv((await get(`/admin/lots/${creamLot.id}/trace?format=csv`)).data)
        expect(creamCsv[1][creamCsv[0].indexOf("Serial number")]).toEqual("")

        // A recall by serial: the customer sees it on the lot of the unit it names, with that unit.
        const unitRecall = await post("/admin/recalls", { serial_numbers: ["SN-3"], reason: "Cracked housing", public_reason: "Stop using this unit" })
        expect(unitRecall.status).toEqual(201)
        const recalledLot = (await get(`/store/customers/me/orders/${order.id}/lots`, camille.headers)).data.order_lots.lines.find(
          (l: any) => l.line_item_id === line.id
        ).lots[0]
        expect(recalledLot).toEqual(
          expect.objectContaining({
            recalled_serial_numbers: ["SN-3"],
            recall: expect.objectContaining({ reference: unitRecall.data.recall.reference, public_reason: "Stop using this unit" }),
          })
        )
        expect(JSON.stringify(recalledLot)).not.toContain("Cracked housing")

        // A recall's export for the regulator carries the same column.
        const recall = await post("/admin/recalls", { lot_ids: [lot.id], reason: "Pump contamination" })
        expect(recall.status).toEqual(201)
        const exported = parseCsv((await get(`/admin/recalls/${recall.data.recall.id}/export`)).data)
        expect(exported.slice(1).map((r) => [r[exported[0].indexOf("Order ID")], r[exported[0].indexOf("Serial number")]])).toEqual([[order.id, "SN-1; SN-3"]])
      })
    })
  },
})
