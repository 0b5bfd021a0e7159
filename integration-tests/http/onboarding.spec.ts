import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { databaseState, daysFromToday, expectInvariant, invariantFor, seedLotTestStore } from "../helpers/fixtures"
import { placeOrder, readReservations } from "../helpers/orders"
import type { DemoStore } from "../../src/scripts/demo/store"
import { lotService } from "../../src/modules/lot_tracking/resolve"

jest.setTimeout(240 * 1000)

/** Medusa's level for the item at a location. */
async function level(container: MedusaContainer, inventoryItemId: string, locationId: string) {
  const [lvl] = await container.resolve(Modules.INVENTORY).listInventoryLevels({ inventory_item_id: inventoryItemId, location_id: locationId })
  return { stocked: Number(lvl?.stocked_quantity ?? 0), reserved: Number(lvl?.reserved_quantity ?? 0) }
}

/**
 * The books while units are still unassigned: lot stock + the unassigned
 * units == Medusa's stocked quantity per location, and the reserved and hold
 * rules exactly as `expectInvariant` checks them.
 */
async function expectBooks(container: MedusaContainer, inventoryItemId: string, unassigned: Record<string, number>) {
  const rows = await invariantFor(container, inventoryItemId)
  for (const row of rows) {
    expect({ location: row.location_id, stocked: row.level_stocked, reserved: row.level_reserved, hold: row.hold }).toEqual({
      location: row.location_id,
      stocked: row.lot_stocked + (unassigned[row.location_id] ?? 0),
      reserved: row.lot_reserved + row.shortfall + row.hold,
      hold: row.blocked_free,
    })
  }
  return rows
}

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let paris: { id: string; name: string }
    let rotterdam: { id: string; name: string }
    let shampoo: DemoStore["products"][number]
    let vitamin: DemoStore["products"][number]
    let cream: DemoStore["products"][number]

    const get = (url: string) => api.get(url, { headers: admin }).catch((e) => e.response)
    const post = (url: string, body: unknown) => api.post(url, body, { headers: admin }).catch((e) => e.response)

    /** Stock Medusa counts before the plugin knows about it (as the core admin or an old import set it). */
    async function stockInMedusa(inventoryItemId: string, locationId: string, stocked: number) {
      await getContainer().resolve(Modules.INVENTORY).createInventoryLevels([{ inventory_item_id: inventoryItemId, location_id: locationId, stocked_quantity: stocked }])
    }

    const open = (body: Record<string, unknown>) => post("/admin/lot-tracking/opening-balance", body)

    beforeEach(async () => {
      const seeded = await seedLotTestStore(getContainer())
      ;({ store, admin, paris, rotterdam } = seeded)
      shampoo = seeded.product("SHAMPOO-ARGAN-250")
      vitamin = seeded.product("VITC-1000-60")
      cream = seeded.product("CREAM-HYAL-50")
      await stockInMedusa(shampoo.inventoryItemId, paris.id, 50)
    })

    describe("opening balance", () => {
      it("puts units Medusa counts into lots without moving its level, and lists what is left unassigned", async () => {
        const container = getContainer()
        await stockInMedusa(vitamin.inventoryItemId, paris.id, 12)
        await stockInMedusa(cream.inventoryItemId, rotterdam.id, 7)
        // An item the merchant keeps untracked is not offered for lots.
        expect((await post(`/admin/lot-tracking/policies/${cream.inventoryItemId}`, { tracked: false })).status).toEqual(200)

        const before = await get(`/admin/lot-tracking/unassigned?inventory_item_id=${shampoo.inventoryItemId}&inventory_item_id=${vitamin.inventoryItemId}&inventory_item_id=${cream.inventoryItemId}`)
        expect(before.status).toEqual(200)
        expect(before.data.unassigned).toEqual([
          { inventory_item_id: shampoo.inventoryItemId, location_id: paris.id, location_name: "Paris Warehouse", sku: "SHAMPOO-ARGAN-250", quantity: 50 },
          { inventory_item_id: vitamin.inventoryItemId, location_id: paris.id, location_name: "Paris Warehouse", sku: "VITC-1000-60", quantity: 12 },
        ])
        expect(before.data.count).toEqual(2)
        const page = await get(`/admin/lot-tracking/unassigned?location_id=${paris.id}&limit=1&offset=1`)
        expect(page.data).toEqual(expect.objectContaining({ count: 2, limit: 1, offset: 1 }))
        expect(page.data.unassigned.map((u: any) => u.sku)).toEqual(["VITC-1000-60"])

        const res = await open({
          inventory_item_id: shampoo.inventoryItemId,
          location_id: paris.id,
          lots: [
            { lot_number: "OB-1", manufactured_at: daysFromToday(-60), expires_at: daysFromToday(300), quantity: 20, bin: "A-01-03" },
            { expires_at: daysFromToday(120), supplier_lot_code: "SUP-9", quantity: 10 },
          ],
          note: "stock count on go-live day",
        })
        expect(res.status).toEqual(200)
        expect(res.data.unassigned).toEqual([{ inventory_item_id: shampoo.inventoryItemId, location_id: paris.id, quantity: 20 }])
        const [first, second] = res.data.lots
        expect(first).toEqual(
          expect.objectContaining({ lot_number: "OB-1", stocked_quantity: 20, available_quantity: 20, inventory_item: expect.objectContaining({ sku: "SHAMPOO-ARGAN-250" }) })
        )
        expect(first.stock).toEqual([expect.objectContaining({ location_id: paris.id, stocked_quantity: 20, bin: "A-01-03" })])
        // No number given: generated from the pattern, as a receipt does.
        expect(second.lot_number).toMatch(new RegExp(`^LOT-${new Date().getUTCFullYear()}-\\d{5}$`))
        expect(second).toEqual(expect.objectContaining({ supplier_lot_code: "SUP-9", stocked_quantity: 10 }))
        expect(second.stock[0].bin).toBeNull()

        // Medusa's level did not move; the ledger says where the units came from.
        expect(await level(container, shampoo.inventoryItemId, paris.id)).toEqual({ stocked: 50, reserved: 0 })
        const movements = (await get(`/admin/lots/${first.id}/movements`)).data.movements
        expect(movements.map((m: any) => [m.type, m.quantity, m.note, m.actor_id != null])).toEqual([["opening_balance", 20, "stock count on go-live day", true]])
        expect((await get(`/admin/lot-tracking/policies/${shampoo.inventoryItemId}`)).data.policy).toEqual(expect.objectContaining({ tracked: true }))
        await expectBooks(container, shampoo.inventoryItemId, { [paris.id]: 20 })

        // A lot number that exists takes the units; the rest goes into a new lot.
        const more = await open({
          inventory_item_id: shampoo.inventoryItemId,
          location_id: paris.id,
          lots: [
            { lot_number: "OB-1", expires_at: daysFromToday(300), quantity: 5 },
            { lot_number: "OB-2", expires_at: daysFromToday(200), quantity: 15, bin: "A-02" },
          ],
        })
        expect(more.status).toEqual(200)
        expect(more.data.lots.map((l: any) => [l.id === first.id, l.lot_number, l.stocked_quantity])).toEqual([
          [true, "OB-1", 25],
          [false, "OB-2", 15],
        ])
        expect(more.data.unassigned).toEqual([{ inventory_item_id: shampoo.inventoryItemId, location_id: paris.id, quantity: 0 }])

        const after = await get(`/admin/lot-tracking/unassigned?inventory_item_id=${shampoo.inventoryItemId}`)
        expect(after.data).toEqual(expect.objectContaining({ unassigned: [], count: 0 }))
        expect(await level(container, shampoo.inventoryItemId, paris.id)).toEqual({ stocked: 50, reserved: 0 })
        await expectInvariant(container, shampoo.inventoryItemId)
      })

      it("refuses bad requests with a message that says what is wrong, and changes nothing", async () => {
        const container = getContainer()
        await post("/admin/lots", {
          inventory_item_id: shampoo.inventoryItemId,
          lot_number: "EXISTING",
          expires_at: daysFromToday(100),
          receive: [{ location_id: paris.id, quantity: 5 }],
        })
        const before = await databaseState(container)
        const item = shampoo.inventoryItemId
        const exp = daysFromToday(200)
        const refusals: [Record<string, unknown>, number, string][] = [
          [{ inventory_item_id: item, location_id: paris.id, lots: [{ expires_at: exp, quantity: 40 }, { expires_at: exp, quantity: 11 }] }, 400, "Cannot put 51 units into lots: only 50 units of SHAMPOO-ARGAN-250 at Paris Warehouse are not in any lot"],
          // The plugin's require_expiry option (on in this app) holds for opening balances too.
          [{ inventory_item_id: item, location_id: paris.id, lots: [{ lot_number: "NO-DATE", quantity: 1 }] }, 400, "Lot NO-DATE: expires_at is required for inventory item"],
          [{ inventory_item_id: "iitem_missing", location_id: paris.id, lots: [{ quantity: 1 }] }, 400, "Inventory item iitem_missing does not exist"],
          [{ inventory_item_id: item, location_id: "sloc_missing", lots: [{ quantity: 1 }] }, 400, "Stock location sloc_missing does not exist"],
          [{ inventory_item_id: item, location_id: rotterdam.id, lots: [{ quantity: 1 }] }, 400, "has no inventory level at Rotterdam Warehouse"],
          [{ inventory_item_id: item, location_id: paris.id, lots: [{ lot_number: "D-1", expires_at: exp, quantity: 1 }, { lot_number: "D-1", expires_at: exp, quantity: 2 }] }, 400, "Lot D-1 appears twice in lots"],
          [{ inventory_item_id: item, location_id: paris.id, lots: [{ expires_at: daysFromToday(-2), quantity: 1 }] }, 400, "receiving expired stock is refused unless allow_expired is true"],
          [{ inventory_item_id: item, location_id: paris.id, lots: [{ lot_number: "EXISTING", expires_at: daysFromToday(99), quantity: 1 }] }, 400, "Lot EXISTING exists with expires_at"],
          [{ inventory_item_id: item, location_id: paris.id, lots: [{ expires_at: exp, quantity: 1, bin: "B".repeat(33) }] }, 400, "bin must be at most 32 characters"],
          [{ inventory_item_id: item, location_id: paris.id, lots: [{ quantity: 0 }] }, 400, "quantity must be greater than 0"],
          [{ inventory_item_id: item, location_id: paris.id, lots: [] }, 400, "lots must name 1 to 500 lots"],
          [{ inventory_item_id: item, location_id: paris.id, lots: [{ manufactured_at: daysFromToday(5), expires_at: exp, quantity: 1 }] }, 400, "is in the future"],
        ]
        for (const [body, status, message] of refusals) {
          const res = await open(body)
          expect([res.status, res.data.message]).toEqual([status, expect.stringContaining(message)])
        }
        expect(await databaseState(container)).toEqual(before)

        // The lot received above took 5 of its own units: 50 are still unassigned, and an expired lot may come in when asked.
        const expired = await open({ inventory_item_id: item, location_id: paris.id, allow_expired: true, lots: [{ lot_number: "OLD", expires_at: daysFromToday(-2), quantity: 4 }] })
        expect(expired.status).toEqual(200)
        expect(expired.data.lots[0]).toEqual(expect.objectContaining({ expired: true, stocked_quantity: 4 }))
        // Its units are held back from sale.
        await expectBooks(container, item, { [paris.id]: 46 })
        const [row] = await invariantFor(container, item)
        expect(row.hold).toEqual(4)
      })

      it("never assigns more than is unassigned when two opening balances race", async () => {
        const container = getContainer()
        const line = (n: string) => ({ lot_number: n, expires_at: daysFromToday(150), quantity: 30 })
        const [a, b] = await Promise.all([
          open({ inventory_item_id: shampoo.inventoryItemId, location_id: paris.id, lots: [line("RACE-A")] }),
          open({ inventory_item_id: shampoo.inventoryItemId, location_id: paris.id, lots: [line("RACE-B")] }),
        ])
        expect([a.status, b.status].sort()).toEqual([200, 400])
        expect([a, b].find((r) => r.status === 400)!.data.message).toEqual(
          "Cannot put 30 units into lots: only 20 units of SHAMPOO-ARGAN-250 at Paris Warehouse are not in any lot"
        )
        // The refused one left no lot behind.
        expect((await get(`/admin/lots?inventory_item_id=${shampoo.inventoryItemId}`)).data.count).toEqual(1)
        await expectBooks(container, shampoo.inventoryItemId, { [paris.id]: 20 })
      })

      it("undoes everything when a step fails half-way", async () => {
        const container = getContainer()
        const before = await databaseState(container)
        const service = lotService(container)
        const spy = jest.spyOn(service, "planShortfallFills").mockImplementationOnce(async () => {
          throw new Error("settling failed")
        })
        const res = await open({
          inventory_item_id: shampoo.inventoryItemId,
          location_id: paris.id,
          lots: [{ lot_number: "HALF-1", expires_at: daysFromToday(100), quantity: 10, bin: "H-1" }, { expires_at: daysFromToday(90), supplier_lot_code: "S-H", quantity: 5 }],
        })
        spy.mockRestore()
        expect(res.status).toBeGreaterThanOrEqual(400)
        expect(await databaseState(container)).toEqual(before)
        const { rows } = await (container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any).raw(`SELECT count(*)::int AS n FROM lot_stock`)
        expect(rows[0].n).toEqual(0)
        expect((await get(`/admin/lot-tracking/unassigned?inventory_item_id=${shampoo.inventoryItemId}`)).data.unassigned[0].quantity).toEqual(50)
      })

      it("gives open orders placed before the item was tracked their lots by FEFO, and shortfalls for what the lots do not cover", async () => {
        const container = getContainer()
        const older = await placeOrder(api, store, { items: [{ variant_id: shampoo.variantId, quantity: 3 }] })
        const newer = await placeOrder(api, store, { items: [{ variant_id: shampoo.variantId, quantity: 5 }] })
        expect(await readReservations(container, older.id)).toEqual([expect.objectContaining({ location_id: paris.id, quantity: 3 })])
        expect(await level(container, shampoo.inventoryItemId, paris.id)).toEqual({ stocked: 50, reserved: 8 })

        // 7 of the 50 units go into lots today; the rest stays unassigned.
        const res = await open({
          inventory_item_id: shampoo.inventoryItemId,
          location_id: paris.id,
          lots: [
            { lot_number: "LATE", expires_at: daysFromToday(300), quantity: 4 },
            { lot_number: "SOON", expires_at: daysFromToday(60), quantity: 3 },
          ],
        })
        expect(res.status).toEqual(200)
        const linesOf = async (orderId: string) => (await get(`/admin/orders/${orderId}/lots`)).data.order_lots.lines[0]
        const picks = (line: any) => line.allocations.filter((a: any) => a.status === "reserved").map((a: any) => [a.lot_number, a.quantity])
        const a = await linesOf(older.id)
        expect(picks(a)).toEqual([["SOON", 3]])
        expect(a.shortfall).toEqual(0)
        const b = await linesOf(newer.id)
        expect(picks(b)).toEqual([["LATE", 4]])
        expect(b.shortfall).toEqual(1)
        expect(await level(container, shampoo.inventoryItemId, paris.id)).toEqual({ stocked: 50, reserved: 8 })
        await expectBooks(container, shampoo.inventoryItemId, { [paris.id]: 43 })

        // The next lot counted covers the waiting unit at once.
        const rest = await open({ inventory_item_id: shampoo.inventoryItemId, location_id: paris.id, lots: [{ lot_number: "MID", expires_at: daysFromToday(100), quantity: 43 }] })
        expect(rest.status).toEqual(200)
        const covered = await linesOf(newer.id)
        expect(picks(covered)).toEqual(expect.arrayContaining([["LATE", 4], ["MID", 1]]))
        expect(covered.shortfall).toEqual(0)
        await expectInvariant(container, shampoo.inventoryItemId)
      })

      it("gives open orders lots when a receipt, not an opening balance, makes the item tracked", async () => {
        const container = getContainer()
        await stockInMedusa(vitamin.inventoryItemId, paris.id, 5)
        const order = await placeOrder(api, store, { items: [{ variant_id: vitamin.variantId, quantity: 2 }] })
        const received = await post("/admin/lots", {
          inventory_item_id: vitamin.inventoryItemId,
          lot_number: "VC-NEW",
          expires_at: daysFromToday(200),
          receive: [{ location_id: paris.id, quantity: 10 }],
        })
        expect(received.status).toEqual(201)
        const line = (await get(`/admin/orders/${order.id}/lots`)).data.order_lots.lines[0]
        expect(line.allocations.map((a: any) => [a.lot_number, a.quantity, a.status])).toEqual([["VC-NEW", 2, "reserved"]])
        expect(line.shortfall).toEqual(0)
        // The 5 units counted before the receipt are not in a lot yet.
        await expectBooks(container, vitamin.inventoryItemId, { [paris.id]: 5 })
        const rest = await open({ inventory_item_id: vitamin.inventoryItemId, location_id: paris.id, lots: [{ lot_number: "VC-OLD", expires_at: daysFromToday(90), quantity: 5 }] })
        expect(rest.status).toEqual(200)
        await expectInvariant(container, vitamin.inventoryItemId)
      })
    })
  },
})
