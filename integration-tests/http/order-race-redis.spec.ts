import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { receiveLot } from "../helpers/fixtures"
import { Modules } from "@medusajs/framework/utils"
import { raceCheckouts } from "../helpers/race"
import { seedDemoStore } from "../../src/scripts/demo/store"

jest.setTimeout(240 * 1000)


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
        await receiveLot(container, { inventory_item_id: cream.inventoryItemId, lot_number, expires_in_days: expiresIn, location_id: paris.id, quantity })
      }

      const race = await raceCheckouts(api, container, store, cream, 50)
      // 28 units for 50 buyers: at most 28 orders, every one covered by a lot, no lot promised twice.
      // Core refuses the rest: out of stock, or (Redis locks) a checkout that lost its lock race (409).
      expect(race.orders.length + race.failures.length).toEqual(50)
      expect(race.orders.length).toBeGreaterThan(0)
      expect(race.orders.length).toBeLessThanOrEqual(28)
      for (const f of race.failures) {
        expect(f.step).toEqual("complete")
        expect([f.status, f.message]).toEqual(
          f.status === 500 ? [500, "An unknown error occurred."] : [f.status, expect.stringMatching(/Not enough stock|does not have the required inventory|Timed-out acquiring lock|conflicted with another request/)]
        )
      }
      expect(race.shortfalls).toHaveLength(0)
      for (const row of race.stock) {
        expect(row.reserved_quantity).toBeLessThanOrEqual(row.stocked_quantity)
      }
      const reservedUnits = race.stock.reduce((s: number, r: any) => s + r.reserved_quantity, 0)
      expect(reservedUnits).toEqual(race.orders.length)
      // FEFO: a later lot is only touched once the earlier ones are exhausted.
      const placed = race.orders.length
      expect(race.stock.map((r: any) => [r.lot_number, r.reserved_quantity])).toEqual([
        ["HC-1", Math.min(placed, 12)],
        ["HC-2", Math.min(Math.max(placed - 12, 0), 9)],
        ["HC-3", Math.max(placed - 21, 0)],
      ])
      const orderIds = new Set(race.orders.map((o: any) => o.id))
      expect(new Set(race.allocations.map((x: any) => x.order_id))).toEqual(orderIds)
      expect(race.allocations.every((x: any) => x.quantity === 1 && x.status === "reserved")).toBe(true)
      expect(race.invariant).toEqual([expect.objectContaining({ location_id: paris.id, level_stocked: 28, lot_stocked: 28 })])
    })
  },
})
