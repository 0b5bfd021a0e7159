import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import { createOrderWorkflow, createProductsWorkflow, createReservationsWorkflow } from "@medusajs/medusa/core-flows"
import { databaseState, expectInvariant, lotStock, receiveLotThroughApi, seedLotTestStore } from "../helpers/fixtures"
import { fulfillOrder, placeOrder, readReservations, FR_ADDRESS } from "../helpers/orders"
import { waitFor } from "../helpers/race"
import type { DemoStore } from "../../src/scripts/demo/store"
import { syncOrderLotsWorkflow } from "../../src/workflows/sync-order-lots"

jest.setTimeout(240 * 1000)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let paris: { id: string }
    let rotterdam: { id: string }
    let shampoo: DemoStore["products"][number]
    let vitamin: DemoStore["products"][number]
    let cream: DemoStore["products"][number]

    const get = (url: string) => api.get(url, { headers: admin }).catch((e) => e.response)
    const post = (url: string, body: unknown) => api.post(url, body, { headers: admin }).catch((e) => e.response)

    async function receive(inventoryItemId: string, lot_number: string, expiresIn: number, quantity: number, location = paris.id) {
      return receiveLotThroughApi(api, admin, { inventory_item_id: inventoryItemId, lot_number, expires_in_days: expiresIn, location_id: location, quantity })
    }

    beforeEach(async () => {
      const container = getContainer()
      const seeded = await seedLotTestStore(container)
      ;({ store, admin, paris, rotterdam } = seeded)
      shampoo = seeded.product("SHAMPOO-ARGAN-250")
      vitamin = seeded.product("VITC-1000-60")
      cream = seeded.product("CREAM-HYAL-50")
      await receive(shampoo.inventoryItemId, "SH-SOON", 60, 4)
      await receive(shampoo.inventoryItemId, "SH-LATER", 300, 20)
      await receive(vitamin.inventoryItemId, "VC-1", 200, 10)
      await receive(cream.inventoryItemId, "CR-1", 200, 10)
    })

    async function orderLots(orderId: string) {
      return (await get(`/admin/orders/${orderId}/lots`)).data.order_lots
    }

    /** Waits until every (tracked) line's lot reservations + shortfall add up to what Medusa reserves for it. */
    async function settled(orderId: string, untrackedSkus: string[] = []) {
      const container = getContainer()
      return waitFor(async () => {
        const reservations = await readReservations(container, orderId)
        const lots = await orderLots(orderId)
        const ok = lots.lines.filter((line: any) => !untrackedSkus.includes(line.sku)).every((line: any) => {
          const wanted = reservations.filter((r) => r.line_item_id === line.line_item_id).reduce((s, r) => s + r.quantity, 0)
          return line.reserved_quantity + line.shortfall === wanted
        })
        return ok ? lots : null
      }, `order ${orderId}'s lots to follow its reservations`)
    }

    /** Reserved units per lot number (a lot can hold several allocation rows of one line). */
    const reservedPicks = (line: any) => {
      const byLot = new Map<string, number>()
      for (const a of line.allocations.filter((x: any) => x.status === "reserved")) {
        byLot.set(a.lot_number, (byLot.get(a.lot_number) ?? 0) + a.quantity)
      }
      return [...byLot.entries()]
    }
    const lineOf = (lots: any, sku: string) => lots.lines.find((l: any) => l.sku === sku)

    /** Reconcile finds nothing to report once the path settled (no grace period). */
    async function expectNoDrift() {
      const res = await waitFor(async () => {
        const r = await get(`/admin/lot-tracking/reconcile?grace_seconds=0`)
        return r.status === 200 && r.data.drift.length === 0 ? r : null
      }, "reconcile to report no drift", 15000).catch(async () => get(`/admin/lot-tracking/reconcile?grace_seconds=0`))
      expect(res.data.drift).toEqual([])
    }

    async function editOrder(orderId: string, change: (orderId: string) => Promise<void>) {
      expect((await post(`/admin/order-edits`, { order_id: orderId })).status).toEqual(200)
      await change(orderId)
      const requested = await post(`/admin/order-edits/${orderId}/request`, {})
      expect([requested.status, requested.data.message]).toEqual([200, undefined])
      const confirmed = await post(`/admin/order-edits/${orderId}/confirm`, {})
      expect([confirmed.status, confirmed.data.message]).toEqual([200, undefined])
    }

    describe("order edits", () => {
      it("quantity up allocates by strategy, down releases the latest-expiring, a removed line releases all, a new line allocates", async () => {
        const container = getContainer()
        const order = await placeOrder(api, store, {
          items: [
            { variant_id: shampoo.variantId, quantity: 3 },
            { variant_id: vitamin.variantId, quantity: 2 },
          ],
        })
        let lots = await settled(order.id)
        const shampooLine = lineOf(lots, "SHAMPOO-ARGAN-250")
        const vitaminLine = lineOf(lots, "VITC-1000-60")
        expect(reservedPicks(shampooLine)).toEqual([["SH-SOON", 3]])

        await editOrder(order.id, async (id) => {
          expect((await post(`/admin/order-edits/${id}/items/item/${shampooLine.line_item_id}`, { quantity: 6 })).status).toEqual(200)
        })
        lots = await waitFor(async () => {
          const l = await orderLots(order.id)
          return lineOf(l, "SHAMPOO-ARGAN-250").reserved_quantity === 6 ? l : null
        }, "the edited line's lots")
        expect(reservedPicks(lineOf(lots, "SHAMPOO-ARGAN-250")).sort()).toEqual([
          ["SH-LATER", 2],
          ["SH-SOON", 4],
        ])
        await expectInvariant(container, shampoo.inventoryItemId)

        await editOrder(order.id, async (id) => {
          expect((await post(`/admin/order-edits/${id}/items/item/${shampooLine.line_item_id}`, { quantity: 2 })).status).toEqual(200)
        })
        lots = await waitFor(async () => {
          const l = await orderLots(order.id)
          return lineOf(l, "SHAMPOO-ARGAN-250").reserved_quantity === 2 ? l : null
        }, "the reduced line's lots")
        // FEFO is kept: the later lot goes first, the soonest-expiring units stay reserved.
        expect(reservedPicks(lineOf(lots, "SHAMPOO-ARGAN-250"))).toEqual([["SH-SOON", 2]])
        await expectInvariant(container, shampoo.inventoryItemId)

        await editOrder(order.id, async (id) => {
          expect((await post(`/admin/order-edits/${id}/items/item/${vitaminLine.line_item_id}`, { quantity: 0 })).status).toEqual(200)
          expect((await post(`/admin/order-edits/${id}/items`, { items: [{ variant_id: cream.variantId, quantity: 1 }] })).status).toEqual(200)
        })
        lots = await waitFor(async () => {
          const l = await orderLots(order.id)
          const creamLine = lineOf(l, "CREAM-HYAL-50")
          return creamLine && creamLine.reserved_quantity === 1 && (lineOf(l, "VITC-1000-60")?.reserved_quantity ?? 0) === 0 ? l : null
        }, "the removed and the new line's lots")
        expect(reservedPicks(lineOf(lots, "CREAM-HYAL-50"))).toEqual([["CR-1", 1]])
        expect(await lotStock(container, (await lotIdOf("VC-1"))!, paris.id)).toEqual({ stocked: 10, reserved: 0 })
        for (const p of [shampoo, vitamin, cream]) {
          await expectInvariant(container, p.inventoryItemId)
        }

        // Idempotent: syncing again changes nothing.
        const before = await databaseState(container)
        const { result } = await syncOrderLotsWorkflow(container).run({ input: { order_id: order.id } })
        expect(result).toEqual(expect.objectContaining({ skipped: "already allocated", reserved_units: 0, released_units: 0 }))
        expect(await databaseState(container)).toEqual(before)
        await expectNoDrift()
      })
    })

    async function lotIdOf(lotNumber: string): Promise<string | undefined> {
      const res = await get(`/admin/lots?q=${lotNumber}`)
      return res.data.lots.find((l: any) => l.lot_number === lotNumber)?.id
    }

    describe("claims and exchanges", () => {
      it("reserves outbound items by lot when the exchange or claim is confirmed, shows them under the case, and ships them with lots", async () => {
        const container = getContainer()
        const order = await placeOrder(api, store, { items: [{ variant_id: shampoo.variantId, quantity: 2 }] })
        const [line] = (await settled(order.id)).lines
        expect((await fulfillOrder(api, admin, order.id, { items: [{ id: line.line_item_id, quantity: 2 }], location_id: paris.id })).status).toEqual(200)

        // Exchange: one shampoo back, one vitamin out.
        const exchange = await post(`/admin/exchanges`, { order_id: order.id })
        expect(exchange.status).toEqual(200)
        const exchangeId = exchange.data.exchange.id
        expect((await post(`/admin/exchanges/${exchangeId}/inbound/items`, { location_id: paris.id, items: [{ id: line.line_item_id, quantity: 1 }] })).status).toEqual(200)
        expect((await post(`/admin/exchanges/${exchangeId}/outbound/items`, { items: [{ variant_id: vitamin.variantId, quantity: 1 }] })).status).toEqual(200)
        expect((await post(`/admin/exchanges/${exchangeId}/outbound/shipping-method`, { shipping_option_id: store.shippingOptionIds[0] })).status).toEqual(200)
        const requested = await post(`/admin/exchanges/${exchangeId}/request`, {})
        expect([requested.status, requested.data.message]).toEqual([200, undefined])

        let lots = await waitFor(async () => {
          const l = await orderLots(order.id)
          const out = l.lines.find((x: any) => x.source.type === "exchange")
          return out && out.reserved_quantity === 1 ? l : null
        }, "the exchange's outbound item to be reserved by lot")
        const exchangeLine = lots.lines.find((x: any) => x.source.type === "exchange")
        expect(exchangeLine).toEqual(expect.objectContaining({ sku: "VITC-1000-60", source: expect.objectContaining({ type: "exchange", id: exchangeId }) }))
        expect(reservedPicks(exchangeLine)).toEqual([["VC-1", 1]])
        await expectInvariant(container, vitamin.inventoryItemId)

        // Claim: a replacement cream.
        const claim = await post(`/admin/claims`, { type: "replace", order_id: order.id })
        expect(claim.status).toEqual(200)
        const claimId = claim.data.claim.id
        expect((await post(`/admin/claims/${claimId}/inbound/items`, { location_id: paris.id, items: [{ id: line.line_item_id, quantity: 1 }] })).status).toEqual(200)
        expect((await post(`/admin/claims/${claimId}/outbound/items`, { items: [{ variant_id: cream.variantId, quantity: 1 }] })).status).toEqual(200)
        expect((await post(`/admin/claims/${claimId}/outbound/shipping-method`, { shipping_option_id: store.shippingOptionIds[0] })).status).toEqual(200)
        const claimed = await post(`/admin/claims/${claimId}/request`, {})
        expect([claimed.status, claimed.data.message]).toEqual([200, undefined])
        lots = await waitFor(async () => {
          const l = await orderLots(order.id)
          const out = l.lines.find((x: any) => x.source.type === "claim")
          return out && out.reserved_quantity === 1 ? l : null
        }, "the claim's outbound item to be reserved by lot")
        const claimLine = lots.lines.find((x: any) => x.source.type === "claim")
        expect(reservedPicks(claimLine)).toEqual([["CR-1", 1]])

        // Both ship through the usual fulfilment route, with their lots recorded.
        const shipped = await fulfillOrder(api, admin, order.id, {
          items: [
            { id: exchangeLine.line_item_id, quantity: 1 },
            { id: claimLine.line_item_id, quantity: 1 },
          ],
          location_id: paris.id,
        })
        expect([shipped.status, shipped.data.message]).toEqual([200, undefined])
        lots = await orderLots(order.id)
        for (const l of lots.lines.filter((x: any) => x.source.type !== "order")) {
          expect([l.fulfilled_quantity, l.reserved_quantity]).toEqual([1, 0])
        }
        for (const p of [shampoo, vitamin, cream]) {
          await expectInvariant(container, p.inventoryItemId)
        }
        await expectNoDrift()
      })
    })

    describe("draft orders and orders created by the admin", () => {
      it("allocates lots when a draft order becomes an order, and when reservations are made for an admin-created order", async () => {
        const container = getContainer()
        const draft = await post(`/admin/draft-orders`, {
          email: "draft@lot-tracking.test",
          region_id: store.regionId,
          sales_channel_id: store.salesChannelId,
          shipping_address: FR_ADDRESS,
          billing_address: FR_ADDRESS,
          items: [{ variant_id: shampoo.variantId, quantity: 5 }],
        })
        expect([draft.status, draft.data.message]).toEqual([200, undefined])
        const converted = await post(`/admin/draft-orders/${draft.data.draft_order.id}/convert-to-order`, {})
        expect([converted.status, converted.data.message]).toEqual([200, undefined])
        const lots = await settled(draft.data.draft_order.id)
        expect(reservedPicks(lots.lines[0])).toEqual([
          ["SH-SOON", 4],
          ["SH-LATER", 1],
        ])
        await expectInvariant(container, shampoo.inventoryItemId)

        // An order created with createOrderWorkflow has no reservation until the app makes one.
        const { result: order } = await createOrderWorkflow(container).run({
          input: {
            region_id: store.regionId,
            sales_channel_id: store.salesChannelId,
            email: "admin-made@lot-tracking.test",
            currency_code: "eur",
            shipping_address: FR_ADDRESS,
            items: [{ variant_id: vitamin.variantId, quantity: 2, title: "Vitamin C", unit_price: 14.5 }],
          },
        })
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({ entity: "order", fields: ["id", "items.id"], filters: { id: order.id } })
        expect((await orderLots(order.id)).lines[0].reserved_quantity).toEqual(0)
        await createReservationsWorkflow(container).run({
          input: {
            reservations: [
              { inventory_item_id: vitamin.inventoryItemId, location_id: paris.id, quantity: 2, line_item_id: (data[0] as any).items[0].id },
            ],
          },
        })
        const made = await settled(order.id)
        expect(reservedPicks(made.lines[0])).toEqual([["VC-1", 2]])
        await expectInvariant(container, vitamin.inventoryItemId)
        await expectNoDrift()
      })
    })

    describe("kits", () => {
      it("allocates, fulfils, edits and cancels a variant of two inventory items in inventory units", async () => {
        const container = getContainer()
        const inventory = container.resolve(Modules.INVENTORY)
        const [bottle, pump] = await inventory.createInventoryItems([
          { sku: "KIT-BOTTLE", title: "Bottle" },
          { sku: "KIT-PUMP", title: "Pump" },
        ])
        await receive(bottle.id, "BT-1", 200, 10)
        await receive(pump.id, "PU-1", 100, 4)
        await receive(pump.id, "PU-2", 300, 20)
        const [profile] = await container.resolve(Modules.FULFILLMENT).listShippingProfiles({})
        const { result: products } = await createProductsWorkflow(container).run({
          input: {
            products: [
              {
                title: "Refill kit",
                handle: "refill-kit",
                status: ProductStatus.PUBLISHED,
                shipping_profile_id: profile.id,
                options: [{ title: "Format", values: ["Kit"] }],
                variants: [
                  {
                    title: "Kit",
                    sku: "REFILL-KIT",
                    options: { Format: "Kit" },
                    manage_inventory: true,
                    prices: [{ currency_code: "eur", amount: 20 }],
                    inventory_items: [
                      { inventory_item_id: bottle.id, required_quantity: 1 },
                      { inventory_item_id: pump.id, required_quantity: 2 },
                    ],
                  },
                ],
                sales_channels: [{ id: store.salesChannelId }],
              },
            ],
          },
        })
        const variantId = (products[0] as any).variants[0].id
        const order = await placeOrder(api, store, { items: [{ variant_id: variantId, quantity: 2 }] })
        let lots = await settled(order.id)
        const kitLine = lots.lines[0]
        expect(kitLine.inventory_items).toEqual(
          expect.arrayContaining([
            { inventory_item_id: bottle.id, required_quantity: 1, quantity: 2 },
            { inventory_item_id: pump.id, required_quantity: 2, quantity: 4 },
          ])
        )
        expect(reservedPicks(kitLine).sort()).toEqual([
          ["BT-1", 2],
          ["PU-1", 4],
        ])

        // One kit ships: one bottle and two pumps.
        const first = await fulfillOrder(api, admin, order.id, { items: [{ id: kitLine.line_item_id, quantity: 1 }], location_id: paris.id })
        expect([first.status, first.data.message]).toEqual([200, undefined])
        expect(await lotStock(container, (await lotIdOf("BT-1"))!, paris.id)).toEqual({ stocked: 9, reserved: 1 })
        expect(await lotStock(container, (await lotIdOf("PU-1"))!, paris.id)).toEqual({ stocked: 2, reserved: 2 })
        await expectInvariant(container, bottle.id)
        await expectInvariant(container, pump.id)

        // Edited to 3 kits: Medusa re-creates the line's reservations (2.21.2 reserves the kit's parts for
        // the new quantity as it sees fit); the lots follow whatever it reserved, FEFO across the pump lots.
        await editOrder(order.id, async (id) => {
          expect((await post(`/admin/order-edits/${id}/items/item/${kitLine.line_item_id}`, { quantity: 3 })).status).toEqual(200)
        })
        lots = await waitFor(async () => {
          const reservations = await readReservations(container, order.id)
          const l = await orderLots(order.id)
          const wanted = reservations.reduce((sum, r) => sum + r.quantity, 0)
          return wanted > 2 + 4 - 3 && l.lines[0].reserved_quantity + l.lines[0].shortfall === wanted ? l : null
        }, "the kit line to follow the edit")
        const reservations = await readReservations(container, order.id)
        const bottles = reservations.find((r) => r.inventory_item_id === bottle.id)!.quantity
        const pumps = reservations.find((r) => r.inventory_item_id === pump.id)!.quantity
        expect(pumps).toEqual(2 * bottles)
        expect(reservedPicks(lots.lines[0]).sort()).toEqual([
          ["BT-1", bottles],
          ["PU-1", 2],
          ["PU-2", pumps - 2],
        ])
        await expectInvariant(container, bottle.id)
        await expectInvariant(container, pump.id)

        // A fulfilment naming a lot of neither part is refused.
        const refused = await fulfillOrder(api, admin, order.id, {
          items: [{ id: kitLine.line_item_id, quantity: 1 }],
          location_id: paris.id,
          additional_data: { lots: [{ line_item_id: kitLine.line_item_id, lot_id: (await lotIdOf("SH-LATER"))!, quantity: 1 }] },
        })
        expect([refused.status, refused.data.message]).toEqual([400, expect.stringContaining("belongs to another inventory item than line item")])

        // Canceling the fulfilment and then the order puts everything back.
        const { data } = await get(`/admin/orders/${order.id}?fields=id,*fulfillments`)
        expect((await post(`/admin/orders/${order.id}/fulfillments/${data.order.fulfillments[0].id}/cancel`, {})).status).toEqual(200)
        expect((await post(`/admin/orders/${order.id}/cancel`, {})).status).toEqual(200)
        lots = await orderLots(order.id)
        expect([lots.lines[0].reserved_quantity, lots.lines[0].fulfilled_quantity, lots.lines[0].shortfall]).toEqual([0, 0, 0])
        expect(await lotStock(container, (await lotIdOf("PU-1"))!, paris.id)).toEqual({ stocked: 4, reserved: 0 })
        await expectInvariant(container, bottle.id)
        await expectInvariant(container, pump.id)
        await expectNoDrift()
      })
    })

    describe("fulfilment location and named lots", () => {
      it("records lots where Medusa takes the stock when the fulfilment names no location, and refuses named lots for untracked lines", async () => {
        const container = getContainer()
        // Omega-3 is stocked in Medusa only: not tracked by lot.
        await container.resolve(Modules.INVENTORY).createInventoryLevels([
          { inventory_item_id: store.products.find((p) => p.sku === "OMEGA3-120")!.inventoryItemId, location_id: paris.id, stocked_quantity: 10 },
        ])
        const omega = store.products.find((p) => p.sku === "OMEGA3-120")!
        // Shipped with Rotterdam's shipping option, but reserved at Paris where the stock is.
        const order = await placeOrder(api, store, {
          items: [
            { variant_id: shampoo.variantId, quantity: 2 },
            { variant_id: omega.variantId, quantity: 1 },
          ],
          shippingOptionIndex: 1,
        })
        const lots = await settled(order.id, ["OMEGA3-120"])
        expect(await readReservations(container, order.id)).toEqual(expect.arrayContaining([expect.objectContaining({ location_id: paris.id, quantity: 2 })]))
        const shampooLine = lineOf(lots, "SHAMPOO-ARGAN-250")
        const omegaLine = lots.lines.find((l: any) => l.sku === "OMEGA3-120")

        const before = await databaseState(container)
        const refused = await fulfillOrder(api, admin, order.id, {
          items: [
            { id: shampooLine.line_item_id, quantity: 2 },
            { id: omegaLine.line_item_id, quantity: 1 },
          ],
          additional_data: { lots: [{ line_item_id: omegaLine.line_item_id, lot_id: (await lotIdOf("SH-LATER"))!, quantity: 1 }] },
        })
        expect([refused.status, refused.data.message]).toEqual([400, expect.stringContaining("is not tracked by lot")])
        expect(await databaseState(container)).toEqual(before)

        const shipped = await fulfillOrder(api, admin, order.id, {
          items: [
            { id: shampooLine.line_item_id, quantity: 2 },
            { id: omegaLine.line_item_id, quantity: 1 },
          ],
        })
        expect([shipped.status, shipped.data.message]).toEqual([200, undefined])
        const { data } = await get(`/admin/orders/${order.id}?fields=id,*fulfillments`)
        expect(data.order.fulfillments[0].location_id).toEqual(rotterdam.id)
        const after = lineOf(await orderLots(order.id), "SHAMPOO-ARGAN-250")
        expect(after.allocations.filter((a: any) => a.status === "fulfilled").map((a: any) => [a.lot_number, a.location_id, a.quantity])).toEqual([
          ["SH-SOON", paris.id, 2],
        ])
        await expectInvariant(container, shampoo.inventoryItemId)
        await expectNoDrift()
      })
    })
  },
})
