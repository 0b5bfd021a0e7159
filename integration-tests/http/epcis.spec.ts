import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { databaseState, expectInvariant, daysFromToday, lotStock, receiveLot, seedLotTestStore } from "../helpers/fixtures"
import { createCustomerSession, fulfillOrder, placeOrder } from "../helpers/orders"
import { waitFor } from "../helpers/race"
import { expectValidEpcis } from "../helpers/epcis-schema"
import type { DemoStore } from "../../src/scripts/demo/store"
import { lotService } from "../../src/modules/lot_tracking/resolve"
import { addDays } from "../../src/lib/calendar-date"

// A zone with a half-hour offset and no daylight saving: every event's eventTimeZoneOffset is +05:30.
process.env.LOT_TRACKING_TIME_ZONE = "Asia/Kolkata"

jest.setTimeout(240 * 1000)

function knex(container: MedusaContainer) {
  return container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
}

// EAN-13 on the variant; GS1 keys are 14 digits.
const EAN = "4006381333931"
const GTIN = "04006381333931"

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let paris: { id: string }
    let rotterdam: { id: string }
    let shampoo: DemoStore["products"][number]
    /** The plugin's public_url: what names places, parties and transactions. */
    let base: string

    beforeEach(async () => {
      const seeded = await seedLotTestStore(getContainer())
      ;({ store, admin, paris, rotterdam } = seeded)
      shampoo = seeded.product("SHAMPOO-ARGAN-250")
      base = (await lotService(getContainer()).getOptions()).public_url
    })

    const get = (url: string, headers = admin) => api.get(url, { headers }).catch((e) => e.response)
    const post = (url: string, body: unknown, headers = admin) => api.post(url, body, { headers }).catch((e) => e.response)

    /** GETs an export, checks the download headers and the schema (printing ajv's errors), returns the document. */
    async function exportOf(url: string, fileName: string) {
      const res = await get(url)
      expect(res.status).toEqual(200)
      expect(res.headers["content-type"]).toMatch(/^application\/ld\+json/)
      expect(res.headers["content-disposition"]).toEqual(`attachment; filename="${fileName}"`)
      const doc = typeof res.data === "string" ? JSON.parse(res.data) : res.data
      expectValidEpcis(doc)
      expect(doc).toMatchObject({
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        type: "EPCISDocument",
        schemaVersion: "2.0",
        creationDate: expect.any(String),
      })
      const events = doc.epcisBody.eventList as any[]
      expect(new Set(events.map((e) => e.eventID)).size).toEqual(events.length)
      return { doc, events, text: JSON.stringify(doc) }
    }

    async function orderAndShip(quantity: number, location: { id: string }, customerHeaders?: Record<string, string>, product = shampoo) {
      const order = await placeOrder(api, store, { items: [{ variant_id: product.variantId, quantity }], customerHeaders })
      await waitFor(async () => {
        const line = (await get(`/admin/orders/${order.id}/lots`)).data.order_lots.lines[0]
        return line.reserved_quantity + line.shortfall > 0
      }, "the order's lots")
      const line = order.items[0]
      expect((await fulfillOrder(api, admin, order.id, { items: [{ id: line.id, quantity }], location_id: location.id })).status).toEqual(200)
      const { data } = await get(`/admin/orders/${order.id}?fields=id,*fulfillments`)
      const fulfillment = data.order.fulfillments[0]
      expect((await post(`/admin/orders/${order.id}/fulfillments/${fulfillment.id}/shipments`, { items: [{ id: line.id, quantity }] })).status).toEqual(200)
      return { order, line, fulfillment }
    }

    it("exports a lot's receipt, transfer, shipments, return, write-off and recall as a valid EPCIS 2.0 document, the same ids every time", async () => {
      const container = getContainer()
      await container.resolve(Modules.PRODUCT).updateProductVariants(shampoo.variantId, { barcode: EAN })
      const lot = await receiveLot(container, {
        inventory_item_id: shampoo.inventoryItemId,
        lot_number: "SH-EPCIS",
        expires_at: daysFromToday(300),
        location_id: paris.id,
        quantity: 10,
      })
      expect((await post(`/admin/lots/${lot.id}/transfer`, { from_location_id: paris.id, to_location_id: rotterdam.id, quantity: 2 })).status).toEqual(200)
      const camille = await createCustomerSession(api, store.publishableKey, { email: "camille@epcis.test", first_name: "Camille", last_name: "Roux" })
      const shipped = await orderAndShip(3, paris, camille.headers)

      // Camille sends one unit back.
      const created = await post(`/admin/returns`, { order_id: shipped.order.id, location_id: paris.id })
      const returnId = created.data.return.id
      expect((await post(`/admin/returns/${returnId}/request-items`, { items: [{ id: shipped.line.id, quantity: 1 }] })).status).toEqual(200)
      expect((await post(`/admin/returns/${returnId}/request`, {})).status).toEqual(200)
      expect((await post(`/admin/returns/${returnId}/receive`, {})).status).toEqual(200)
      expect((await post(`/admin/returns/${returnId}/receive-items`, { items: [{ id: shipped.line.id, quantity: 1 }] })).status).toEqual(200)
      expect((await post(`/admin/returns/${returnId}/receive/confirm`, {})).status).toEqual(200)
      await waitFor(async () => (await lotStock(container, lot.id, paris.id)).stocked === 6, "the returned unit to reach SH-EPCIS")

      expect((await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, quantity: 1, reason: "damaged" })).status).toEqual(200)
      const opened = await post("/admin/recalls", { lot_ids: [lot.id], reason: "Supplier alert" })
      expect(opened.status).toEqual(201)

      const { events, text } = await exportOf(`/admin/lots/${lot.id}/epcis`, "lot-SH-EPCIS.epcis.jsonld")
      const epcClass = `https://id.gs1.org/01/${GTIN}/10/SH-EPCIS`
      const loc = (id: string) => `${base}/locations/${id}`
      const steps = events.map((e) => [e.action, e.bizStep, e.disposition, e.quantityList[0]?.quantity])
      // The transfer's two lines share their time (one transaction): either may come first.
      const pair = events.slice(1, 3)
      const transfer = [pair.find((e) => e.bizStep === "departing"), pair.find((e) => e.bizStep === "receiving")]
      expect(transfer.map((e) => [e?.action, e?.bizStep, e?.disposition, e?.quantityList[0]?.quantity])).toEqual([
        ["OBSERVE", "departing", "in_transit", 2],
        ["OBSERVE", "receiving", "in_progress", 2],
      ])
      expect([steps[0], ...steps.slice(3)]).toEqual([
        ["ADD", "receiving", "in_progress", 10],
        ["OBSERVE", "shipping", "in_transit", 3],
        ["OBSERVE", "receiving", "returned", 1],
        ["DELETE", "destroying", "destroyed", 1],
        ["OBSERVE", "holding", "recalled", undefined],
      ])
      for (const e of events) {
        expect(e.quantityList[0].epcClass).toEqual(epcClass)
        expect(e.eventTimeZoneOffset).toEqual("+05:30")
        expect(e.eventID).toMatch(/^urn:uuid:/)
      }
      expect(events[0]).toMatchObject({ readPoint: { id: loc(paris.id) }, ilmd: { "cbvmda:lotNumber": "SH-EPCIS", "cbvmda:itemExpirationDate": daysFromToday(300) } })
      expect(transfer[0]).toMatchObject({
        sourceList: [{ type: "location", source: loc(paris.id) }],
        destinationList: [{ type: "location", destination: loc(rotterdam.id) }],
      })
      expect(events[3]).toMatchObject({
        readPoint: { id: loc(paris.id) },
        bizTransactionList: [
          { type: "po", bizTransaction: `${base}/orders/${shipped.order.id}` },
          { type: "desadv", bizTransaction: `${base}/fulfillments/${shipped.fulfillment.id}` },
        ],
        sourceList: [
          { type: "owning_party", source: `${base}` },
          { type: "location", source: loc(paris.id) },
        ],
        destinationList: [{ type: "owning_party", destination: `${base}/customers/${camille.customer.id}` }],
      })
      expect(events[4]).toMatchObject({
        bizTransactionList: [
          { type: "po", bizTransaction: `${base}/orders/${shipped.order.id}` },
          { type: "rma", bizTransaction: `${base}/returns/${returnId}` },
        ],
        sourceList: [{ type: "owning_party", source: `${base}/customers/${camille.customer.id}` }],
      })
      // Nothing personal: the customer is an opaque id.
      for (const personal of ["camille@epcis.test", "Camille", "Roux"]) {
        expect(text).not.toContain(personal)
      }

      // A second export: the same events under the same ids.
      const again = await exportOf(`/admin/lots/${lot.id}/epcis`, "lot-SH-EPCIS.epcis.jsonld")
      expect(again.events.map((e) => e.eventID)).toEqual(events.map((e) => e.eventID))

      // The recall's document: the lot's events and its recall.
      const recall = opened.data.recall
      const recallDoc = await exportOf(`/admin/recalls/${recall.id}/epcis`, `recall-${recall.reference}.epcis.jsonld`)
      expect(recallDoc.events.map((e) => e.eventID)).toEqual(events.map((e) => e.eventID))

      // A window of days in the plugin's time zone: today has everything, yesterday nothing.
      const today = await lotService(container).today()
      expect((await exportOf(`/admin/lots/${lot.id}/epcis?from=${today}&to=${today}`, "lot-SH-EPCIS.epcis.jsonld")).events).toHaveLength(7)
      expect((await exportOf(`/admin/lots/${lot.id}/epcis?to=${addDays(today, -1)}`, "lot-SH-EPCIS.epcis.jsonld")).events).toHaveLength(0)
      await expectInvariant(container, shampoo.inventoryItemId)
    })

    it("limits a recall's shipments to its scope and names a lot without a GTIN under the shop's address", async () => {
      const container = getContainer()
      const lot = await receiveLot(container, {
        inventory_item_id: shampoo.inventoryItemId,
        lot_number: "SH-SCOPE",
        expires_at: daysFromToday(300),
        receive: [
          { location_id: paris.id, quantity: 5 },
          { location_id: rotterdam.id, quantity: 5 },
        ],
      })
      const fromParis = await orderAndShip(1, paris)
      const fromRotterdam = await orderAndShip(2, rotterdam)
      const opened = await post("/admin/recalls", { lot_ids: [lot.id], reason: "Seal defect" })
      expect(opened.status).toEqual(201)
      const recall = opened.data.recall
      const shipmentsOf = (events: any[]) => events.filter((e) => e.bizStep === "shipping").map((e) => e.bizTransactionList[0].bizTransaction)
      const orderUri = (o: { id: string }) => `${base}/orders/${o.id}`
      const file = `recall-${recall.reference}.epcis.jsonld`

      const whole = await exportOf(`/admin/recalls/${recall.id}/epcis`, file)
      expect(shipmentsOf(whole.events)).toEqual([orderUri(fromParis.order), orderUri(fromRotterdam.order)])
      // The variant has no GTIN: the class is the item's lot under the shop's address.
      expect(whole.events[0].quantityList[0].epcClass).toEqual(`${base}/items/${shampoo.inventoryItemId}/lots/SH-SCOPE`)

      // Scoped to Rotterdam (set on the record: the scope's own rules are the recall desk's), then to a later period.
      const service = lotService(container)
      await service.updateRecalls({ id: recall.id, scope: { location_ids: [rotterdam.id] } } as any)
      expect(shipmentsOf((await exportOf(`/admin/recalls/${recall.id}/epcis`, file)).events)).toEqual([orderUri(fromRotterdam.order)])
      await service.updateRecalls({ id: recall.id, scope: { shipped_from: addDays(await service.today(), 1) } } as any)
      const later = await exportOf(`/admin/recalls/${recall.id}/epcis`, file)
      expect(shipmentsOf(later.events)).toEqual([])
      // The lot's own history and the recall event are still there.
      expect(later.events.map((e) => e.bizStep)).toEqual(["receiving", "receiving", "holding"])
      await expectInvariant(container, shampoo.inventoryItemId)
    })

    it("exports a recall by serial: the shipments that carried its units, and the units held", async () => {
      const container = getContainer()
      const device = store.products.find((p) => p.sku === "CREAM-HYAL-50")!
      const policy = await post(`/admin/lot-tracking/policies/${device.inventoryItemId}`, { serialized: true })
      expect(policy.status).toEqual(200)
      const received = await post("/admin/lots", {
        inventory_item_id: device.inventoryItemId,
        lot_number: "DEV-1",
        expires_at: daysFromToday(300),
        receive: [{ location_id: paris.id, quantity: 3, serial_numbers: ["D-1", "D-2", "D-3"] }],
      })
      expect(received.status).toEqual(201)
      const first = await orderAndShip(1, paris, undefined, device)
      const second = await orderAndShip(1, paris, undefined, device)
      const { rows } = await knex(container).raw(`SELECT serial_number, order_id FROM lot_serial WHERE status = 'shipped' ORDER BY serial_number`)
      const shippedTo = Object.fromEntries(rows.map((r: any) => [r.order_id, r.serial_number]))
      const opened = await post("/admin/recalls", { serial_numbers: [shippedTo[first.order.id]], reason: "Faulty seal" })
      expect(opened.status).toEqual(201)
      const recall = opened.data.recall

      const { events } = await exportOf(`/admin/recalls/${recall.id}/epcis`, `recall-${recall.reference}.epcis.jsonld`)
      const shipments = events.filter((e) => e.bizStep === "shipping")
      expect(shipments.map((e) => e.bizTransactionList[0].bizTransaction)).toEqual([`${base}/orders/${first.order.id}`])
      const held = events.filter((e) => e.bizStep === "holding")
      expect(held).toEqual([
        expect.objectContaining({
          disposition: "recalled",
          epcList: [`${base}/items/${device.inventoryItemId}/serials/${shippedTo[first.order.id]}`],
        }),
      ])
      expect(held[0].quantityList).toBeUndefined()
      // The lot's own document has both shipments (the lot itself is not recalled).
      const lotDoc = await exportOf(`/admin/lots/${received.data.lot.id}/epcis`, "lot-DEV-1.epcis.jsonld")
      expect(lotDoc.events.filter((e) => e.bizStep === "shipping").map((e) => e.bizTransactionList[0].bizTransaction)).toEqual([
        `${base}/orders/${first.order.id}`,
        `${base}/orders/${second.order.id}`,
      ])
      expect(lotDoc.events.filter((e) => e.bizStep === "holding")).toEqual([])
      await expectInvariant(container, device.inventoryItemId)
    })

    it("streams a lot shipped to 10,000 orders page by page, oldest first, each shipment once", async () => {
      const container = getContainer()
      const lot = await receiveLot(container, {
        inventory_item_id: shampoo.inventoryItemId,
        lot_number: "SH-BIG",
        expires_at: daysFromToday(300),
        location_id: paris.id,
        quantity: 5,
      })
      // 10,000 past shipments written straight into the plugin's table, three at a time sharing a time (the
      // pages' keyset must break ties across page ends; several pages of the export's reads;
      // fulfilled allocations are history: they take no part in the books' invariant).
      await knex(container).raw(
        `INSERT INTO lot_allocation (id, lot_id, order_id, line_item_id, inventory_item_id, location_id, quantity, status, source, fulfillment_id, fulfilled_at)
         SELECT 'lotalc_big_' || lpad(g::text, 6, '0'), ?, 'order_big_' || g, 'ordli_big_' || g, ?, ?, 1 + g % 3, 'fulfilled', 'auto', NULL,
                now() - interval '1 day' + ((g / 3) || ' milliseconds')::interval
           FROM generate_series(1, 10000) g`,
        [lot.id, shampoo.inventoryItemId, paris.id]
      )
      const { events } = await exportOf(`/admin/lots/${lot.id}/epcis`, "lot-SH-BIG.epcis.jsonld")
      const shipping = events.filter((e) => e.bizStep === "shipping")
      expect(shipping).toHaveLength(10000)
      // Every shipment once, in order (ties by id), across the pages.
      expect(shipping.map((e) => e.bizTransactionList[0].bizTransaction)).toEqual(
        Array.from({ length: 10000 }, (_, i) => `${base}/orders/order_big_${i + 1}`)
      )
      expect(shipping[0].destinationList).toEqual([{ type: "owning_party", destination: `${base}/orders/order_big_1/customer` }])
      const times = events.map((e) => Date.parse(e.eventTime))
      expect(times).toEqual([...times].sort((a, b) => a - b))
      // The receipt came after every one of these shipments (they were dated yesterday).
      expect(events[events.length - 1].bizStep).toEqual("receiving")
      await expectInvariant(container, shampoo.inventoryItemId)
    })

    it("answers 404 for an unknown lot or recall and 400 naming a bad window, changing nothing", async () => {
      const container = getContainer()
      const lot = await receiveLot(container, {
        inventory_item_id: shampoo.inventoryItemId,
        lot_number: "SH-BAD",
        expires_at: daysFromToday(300),
        location_id: paris.id,
        quantity: 5,
      })
      const before = await databaseState(container)
      const missingLot = await get(`/admin/lots/lot_missing/epcis`)
      expect([missingLot.status, missingLot.data.message]).toEqual([404, "Lot lot_missing was not found"])
      const missingRecall = await get(`/admin/recalls/rcl_missing/epcis`)
      expect([missingRecall.status, missingRecall.data.message]).toEqual([404, "Recall rcl_missing was not found"])
      const badDate = await get(`/admin/lots/${lot.id}/epcis?from=2026-13-01`)
      expect(badDate.status).toEqual(400)
      expect(badDate.data.message).toContain("from must be a calendar date written YYYY-MM-DD")
      const reversed = await get(`/admin/lots/${lot.id}/epcis?from=2026-05-02&to=2026-05-01`)
      expect(reversed.status).toEqual(400)
      expect(reversed.data.message).toContain("from (2026-05-02) must not be after to (2026-05-01)")
      const unknown = await get(`/admin/recalls/rcl_missing/epcis?format=xml`)
      expect(unknown.status).toEqual(400)
      expect(unknown.data.message).toContain("format")
      expect(await databaseState(container)).toEqual(before)
      await expectInvariant(container, shampoo.inventoryItemId)
    })
  },
})
