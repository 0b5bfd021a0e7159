import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createAdminUser } from "../helpers/admin"
import {
  createCustomerSession,
  completeCart,
  ensureTaxProvider,
  fulfillOrder,
  placeOrder,
  prepareCart,
  readReservations,
  recordEvents,
  tryPlaceOrder,
} from "../helpers/orders"
import { seedDemoStore, type DemoStore } from "../../src/scripts/demo/store"
import { createLotWorkflow } from "../../src/workflows/create-lot"

jest.setTimeout(120 * 1000)

const daysFromToday = (days: number) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10)

async function level(container: MedusaContainer, inventoryItemId: string, locationId: string) {
  const [lvl] = await container
    .resolve(Modules.INVENTORY)
    .listInventoryLevels({ inventory_item_id: inventoryItemId, location_id: locationId })
  return { stocked: Number(lvl?.stocked_quantity ?? 0), reserved: Number(lvl?.reserved_quantity ?? 0) }
}

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let adminHeaders: Record<string, string>
    let paris: { id: string }
    let product: DemoStore["products"][number]

    beforeEach(async () => {
      const container = getContainer()
      store = await seedDemoStore(container)
      await ensureTaxProvider(container)
      ;({ headers: adminHeaders } = await createAdminUser(container))
      paris = store.locations.find((l) => l.name === "Paris Warehouse")!
      product = store.products[0]
      await createLotWorkflow(container).run({
        input: {
          lot: {
            inventory_item_id: product.inventoryItemId,
            lot_number: "ORD-HELPER-1",
            expires_at: daysFromToday(365),
            receive: [{ location_id: paris.id, quantity: 10 }],
          },
        },
      })
    })

    it("places a customer order through the store API (Medusa reserves it) and fulfils part of it through the admin API", async () => {
      const container = getContainer()
      expect(await level(container, product.inventoryItemId, paris.id)).toEqual({ stocked: 10, reserved: 0 })

      const { customer, headers: customerHeaders } = await createCustomerSession(api, store.publishableKey, {
        email: "camille@lot-tracking.test",
        first_name: "Camille",
        last_name: "Martin",
      })
      expect(customer).toEqual(expect.objectContaining({ email: "camille@lot-tracking.test" }))

      const placed = recordEvents(container, "order.placed")
      const order = await placeOrder(api, store, {
        items: [{ variant_id: product.variantId, quantity: 3 }],
        customerHeaders,
        shippingOptionIndex: 0,
      })
      await placed.waitFor((e) => e.data?.id === order.id)
      placed.stop()
      expect(order.email).toEqual("camille@lot-tracking.test")
      expect(order.items).toEqual([expect.objectContaining({ variant_id: product.variantId, quantity: 3 })])

      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data: orders } = await query.graph({ entity: "order", fields: ["id", "customer_id"], filters: { id: order.id } })
      expect(orders[0].customer_id).toEqual(customer.id)

      expect(await readReservations(container, order.id)).toEqual([
        { line_item_id: order.items[0].id, inventory_item_id: product.inventoryItemId, location_id: paris.id, quantity: 3 },
      ])
      expect(await level(container, product.inventoryItemId, paris.id)).toEqual({ stocked: 10, reserved: 3 })

      const res = await fulfillOrder(api, adminHeaders, order.id, {
        items: [{ id: order.items[0].id, quantity: 2 }],
        location_id: paris.id,
      })
      expect(res.status).toEqual(200)
      expect(await level(container, product.inventoryItemId, paris.id)).toEqual({ stocked: 8, reserved: 1 })
    })

    it("reports refusals instead of throwing: at line-item add, and at completion when another order took the stock", async () => {
      const container = getContainer()
      // Two carts built while 10 are free; the second completion must fail.
      const a = await prepareCart(api, store, { items: [{ variant_id: product.variantId, quantity: 8 }] })
      const b = await prepareCart(api, store, { items: [{ variant_id: product.variantId, quantity: 5 }] })
      if (!("cart" in a) || !("cart" in b)) {
        throw new Error(`prepareCart failed: ${JSON.stringify({ a, b })}`)
      }
      const first = await completeCart(api, a.cart)
      expect("order" in first).toBe(true)
      const second = await completeCart(api, b.cart)
      expect("error" in second && second.error).toEqual(expect.objectContaining({ step: "complete", status: 400 }))

      // With 2 left, a third storefront cannot even add 5 to its cart.
      const third = await tryPlaceOrder(api, store, { items: [{ variant_id: product.variantId, quantity: 5 }] })
      expect("error" in third && third.error).toEqual({
        step: "line-items",
        status: 400,
        type: "not_allowed",
        message: "Some variant does not have the required inventory",
      })
      expect(await level(container, product.inventoryItemId, paris.id)).toEqual({ stocked: 10, reserved: 8 })
    })
  },
})
