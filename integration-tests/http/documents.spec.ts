import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { databaseState, expectInvariant, receiveLot, seedLotTestStore } from "../helpers/fixtures"
import { fulfillOrder, placeOrder } from "../helpers/orders"
import { waitFor } from "../helpers/race"
import type { DemoStore } from "../../src/scripts/demo/store"

jest.setTimeout(240 * 1000)

/**
 * Pick lists and packing slips (docs/DOCUMENTS.md): what a picker takes from
 * which lot, location and bin, in walking order, and the lot numbers and
 * expiry dates a packing slip prints.
 */

/** Puts a lot's units at a location on a shelf (what put-away and receipts with a bin record). */
async function setBin(container: MedusaContainer, lotId: string, locationId: string, bin: string | null) {
  const service = container.resolve("lot_tracking") as any
  const [stock] = await service.listLotStocks({ lot_id: lotId, location_id: locationId })
  await service.updateLotStocks({ id: stock.id, bin })
}

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let paris: { id: string; name: string }
    let rotterdam: { id: string; name: string }
    let product: (sku: string) => DemoStore["products"][number]
    const lots: Record<string, { id: string }> = {}

    const get = (url: string) => api.get(url, { headers: admin }).catch((e) => e.response)
    const post = (url: string, body: unknown) => api.post(url, body, { headers: admin }).catch((e) => e.response)

    beforeEach(async () => {
      const container = getContainer()
      ;({ store, admin, paris, rotterdam, product } = await seedLotTestStore(container))
      const receive = (sku: string, lot_number: string, expires_in_days: number, location_id: string, quantity: number) =>
        receiveLot(container, { inventory_item_id: product(sku).inventoryItemId, lot_number, expires_in_days, location_id, quantity })
      // Paris: shampoo on two shelves (the sooner lot on A-10, the later on A-2), cream on B-1.
      lots.SOON = await receive("SHAMPOO-ARGAN-250", "SH-SOON", 40, paris.id, 4)
      lots.LATER = await receive("SHAMPOO-ARGAN-250", "SH-LATER", 300, paris.id, 20)
      lots.CREAM = await receive("CREAM-HYAL-50", "CR-1", 200, paris.id, 5)
      // Rotterdam: vitamin C; its short-dated lot is for sale but below the item's minimum shelf life.
      lots.VC = await receive("VITC-1000-60", "VC-A", 100, rotterdam.id, 3)
      lots.VC_SHORT = await receive("VITC-1000-60", "VC-SHORT", 20, rotterdam.id, 2)
      await setBin(container, lots.SOON.id, paris.id, "A-10")
      await setBin(container, lots.LATER.id, paris.id, "A-2")
      await setBin(container, lots.CREAM.id, paris.id, "B-1")
      await setBin(container, lots.VC.id, rotterdam.id, "R-1")
      const policy = await post(`/admin/lot-tracking/policies/${product("VITC-1000-60").inventoryItemId}`, { min_shelf_life_days: 30 })
      expect(policy.status).toEqual(200)
      // Omega-3 is stocked in Medusa only: not tracked by lot.
      await container.resolve(Modules.INVENTORY).createInventoryLevels([
        { inventory_item_id: product("OMEGA3-120").inventoryItemId, location_id: paris.id, stocked_quantity: 10 },
      ])
    })

    /** An order placed through the store, once the plugin has allocated its tracked lines. */
    async function order(items: [string, number][]) {
      const placed = await placeOrder(api, store, { items: items.map(([sku, quantity]) => ({ variant_id: product(sku).variantId, quantity })) })
      const tracked = new Set(["SHAMPOO-ARGAN-250", "CREAM-HYAL-50", "VITC-1000-60"])
      await waitFor(async () => {
        const res = await get(`/admin/orders/${placed.id}/lots`)
        return res.data.order_lots.lines.every((l: any) => !tracked.has(l.sku) || l.reserved_quantity + l.shortfall === l.quantity)
      }, "the order's lots")
      const line = (sku: string) => placed.items.find((i: any) => i.variant_sku === sku)
      return { id: placed.id as string, display_id: placed.display_id as number, line }
    }

    async function expectBooksBalance() {
      const container = getContainer()
      for (const sku of ["SHAMPOO-ARGAN-250", "CREAM-HYAL-50", "VITC-1000-60"]) {
        await expectInvariant(container, product(sku).inventoryItemId)
      }
    }

    const row = (l: any) => [l.location_name, l.bin, l.sku, l.lot_number, l.expires_at ? "exp" : null, l.quantity, l.order_display_id, l.status]

    describe("pick list", () => {
      it("lists several orders' reserved lots in walking order (location, natural bin, sku, expiry, order), untracked lines without lot, shortfalls apart", async () => {
        const first = await order([
          ["SHAMPOO-ARGAN-250", 6],
          ["VITC-1000-60", 5],
        ])
        const second = await order([
          ["SHAMPOO-ARGAN-250", 1],
          ["CREAM-HYAL-50", 2],
          ["OMEGA3-120", 1],
        ])
        const before = await databaseState(getContainer())
        const res = await get(`/admin/lot-tracking/pick-list?order_id=${second.id}&order_id=${first.id}`)
        expect(res.status).toEqual(200)
        const list = res.data.pick_list
        expect(list.orders.map((o: any) => [o.id, o.display_id])).toEqual([
          [second.id, second.display_id],
          [first.id, first.display_id],
        ])
        expect(list.orders[0]).toEqual(expect.objectContaining({ email: expect.any(String), created_at: expect.any(String) }))
        expect(list.lines.map(row)).toEqual([
          // Paris: A-2 before A-10 (natural order), then B-1, then the untracked item (no bin) last.
          ["Paris Warehouse", "A-2", "SHAMPOO-ARGAN-250", "SH-LATER", "exp", 2, first.display_id, "reserved"],
          ["Paris Warehouse", "A-2", "SHAMPOO-ARGAN-250", "SH-LATER", "exp", 1, second.display_id, "reserved"],
          ["Paris Warehouse", "A-10", "SHAMPOO-ARGAN-250", "SH-SOON", "exp", 4, first.display_id, "reserved"],
          ["Paris Warehouse", "B-1", "CREAM-HYAL-50", "CR-1", "exp", 2, second.display_id, "reserved"],
          ["Paris Warehouse", null, "OMEGA3-120", null, null, 1, second.display_id, "untracked"],
          ["Rotterdam Warehouse", "R-1", "VITC-1000-60", "VC-A", "exp", 3, first.display_id, "reserved"],
        ])
        const soon = list.lines.find((l: any) => l.lot_number === "SH-SOON")
        expect(soon).toEqual(
          expect.objectContaining({
            order_id: first.id,
            line_item_id: first.line("SHAMPOO-ARGAN-250").id,
            product_title: "Argan Repair Shampoo 250 ml",
            variant_title: "Default",
            inventory_item_id: product("SHAMPOO-ARGAN-250").inventoryItemId,
            lot_id: lots.SOON.id,
            expires_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
            lot_status: "active",
            location_id: paris.id,
          })
        )
        // The 2 units of vitamin C no lot can cover yet: listed apart, nothing to pick.
        expect(list.shortfalls).toEqual([
          {
            order_id: first.id,
            order_display_id: first.display_id,
            line_item_id: first.line("VITC-1000-60").id,
            sku: "VITC-1000-60",
            location_id: rotterdam.id,
            location_name: rotterdam.name,
            quantity: 2,
          },
        ])

        // One order alone; the same id twice is one order.
        const one = await get(`/admin/lot-tracking/pick-list?order_id=${second.id},${second.id}`)
        expect(one.status).toEqual(200)
        expect(one.data.pick_list.orders).toHaveLength(1)
        expect(one.data.pick_list.lines.map((l: any) => l.sku)).toEqual(["SHAMPOO-ARGAN-250", "CREAM-HYAL-50", "OMEGA3-120"])
        expect(one.data.pick_list.shortfalls).toEqual([])

        // The orders to choose from: both, oldest first; by location.
        const open = await get(`/admin/lot-tracking/pick-list/orders`)
        expect(open.status).toEqual(200)
        expect(open.data).toEqual(expect.objectContaining({ count: 2, offset: 0, limit: 50 }))
        expect(open.data.orders.map((o: any) => [o.id, o.reserved_quantity, o.line_count, o.shortfall_quantity, o.location_names])).toEqual([
          [first.id, 9, 2, 2, ["Paris Warehouse", "Rotterdam Warehouse"]],
          [second.id, 3, 2, 0, ["Paris Warehouse"]],
        ])
        const inRotterdam = await get(`/admin/lot-tracking/pick-list/orders?location_id=${rotterdam.id}&limit=1`)
        expect(inRotterdam.data).toEqual(expect.objectContaining({ count: 1, limit: 1 }))
        expect(inRotterdam.data.orders.map((o: any) => [o.id, o.reserved_quantity])).toEqual([[first.id, 3]])
        const pastEnd = await get(`/admin/lot-tracking/pick-list/orders?offset=10`)
        expect([pastEnd.data.orders, pastEnd.data.count]).toEqual([[], 2])

        // Reading documents changes nothing.
        expect(await databaseState(getContainer())).toEqual(before)
        await expectBooksBalance()
      })

      it("refuses bad parameters (400) and unknown orders (404, naming them), changing nothing", async () => {
        const known = await order([["SHAMPOO-ARGAN-250", 1]])
        const before = await databaseState(getContainer())
        const tooMany = Array.from({ length: 101 }, (_, i) => `order_${i}`).join(",")
        const bad: [string, string][] = [
          ["/admin/lot-tracking/pick-list", "order_id is required"],
          ["/admin/lot-tracking/pick-list?order_id=", "order_id is required"],
          [`/admin/lot-tracking/pick-list?order_id=${tooMany}`, "at most 100 orders"],
          [`/admin/lot-tracking/pick-list?order_id=${known.id}&sort=bin`, "sort"],
          ["/admin/lot-tracking/pick-list/orders?limit=0", "limit must be a whole number from 1 to 200"],
          ["/admin/lot-tracking/packing-slip", "Name either order_id"],
          [`/admin/lot-tracking/packing-slip?order_id=${known.id}&fulfillment_id=ful_1`, "Name either order_id"],
          [`/admin/lot-tracking/packing-slip?order_id=${known.id}&order_id=${known.id}`, "order_id must be one id"],
        ]
        for (const [url, message] of bad) {
          const res = await get(url)
          expect([url, res.status, res.data.message]).toEqual([url, 400, expect.stringContaining(message)])
        }
        const unknown = await get(`/admin/lot-tracking/pick-list?order_id=${known.id}&order_id=order_missing`)
        expect([unknown.status, unknown.data.message]).toEqual([404, "Order order_missing was not found"])
        const unknownTwo = await get(`/admin/lot-tracking/pick-list?order_id=order_a,order_b`)
        expect([unknownTwo.status, unknownTwo.data.message]).toEqual([404, "Orders order_a, order_b were not found"])
        const slip = await get(`/admin/lot-tracking/packing-slip?order_id=order_missing`)
        expect([slip.status, slip.data.message]).toEqual([404, "Order order_missing was not found"])
        const parcel = await get(`/admin/lot-tracking/packing-slip?fulfillment_id=ful_missing`)
        expect([parcel.status, parcel.data.message]).toEqual([404, "Fulfillment ful_missing of an order was not found"])
        expect(await databaseState(getContainer())).toEqual(before)
        await expectBooksBalance()
      })
    })

    describe("packing slip", () => {
      it("prints the lots and expiry dates shipped in a fulfilment, and for the whole order the reserved lots of what is not shipped yet", async () => {
        const container = getContainer()
        const placed = await order([
          ["SHAMPOO-ARGAN-250", 6],
          ["VITC-1000-60", 3],
          ["OMEGA3-120", 1],
        ])
        const shampooLine = placed.line("SHAMPOO-ARGAN-250")
        const shipped = await fulfillOrder(api, admin, placed.id, { items: [{ id: shampooLine.id, quantity: 6 }], location_id: paris.id })
        expect([shipped.status, shipped.data.message]).toEqual([200, undefined])
        const { data } = await get(`/admin/orders/${placed.id}?fields=id,*fulfillments`)
        const fulfillmentId = data.order.fulfillments[0].id

        const bySoon = (await get(`/admin/lots/${lots.SOON.id}`)).data.lot
        const byLater = (await get(`/admin/lots/${lots.LATER.id}`)).data.lot
        const parcel = await get(`/admin/lot-tracking/packing-slip?fulfillment_id=${fulfillmentId}`)
        expect(parcel.status).toEqual(200)
        const slip = parcel.data.packing_slip
        expect(slip.order).toEqual(
          expect.objectContaining({
            id: placed.id,
            display_id: placed.display_id,
            email: expect.stringContaining("@"),
            shipping_address: expect.objectContaining({
              name: expect.any(String),
              lines: expect.arrayContaining([expect.any(String)]),
              city: expect.any(String),
              postal_code: expect.any(String),
              country_code: expect.stringMatching(/^[A-Z]{2}$/),
            }),
          })
        )
        expect(slip.fulfillment).toEqual(expect.objectContaining({ id: fulfillmentId, location_id: paris.id, location_name: "Paris Warehouse" }))
        expect(slip.lines).toEqual([
          {
            line_item_id: shampooLine.id,
            product_title: "Argan Repair Shampoo 250 ml",
            variant_title: "Default",
            sku: "SHAMPOO-ARGAN-250",
            quantity: 6,
            fulfilled_quantity: 6,
            lots: [
              { lot_id: lots.SOON.id, lot_number: "SH-SOON", expires_at: bySoon.expires_at, quantity: 4, status: "shipped" },
              { lot_id: lots.LATER.id, lot_number: "SH-LATER", expires_at: byLater.expires_at, quantity: 2, status: "shipped" },
            ],
          },
        ])

        // The whole order (lines by product): shipped lots, the untracked line without lots, the vitamin line's reserved lot (marked).
        const whole = await get(`/admin/lot-tracking/packing-slip?order_id=${placed.id}`)
        expect(whole.status).toEqual(200)
        expect(whole.data.packing_slip.fulfillment).toBeNull()
        expect(whole.data.packing_slip.shop.name).toEqual(expect.any(String))
        expect(
          whole.data.packing_slip.lines.map((l: any) => [l.sku, l.quantity, l.fulfilled_quantity, l.lots.map((x: any) => [x.lot_number, x.quantity, x.status])])
        ).toEqual([
          ["SHAMPOO-ARGAN-250", 6, 6, [["SH-SOON", 4, "shipped"], ["SH-LATER", 2, "shipped"]]],
          ["OMEGA3-120", 1, 0, []],
          ["VITC-1000-60", 3, 0, [["VC-A", 3, "reserved"]]],
        ])

        // The pick list now has only what is left to pick.
        const left = await get(`/admin/lot-tracking/pick-list?order_id=${placed.id}`)
        expect(left.data.pick_list.lines.map((l: any) => [l.sku, l.lot_number, l.quantity])).toEqual([
          ["OMEGA3-120", null, 1],
          ["VITC-1000-60", "VC-A", 3],
        ])

        // A canceled fulfilment ships nothing: refused, nothing changed.
        expect((await post(`/admin/orders/${placed.id}/fulfillments/${fulfillmentId}/cancel`, {})).status).toEqual(200)
        const before = await databaseState(container)
        const canceled = await get(`/admin/lot-tracking/packing-slip?fulfillment_id=${fulfillmentId}`)
        expect([canceled.status, canceled.data.message]).toEqual([400, expect.stringContaining(`Fulfillment ${fulfillmentId} was canceled`)])
        expect(await databaseState(container)).toEqual(before)
        // Back on the pick list: the shampoo units are reserved on their lots again.
        const again = await get(`/admin/lot-tracking/pick-list?order_id=${placed.id}`)
        expect(again.data.pick_list.lines.map((l: any) => [l.bin, l.lot_number, l.quantity])).toEqual([
          ["A-2", "SH-LATER", 2],
          ["A-10", "SH-SOON", 4],
          [null, null, 1],
          ["R-1", "VC-A", 3],
        ])
        await expectBooksBalance()
      })
    })
  },
})
