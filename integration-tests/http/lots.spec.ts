import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createAdminUser } from "../helpers/admin"
import { createInventoryItem, createLocation, databaseState, expectInvariant, daysFromToday } from "../helpers/fixtures"
import { lotService } from "../../src/modules/lot_tracking/resolve"
import { hashPartSql } from "../../src/read-models/shipments"
import { pgConnection as pg } from "../../src/read-models/pg"

jest.setTimeout(120 * 1000)


medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let item: { id: string }
    let otherItem: { id: string }
    let paris: { id: string }
    let lyon: { id: string }

    beforeEach(async () => {
      const container = getContainer()
      ;({ headers } = await createAdminUser(container))
      item = await createInventoryItem(container, "SHAMPOO-250")
      otherItem = await createInventoryItem(container, "VITC-60")
      paris = await createLocation(container, "Paris warehouse")
      lyon = await createLocation(container, "Lyon warehouse")
    })

    const post = (url: string, body: unknown) => api.post(url, body, { headers }).catch((e) => e.response)
    const get = (url: string) => api.get(url, { headers }).catch((e) => e.response)

    async function createLot(body: Record<string, unknown> = {}) {
      const res = await post("/admin/lots", {
        inventory_item_id: item.id,
        lot_number: "B-1001",
        manufactured_at: daysFromToday(-30),
        expires_at: daysFromToday(365),
        supplier: "Laboratoires Durand",
        receive: [{ location_id: paris.id, quantity: 100 }],
        ...body,
      })
      expect(res.status).toEqual(201)
      return res.data.lot
    }

    describe("receiving lots", () => {
      it("creates a lot received at two locations and raises Medusa's inventory levels by the same units", async () => {
        const res = await post("/admin/lots", {
          inventory_item_id: item.id,
          lot_number: "B-1001",
          manufactured_at: "2026-10-01",
          expires_at: "2028-09-30",
          supplier: "Laboratoires Durand",
          receive: [
            { location_id: paris.id, quantity: 120 },
            { location_id: lyon.id, quantity: 30 },
          ],
        })
        expect(res.status).toEqual(201)
        expect(res.data.lot).toEqual(
          expect.objectContaining({
            lot_number: "B-1001",
            inventory_item_id: item.id,
            status: "active",
            expires_at: "2028-09-30",
            manufactured_at: "2026-10-01",
            stocked_quantity: 150,
            reserved_quantity: 0,
            available_quantity: 150,
            expired: false,
            expiring_soon: false,
            inventory_item: expect.objectContaining({ sku: "SHAMPOO-250" }),
          })
        )
        expect(res.data.lot.stock).toEqual([
          expect.objectContaining({ location_id: lyon.id, location_name: "Lyon warehouse", stocked_quantity: 30, available_quantity: 30 }),
          expect.objectContaining({ location_id: paris.id, location_name: "Paris warehouse", stocked_quantity: 120, available_quantity: 120 }),
        ])
        const rows = await expectInvariant(getContainer(), item.id)
        expect(rows.map((r) => r.level_stocked).sort((a, b) => a - b)).toEqual([30, 120])

        const movements = await get(`/admin/lots/${res.data.lot.id}/movements`)
        expect(movements.data.count).toEqual(2)
        expect(movements.data.movements.map((m: any) => [m.type, m.quantity, m.actor_id != null])).toEqual(
          expect.arrayContaining([
            ["received", 120, true],
            ["received", 30, true],
          ])
        )

        const policy = await get(`/admin/lot-tracking/policies/${item.id}`)
        expect(policy.data.policy).toEqual(expect.objectContaining({ tracked: true, strategy: "fefo", is_default: false }))
      })

      it("generates lot numbers from the pattern, distinct even when receipts race", async () => {
        const results = await Promise.all(
          Array.from({ length: 12 }, () =>
            post("/admin/lots", {
              inventory_item_id: item.id,
              expires_at: daysFromToday(200),
              receive: [{ location_id: paris.id, quantity: 5 }],
            })
          )
        )
        expect(results.map((r) => [r.status, r.data.message])).toEqual(Array(12).fill([201, undefined]))
        const numbers = results.map((r) => r.data.lot.lot_number)
        const year = new Date().getUTCFullYear()
        for (const n of numbers) {
          expect(n).toMatch(new RegExp(`^LOT-${year}-\\d{5}$`))
        }
        expect(new Set(numbers).size).toEqual(12)
        const [row] = await expectInvariant(getContainer(), item.id)
        expect(row.level_stocked).toEqual(60)
      })

      it("skips a generated number that staff already typed for the item", async () => {
        const year = new Date().getUTCFullYear()
        await createLot({ lot_number: `LOT-${year}-00001`, receive: [] })
        const res = await post("/admin/lots", { inventory_item_id: item.id, expires_at: daysFromToday(100) })
        expect(res.status).toEqual(201)
        expect(res.data.lot.lot_number).toEqual(`LOT-${year}-00002`)
      })

      it("receives more units of an existing lot, and allows an expired receipt only when asked", async () => {
        const lot = await createLot()
        const res = await post(`/admin/lots/${lot.id}/receive`, { location_id: lyon.id, quantity: 40, note: "PO-7781" })
        expect(res.status).toEqual(200)
        expect(res.data.lot.stocked_quantity).toEqual(140)
        expect(res.data.movements).toEqual([expect.objectContaining({ type: "received", quantity: 40, note: "PO-7781" })])
        await expectInvariant(getContainer(), item.id)

        const expired = await post("/admin/lots", {
          inventory_item_id: item.id,
          lot_number: "OLD-1",
          expires_at: daysFromToday(-1),
          allow_expired: true,
          receive: [{ location_id: paris.id, quantity: 3 }],
        })
        expect(expired.status).toEqual(201)
        expect(expired.data.lot.expired).toEqual(true)
        await expectInvariant(getContainer(), item.id)
      })
    })

    describe("moving lot stock", () => {
      it("counts, transfers and writes off, keeping lot stock equal to Medusa's levels after each", async () => {
        const container = getContainer()
        const lot = await createLot()

        const counted = await post(`/admin/lots/${lot.id}/adjust`, { location_id: paris.id, quantity: 97, reason: "cycle count" })
        expect(counted.status).toEqual(200)
        expect(counted.data.count).toEqual(expect.objectContaining({ previous: 100, counted: 97, delta: -3 }))
        expect(counted.data.lot.stocked_quantity).toEqual(97)
        await expectInvariant(container, item.id)

        const same = await post(`/admin/lots/${lot.id}/adjust`, { location_id: paris.id, quantity: 97, reason: "recount" })
        expect(same.status).toEqual(200)
        expect(same.data.movements[0]).toEqual(expect.objectContaining({ type: "adjusted", quantity: 0, metadata: { counted: 97, previous: 97 } }))

        const moved = await post(`/admin/lots/${lot.id}/transfer`, { from_location_id: paris.id, to_location_id: lyon.id, quantity: 40 })
        expect(moved.status).toEqual(200)
        expect(moved.data.lot.stock.map((s: any) => [s.location_name, s.stocked_quantity])).toEqual([
          ["Lyon warehouse", 40],
          ["Paris warehouse", 57],
        ])
        await expectInvariant(container, item.id)

        const written = await post(`/admin/lots/${lot.id}/write-off`, { location_id: lyon.id, quantity: 5, reason: "damaged", note: "crushed pallet" })
        expect(written.status).toEqual(200)
        expect(written.data.lot.stocked_quantity).toEqual(92)
        expect(written.data.movements[0]).toEqual(expect.objectContaining({ type: "written_off", quantity: -5, reason: "damaged" }))
        const rows = await expectInvariant(container, item.id)
        expect(rows.map((r) => r.level_stocked).sort((a, b) => a - b)).toEqual([35, 57])

        const ledger = await get(`/admin/lots/${lot.id}/movements?limit=2`)
        expect(ledger.data).toEqual(expect.objectContaining({ count: 6, limit: 2, offset: 0 }))
        expect(ledger.data.movements[0].type).toEqual("written_off")
        const ledgerTransfers = await get(`/admin/lots/${lot.id}/movements?type=transferred_in,transferred_out`)
        expect(ledgerTransfers.data.movements.map((m: any) => m.quantity).sort()).toEqual([-40, 40])
      })

      it("quarantines and releases a lot, recording both in the ledger", async () => {
        const lot = await createLot()
        const q = await post(`/admin/lots/${lot.id}/quarantine`, { reason: "customer complaint" })
        expect(q.status).toEqual(200)
        expect(q.data.lot.status).toEqual("quarantined")
        const again = await post(`/admin/lots/${lot.id}/quarantine`, {})
        expect(again.status).toEqual(409)
        expect(again.data.message).toContain("is quarantined")
        const r = await post(`/admin/lots/${lot.id}/release`, {})
        expect(r.status).toEqual(200)
        expect(r.data.lot.status).toEqual("active")
        const ledger = await get(`/admin/lots/${lot.id}/movements`)
        expect(ledger.data.movements.map((m: any) => m.type)).toEqual(
          expect.arrayContaining(["quarantined", "released_from_quarantine"])
        )
      })

      it("updates attributes, and deletes a lot only while it never moved", async () => {
        const unused = await createLot({ lot_number: "TYPO-1", receive: [] })
        const updated = await post(`/admin/lots/${unused.id}`, { supplier: "Durand SA", expires_at: daysFromToday(20) })
        expect(updated.status).toEqual(200)
        expect(updated.data.lot).toEqual(expect.objectContaining({ supplier: "Durand SA", expiring_soon: true, days_until_expiry: 20 }))

        const deleted = await api.delete(`/admin/lots/${unused.id}`, { headers })
        expect(deleted.data).toEqual({ id: unused.id, object: "lot", deleted: true })
        expect((await get(`/admin/lots/${unused.id}`)).status).toEqual(404)
        // The number is free again once the mistaken lot is gone.
        await createLot({ lot_number: "TYPO-1", receive: [] })
      })

      it("rolls back lot stock when Medusa's inventory level cannot follow (compensation)", async () => {
        const container = getContainer()
        const lot = await createLot()
        // Someone removes the level in the core admin: the plugin's write-off must not leave lot stock changed.
        const inventory = container.resolve(Modules.INVENTORY)
        const [level] = await inventory.listInventoryLevels({ inventory_item_id: item.id, location_id: paris.id })
        await inventory.deleteInventoryLevels([level.id])
        const before = await databaseState(container)

        const res = await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, quantity: 10, reason: "damaged" })
        expect(res.status).toBeGreaterThanOrEqual(400)
        expect(await databaseState(container)).toEqual(before)
        const stock = await lotService(container).listLotStocks({ lot_id: lot.id })
        expect(stock[0].stocked_quantity).toEqual(100)
      })
    })

    describe("listing and policies", () => {
      it("names each lot's item as the merchant knows it: product, variant and SKU", async () => {
        const created = await post("/admin/products", {
          title: "Argan Repair Shampoo",
          options: [{ title: "Size", values: ["250 ml"] }],
          variants: [
            {
              title: "250 ml",
              sku: "ARGAN-250",
              options: { Size: "250 ml" },
              manage_inventory: true,
              prices: [{ currency_code: "eur", amount: 12 }],
              inventory_items: [{ inventory_item_id: item.id, required_quantity: 1 }],
            },
          ],
        })
        expect(created.status).toEqual(200)
        const named = await createLot({ lot_number: "N-1" })
        await createLot({ inventory_item_id: otherItem.id, lot_number: "N-2" })
        const names = {
          id: item.id,
          sku: "SHAMPOO-250",
          title: "SHAMPOO-250",
          product_title: "Argan Repair Shampoo",
          variant_title: "250 ml",
          label: "Argan Repair Shampoo · 250 ml · SHAMPOO-250",
        }
        expect((await get(`/admin/lots/${named.id}`)).data.lot.inventory_item).toEqual(names)
        const list = (await get("/admin/lots?q=N-")).data.lots
        expect(Object.fromEntries(list.map((l: any) => [l.lot_number, l.inventory_item]))).toEqual({
          "N-1": names,
          // No product: the item's own title and SKU name it.
          "N-2": { id: otherItem.id, sku: "VITC-60", title: "VITC-60", product_title: null, variant_title: null, label: "VITC-60" },
        })
      })

      it("filters by lot number, item, location, status, expiry and stock, orders by expiry and paginates", async () => {
        const soon = await createLot({ lot_number: "A-SOON", expires_at: daysFromToday(10) })
        const later = await createLot({ lot_number: "A-LATER", expires_at: daysFromToday(400), receive: [{ location_id: lyon.id, quantity: 7 }] })
        const expired = await createLot({ lot_number: "A-OLD", expires_at: daysFromToday(-3), allow_expired: true })
        const empty = await createLot({ lot_number: "B-EMPTY", expires_at: daysFromToday(50), receive: [] })
        await post(`/admin/lots/${later.id}/quarantine`, {})
        await post("/admin/lots", { inventory_item_id: otherItem.id, lot_number: "A-SOON", expires_at: daysFromToday(90) })

        const ids = (res: any) => res.data.lots.map((l: any) => l.lot_number)

        const all = await get(`/admin/lots?inventory_item_id=${item.id}`)
        expect(ids(all)).toEqual(["A-OLD", "A-SOON", "B-EMPTY", "A-LATER"])
        expect(all.data.count).toEqual(4)

        expect(ids(await get(`/admin/lots?q=a-soon`))).toEqual(["A-SOON", "A-SOON"])
        expect(ids(await get(`/admin/lots?inventory_item_id=${item.id}&order=-expires_at`))).toEqual(["A-LATER", "B-EMPTY", "A-SOON", "A-OLD"])
        expect(ids(await get(`/admin/lots?status=quarantined`))).toEqual(["A-LATER"])
        expect(ids(await get(`/admin/lots?expired=true`))).toEqual(["A-OLD"])
        expect(ids(await get(`/admin/lots?inventory_item_id=${item.id}&expired=false&has_stock=true`))).toEqual(["A-SOON", "A-LATER"])
        expect(ids(await get(`/admin/lots?has_stock=false`))).toEqual(expect.arrayContaining(["B-EMPTY", "A-SOON"]))
        expect(ids(await get(`/admin/lots?location_id=${lyon.id}`))).toEqual(["A-LATER"])
        expect(ids(await get(`/admin/lots?inventory_item_id=${item.id}&expires_after=${daysFromToday(0)}&expires_before=${daysFromToday(60)}`))).toEqual([
          "A-SOON",
          "B-EMPTY",
        ])

        const page = await get(`/admin/lots?inventory_item_id=${item.id}&limit=2&offset=2`)
        expect(page.data).toEqual(expect.objectContaining({ count: 4, limit: 2, offset: 2 }))
        expect(ids(page)).toEqual(["B-EMPTY", "A-LATER"])

        const soonLot = all.data.lots.find((l: any) => l.id === soon.id)
        expect(soonLot).toEqual(expect.objectContaining({ expiring_soon: true, expired: false, days_until_expiry: 10 }))
        expect(all.data.lots.find((l: any) => l.id === expired.id).expired).toEqual(true)
        expect(all.data.lots.find((l: any) => l.id === empty.id).stocked_quantity).toEqual(0)

        const badOrder = await get(`/admin/lots?order=supplier`)
        expect(badOrder.status).toEqual(400)
        expect(badOrder.data.message).toContain("Cannot order lots by supplier")
      })

      it("reads defaults, saves a policy per item, and uses its warning window", async () => {
        const before = await get(`/admin/lot-tracking/policies/${otherItem.id}`)
        expect(before.data.policy).toEqual({
          inventory_item_id: otherItem.id,
          tracked: false,
          strategy: "fefo",
          min_shelf_life_days: 0,
          expiry_warning_days: 30,
          require_expiry: true,
          serialized: false,
          serial_pattern: "SN-{YYYY}-{SEQ:6}",
          serial_capture: "auto",
          serial_scope: "item",
          is_default: true,
        })
        const saved = await post(`/admin/lot-tracking/policies/${otherItem.id}`, {
          tracked: true,
          strategy: "fifo",
          min_shelf_life_days: 90,
          expiry_warning_days: 120,
        })
        expect(saved.status).toEqual(200)
        expect(saved.data.policy).toEqual(
          expect.objectContaining({ tracked: true, strategy: "fifo", min_shelf_life_days: 90, expiry_warning_days: 120, is_default: false })
        )
        const lot = await post("/admin/lots", { inventory_item_id: otherItem.id, lot_number: "V-1", expires_at: daysFromToday(100) })
        expect(lot.data.lot.expiring_soon).toEqual(true)

        const reset = await post(`/admin/lot-tracking/policies/${otherItem.id}`, { strategy: null })
        expect(reset.data.policy.strategy).toEqual("fefo")

        const bad = await post(`/admin/lot-tracking/policies/${otherItem.id}`, { strategy: "lifo" })
        expect(bad.status).toEqual(400)
        expect(bad.data.message).toContain("strategy must be one of fefo, fifo")
        const unknown = await get(`/admin/lot-tracking/policies/iitem_nope`)
        expect(unknown.status).toEqual(404)
      })
    })

    describe("guards that keep the books right", () => {
      const setPolicy = (itemId: string, body: Record<string, unknown>) => post(`/admin/lot-tracking/policies/${itemId}`, body)

      it("refuses to turn tracking off while the item has lot stock, and allows it once the stock is written off", async () => {
        const container = getContainer()
        const first = await createLot()
        const second = await createLot({ lot_number: "B-1002", receive: [{ location_id: lyon.id, quantity: 12 }] })
        await createLot({ lot_number: "B-EMPTY", receive: [] })

        const before = await databaseState(container)
        const refused = await setPolicy(item.id, { tracked: false })
        expect(refused.status).toEqual(409)
        expect(refused.data.message).toEqual(
          `Inventory item ${item.id} still has 112 units in 2 lots; write off the lot stock (or count it to 0) before turning tracking off.`
        )
        expect(await databaseState(container)).toEqual(before)
        expect((await get(`/admin/lot-tracking/policies/${item.id}`)).data.policy.tracked).toEqual(true)

        expect((await post(`/admin/lots/${first.id}/write-off`, { location_id: paris.id, quantity: 100, reason: "other" })).status).toEqual(200)
        const oneLeft = await setPolicy(item.id, { tracked: false })
        expect(oneLeft.status).toEqual(409)
        expect(oneLeft.data.message).toContain("still has 12 units in 1 lot;")
        expect((await post(`/admin/lots/${second.id}/adjust`, { location_id: lyon.id, quantity: 0, reason: "count" })).status).toEqual(200)

        const off = await setPolicy(item.id, { tracked: false })
        expect(off.status).toEqual(200)
        expect(off.data.policy).toEqual(expect.objectContaining({ tracked: false, is_default: false }))
        await expectInvariant(container, item.id)

        // Only turning tracking off is checked: an item the merchant keeps untracked can still
        // receive lots and have its other settings saved, and turning tracking back on is free.
        await createLot({ lot_number: "B-1003", receive: [{ location_id: paris.id, quantity: 5 }] })
        const edited = await setPolicy(item.id, { tracked: false, strategy: "fifo" })
        expect(edited.status).toEqual(200)
        expect(edited.data.policy).toEqual(expect.objectContaining({ tracked: false, strategy: "fifo" }))
        expect((await setPolicy(item.id, { tracked: true })).status).toEqual(200)
        const again = await setPolicy(item.id, { tracked: false })
        expect(again.status).toEqual(409)
        expect(again.data.message).toContain("still has 5 units in 1 lot")
      })

      it("refuses to turn tracking off while orders hold reserved units or wait for a lot of the item", async () => {
        const service = lotService(getContainer())
        const lot = await createLot({ receive: [] })
        const line = { order_id: "order_guard", inventory_item_id: item.id, location_id: paris.id }
        const reserved = await service.createLotAllocations({ ...line, lot_id: lot.id, line_item_id: "ordli_a", quantity: 3, status: "reserved" } as any)
        // Shipped units are history, not an open allocation: they never block.
        await service.createLotAllocations({ ...line, lot_id: lot.id, line_item_id: "ordli_b", quantity: 4, status: "fulfilled", fulfilled_at: new Date() } as any)
        const [shortfall] = await service.createLotShortfalls([{ ...line, line_item_id: "ordli_c", quantity: 2 }])

        const refused = await setPolicy(item.id, { tracked: false })
        expect(refused.status).toEqual(409)
        expect(refused.data.message).toEqual(
          `Inventory item ${item.id} still has 3 units reserved for orders and 2 units of order lines waiting for a lot; fulfil or cancel the orders holding them before turning tracking off.`
        )
        expect((await get(`/admin/lot-tracking/policies/${item.id}`)).data.policy.tracked).toEqual(true)

        await service.updateLotAllocations({ id: reserved.id, status: "released" })
        const waiting = await setPolicy(item.id, { tracked: false })
        expect(waiting.status).toEqual(409)
        expect(waiting.data.message).toContain(`still has 2 units of order lines waiting for a lot;`)
        expect(waiting.data.message).not.toContain("reserved")

        await service.softDeleteLotShortfalls([shortfall.id])
        const off = await setPolicy(item.id, { tracked: false })
        expect(off.status).toEqual(200)
        expect(off.data.policy.tracked).toEqual(false)
      })

      it("filters lots by location ids holding characters SQL placeholders use", async () => {
        const inParis = await createLot({ lot_number: "P-1" })
        const inLyon = await createLot({ lot_number: "L-1", receive: [{ location_id: lyon.id, quantity: 7 }] })
        const numbers = (res: any) => res.data.lots.map((l: any) => l.lot_number)

        for (const odd of ["a?b", "?", "??", "$1", "a'b", "\\?"]) {
          const res = await get(`/admin/lots?location_id=${encodeURIComponent(odd)}`)
          expect({ odd, status: res.status, lots: res.data.lots, count: res.data.count }).toEqual({ odd, status: 200, lots: [], count: 0 })
        }
        // A placeholder character in a value does not shift the bindings of the other filters.
        const mixed = await get(`/admin/lots?location_id=${encodeURIComponent(`a?b,${lyon.id}`)}&q=${encodeURIComponent("L-")}`)
        expect(mixed.status).toEqual(200)
        expect(numbers(mixed)).toEqual(["L-1"])
        expect(mixed.data.lots[0]).toEqual(expect.objectContaining({ id: inLyon.id, stocked_quantity: 7 }))
        const oddSearch = await get(`/admin/lots?location_id=${paris.id}&q=${encodeURIComponent("?")}`)
        expect([oddSearch.status, numbers(oddSearch)]).toEqual([200, []])

        expect(numbers(await get(`/admin/lots?location_id=${paris.id}`))).toEqual(["P-1"])
        expect(numbers(await get(`/admin/lots?location_id=${lyon.id}`))).toEqual(["L-1"])
        const both = await get(`/admin/lots?location_id=${paris.id},${lyon.id}&order=lot_number`)
        expect(numbers(both)).toEqual(["L-1", "P-1"])
        expect(both.data.lots.find((l: any) => l.id === inParis.id).stocked_quantity).toEqual(100)
      })

      it("splits trace rows into parts without overflowing on the lowest int4 hash", async () => {
        const knex = pg(getContainer())
        const extremes = [-2147483648, -2147483647, -1, 0, 1, 2147483647]
        const parts = async (of: number) =>
          Promise.all(
            extremes.map(async (h) => Number((await knex.raw(`SELECT ${hashPartSql("CAST(? AS int)", of)} AS part`, [h])).rows[0].part))
          )
        expect(await parts(2)).toEqual([0, 1, 1, 0, 1, 1])
        for (const p of await parts(3)) {
          expect([0, 1, 2]).toContain(p)
        }
        // What the old expression did with the same hash.
        await expect(knex.raw(`SELECT abs(CAST(? AS int)) % 2`, [-2147483648])).rejects.toThrow("integer out of range")
        // Real ids land in both parts, each in exactly one.
        const { rows } = await knex.raw(
          `SELECT ${hashPartSql("hashtext(id)", 2)} AS part, count(*)::int AS n
             FROM (SELECT 'lotalc_' || g AS id FROM generate_series(1, 200) g) x GROUP BY 1 ORDER BY 1`
        )
        expect(rows.map((r: any) => Number(r.part))).toEqual([0, 1])
        expect(rows.reduce((sum: number, r: any) => sum + r.n, 0)).toEqual(200)
      })
    })

    describe("bad input is refused with a clear 4xx and changes nothing", () => {
      async function expectRefused(
        request: () => Promise<any>,
        status: number,
        message: string | RegExp
      ) {
        const container = getContainer()
        const before = await databaseState(container)
        const res = await request()
        expect(res.status).toEqual(status)
        if (typeof message === "string") {
          expect(res.data.message).toContain(message)
        } else {
          expect(res.data.message).toMatch(message)
        }
        expect(await databaseState(container)).toEqual(before)
        return res
      }

      it("unknown inventory item", async () => {
        await expectRefused(
          () => post("/admin/lots", { inventory_item_id: "iitem_missing", lot_number: "X", expires_at: daysFromToday(10) }),
          400,
          "Inventory item iitem_missing does not exist"
        )
      })

      it("unknown stock location, on creation and on receipt", async () => {
        await expectRefused(
          () => post("/admin/lots", { inventory_item_id: item.id, lot_number: "X", expires_at: daysFromToday(10), receive: [{ location_id: "sloc_missing", quantity: 1 }] }),
          400,
          "Stock location sloc_missing does not exist"
        )
        const lot = await createLot()
        await expectRefused(() => post(`/admin/lots/${lot.id}/receive`, { location_id: "sloc_missing", quantity: 1 }), 400, "Stock location sloc_missing does not exist")
      })

      it("negative, zero and fractional quantities", async () => {
        const lot = await createLot()
        await expectRefused(() => post(`/admin/lots/${lot.id}/receive`, { location_id: paris.id, quantity: -5 }), 400, "quantity must be greater than 0")
        await expectRefused(() => post(`/admin/lots/${lot.id}/receive`, { location_id: paris.id, quantity: 0 }), 400, "quantity must be greater than 0")
        await expectRefused(() => post(`/admin/lots/${lot.id}/receive`, { location_id: paris.id, quantity: 1.5 }), 400, "quantity must be a whole number of units")
        await expectRefused(() => post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, quantity: 0, reason: "damaged" }), 400, "quantity must be greater than 0")
        await expectRefused(() => post(`/admin/lots/${lot.id}/adjust`, { location_id: paris.id, quantity: -1, reason: "count" }), 400, "quantity must not be negative")
        await expectRefused(
          () => post("/admin/lots", { inventory_item_id: item.id, lot_number: "Q", expires_at: daysFromToday(10), receive: [{ location_id: paris.id, quantity: 2.25 }] }),
          400,
          "quantity must be a whole number of units"
        )
      })

      it("expiry before manufacture, impossible dates and a future manufacture date", async () => {
        await expectRefused(
          () => post("/admin/lots", { inventory_item_id: item.id, lot_number: "D1", manufactured_at: "2026-05-01", expires_at: "2026-04-30" }),
          400,
          "expires_at (2026-04-30) is before manufactured_at (2026-05-01)"
        )
        await expectRefused(
          () => post("/admin/lots", { inventory_item_id: item.id, lot_number: "D2", expires_at: "2027-02-30" }),
          400,
          "expires_at must be a calendar date written YYYY-MM-DD"
        )
        await expectRefused(
          () => post("/admin/lots", { inventory_item_id: item.id, lot_number: "D3", manufactured_at: daysFromToday(5), expires_at: daysFromToday(400) }),
          400,
          "is in the future"
        )
        const lot = await createLot()
        await expectRefused(() => post(`/admin/lots/${lot.id}`, { expires_at: daysFromToday(-400) }), 400, "is before manufactured_at")
      })

      it("a receipt of an already expired lot without allow_expired", async () => {
        await expectRefused(
          () => post("/admin/lots", { inventory_item_id: item.id, lot_number: "E1", expires_at: daysFromToday(-1), receive: [{ location_id: paris.id, quantity: 5 }] }),
          400,
          "receiving expired stock is refused unless allow_expired is true"
        )
        const lot = await createLot({ lot_number: "E2", expires_at: daysFromToday(-2), allow_expired: true })
        await expectRefused(() => post(`/admin/lots/${lot.id}/receive`, { location_id: paris.id, quantity: 5 }), 400, "allow_expired")
      })

      it("a missing expiry date when the policy requires one", async () => {
        await expectRefused(() => post("/admin/lots", { inventory_item_id: item.id, lot_number: "NOEXP" }), 400, "expires_at is required")
      })

      it("a duplicate lot number for the same item, also when two requests race", async () => {
        await createLot({ lot_number: "DUP-1" })
        await expectRefused(() => post("/admin/lots", { inventory_item_id: item.id, lot_number: "DUP-1", expires_at: daysFromToday(10) }), 422, "Lot number DUP-1 already exists")
        const before = await databaseState(getContainer())
        const raced = await Promise.all(
          Array.from({ length: 6 }, () => post("/admin/lots", { inventory_item_id: item.id, lot_number: "DUP-2", expires_at: daysFromToday(10), receive: [{ location_id: paris.id, quantity: 1 }] }))
        )
        expect(raced.filter((r) => r.status === 201)).toHaveLength(1)
        for (const r of raced.filter((r) => r.status !== 201)) {
          expect(r.status).toEqual(422)
          expect(r.data.message).toContain("DUP-2 already exists")
        }
        const after = await databaseState(getContainer())
        expect(after.lots).toEqual(before.lots + 1)
        expect(after.movements).toEqual(before.movements + 1)
        await expectInvariant(getContainer(), item.id)
      })

      it("over-long lot numbers and control characters", async () => {
        await expectRefused(() => post("/admin/lots", { inventory_item_id: item.id, lot_number: "L".repeat(65), expires_at: daysFromToday(10) }), 400, "at most 64 characters")
        await expectRefused(() => post("/admin/lots", { inventory_item_id: item.id, lot_number: "AB\tC", expires_at: daysFromToday(10) }), 400, "control characters")
        await expectRefused(() => post("/admin/lots", { inventory_item_id: item.id, lot_number: "AB\nC", expires_at: daysFromToday(10) }), 400, "control characters")
        await expectRefused(() => post("/admin/lots", { inventory_item_id: item.id, lot_number: "", expires_at: daysFromToday(10) }), 400, "must not be empty")
      })

      it("taking more than is available: transfer, write-off, and counting below reserved units", async () => {
        const container = getContainer()
        const lot = await createLot()
        await expectRefused(
          () => post(`/admin/lots/${lot.id}/transfer`, { from_location_id: paris.id, to_location_id: lyon.id, quantity: 101 }),
          400,
          "has only 100 units available"
        )
        await expectRefused(() => post(`/admin/lots/${lot.id}/write-off`, { location_id: lyon.id, quantity: 1, reason: "damaged" }), 400, "has only 0 units available")
        await expectRefused(() => post(`/admin/lots/${lot.id}/transfer`, { from_location_id: paris.id, to_location_id: paris.id, quantity: 1 }), 400, "must differ")
        // Units promised to orders are not available to move or count away.
        await lotService(container).applyStockChanges([{ lot_id: lot.id, location_id: paris.id, stocked: 0, reserved: 60 }])
        await expectRefused(() => post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, quantity: 41, reason: "damaged" }), 400, "has only 40 units available")
        await expectRefused(() => post(`/admin/lots/${lot.id}/adjust`, { location_id: paris.id, quantity: 59, reason: "count" }), 400, "60 units of this lot are reserved")
      })

      it("deleting a lot that moved, and an unknown lot", async () => {
        const lot = await createLot()
        const res = await expectRefused(() => api.delete(`/admin/lots/${lot.id}`, { headers }).catch((e) => e.response), 400, "cannot be deleted")
        expect(res.data.message).toContain("B-1001")
        await expectRefused(() => get(`/admin/lots/lot_missing`), 404, "Lot lot_missing was not found")
        await expectRefused(() => post(`/admin/lots/lot_missing/receive`, { location_id: paris.id, quantity: 1 }), 404, "Lot lot_missing was not found")
      })

      it("unknown fields and a wrong write-off reason", async () => {
        const lot = await createLot()
        await expectRefused(() => post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, quantity: 1, reason: "lost" }), 400, "reason must be one of expired, damaged, recalled, other")
        await expectRefused(() => post(`/admin/lots/${lot.id}/receive`, { location_id: paris.id, quantity: 1, qty: 2 }), 400, /qty/)
      })

      it("unauthenticated calls", async () => {
        const lot = await createLot()
        await expectRefused(() => api.get("/admin/lots").catch((e) => e.response), 401, "Unauthorized")
        await expectRefused(() => api.post(`/admin/lots/${lot.id}/receive`, { location_id: paris.id, quantity: 1 }).catch((e) => e.response), 401, "Unauthorized")
        await expectRefused(() => api.post(`/admin/lots`, { inventory_item_id: item.id, lot_number: "Z" }).catch((e) => e.response), 401, "Unauthorized")
      })
    })
  },
})
