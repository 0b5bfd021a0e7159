import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { raceCheckouts } from "../helpers/race"
import { seedDemoStore } from "../../src/scripts/demo/store"
import { createLotWorkflow } from "../../src/workflows/create-lot"

jest.setTimeout(240 * 1000)

const daysFromToday = (days: number) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10)

// A multi-instance deployment: Medusa's Locking Module on Redis (127.0.0.1:6379 on these machines).
medusaIntegrationTestRunner({
  inApp: true,
  env: { LOCKING_REDIS_URL: process.env.LOCKING_REDIS_URL ?? "redis://127.0.0.1:6379" },
  testSuite: ({ api, getContainer }) => {
    it("never over-reserves a lot when 50 checkouts race, with the Redis locking provider", async () => {
      const container = getContainer()
      const locking = container.resolve(Modules.LOCKING) as any
      // The provider really is Redis, not the in-memory default.
      expect(locking.defaultProviderId).toMatch(/redis/i)

      const store = await seedDemoStore(container)
      const paris = store.locations.find((l) => l.name === "Paris Warehouse")!
      const cream = store.products.find((p) => p.sku === "CREAM-HYAL-50")!
      for (const [lot_number, expiresIn, quantity] of [
        ["HC-1", 60, 12],
        ["HC-2", 120, 9],
        ["HC-3", 240, 7],
      ] as const) {
        await createLotWorkflow(container).run({
          input: { lot: { inventory_item_id: cream.inventoryItemId, lot_number, expires_at: daysFromToday(expiresIn), receive: [{ location_id: paris.id, quantity }] } },
        })
      }

      const race = await raceCheckouts(api, container, store, cream, 50)
      expect(race.orders).toHaveLength(28)
      expect(race.failures).toHaveLength(22)
      expect(race.shortfalls).toHaveLength(0)
      expect(race.stock.map((r: any) => [r.lot_number, r.stocked_quantity, r.reserved_quantity])).toEqual([
        ["HC-1", 12, 12],
        ["HC-2", 9, 9],
        ["HC-3", 7, 7],
      ])
      const orderIds = new Set(race.orders.map((o: any) => o.id))
      expect(new Set(race.allocations.map((x: any) => x.order_id))).toEqual(orderIds)
      expect(race.allocations.every((x: any) => x.quantity === 1 && x.status === "reserved")).toBe(true)
      expect(race.invariant).toEqual([expect.objectContaining({ level_stocked: 28, lot_stocked: 28 })])
    })
  },
})
