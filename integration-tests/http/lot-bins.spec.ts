import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createAdminUser } from "../helpers/admin"
import { createInventoryItem, createLocation, databaseState, daysFromToday, expectInvariant } from "../helpers/fixtures"
import { lotService } from "../../src/modules/lot_tracking/resolve"

jest.setTimeout(120 * 1000)

/** Bins per location of a lot, straight from the table. */
async function bins(container: MedusaContainer, lotId: string) {
  const { rows } = await (container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any).raw(
    `SELECT location_id, bin, stocked_quantity FROM lot_stock WHERE lot_id = ? ORDER BY location_id`,
    [lotId]
  )
  return Object.fromEntries(rows.map((r: any) => [r.location_id, [r.bin, r.stocked_quantity]]))
}

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

    const createLot = (body: Record<string, unknown>) =>
      post("/admin/lots", {
        inventory_item_id: item.id,
        expires_at: daysFromToday(365),
        receive: [{ location_id: paris.id, quantity: 10 }],
        ...body,
      })

    describe("supplier lot codes", () => {
      it("keeps the supplier's code beside the lot number, unique per item and supplier only", async () => {
        const container = getContainer()
        const first = await createLot({ lot_number: "B-1", supplier: "Acme", supplier_lot_code: "S-77" })
        expect(first.status).toEqual(201)
        expect(first.data.lot).toEqual(expect.objectContaining({ lot_number: "B-1", supplier: "Acme", supplier_lot_code: "S-77" }))

        // The same code from the same supplier (any case) for the same item: refused, naming the lot that has it.
        const before = await databaseState(container)
        const clash = await createLot({ lot_number: "B-2", supplier: "ACME", supplier_lot_code: "S-77" })
        expect(clash.status).toEqual(400)
        expect(clash.data.message).toEqual(
          `Supplier lot code S-77 from supplier ACME is already on lot B-1 (${first.data.lot.id}) of this inventory item; a supplier code is unique per item and supplier`
        )
        expect(await databaseState(container)).toEqual(before)

        // Another item, another supplier, or no supplier: the same code is fine.
        expect((await createLot({ inventory_item_id: otherItem.id, lot_number: "V-1", supplier: "Acme", supplier_lot_code: "S-77" })).status).toEqual(201)
        expect((await createLot({ lot_number: "B-3", supplier: "Durand", supplier_lot_code: "S-77" })).status).toEqual(201)
        const plain = await createLot({ lot_number: "B-4", supplier_lot_code: "S-77" })
        expect(plain.status).toEqual(201)
        expect((await createLot({ lot_number: "B-5", supplier_lot_code: "S-77" })).status).toEqual(400)

        // Updates: a code or a supplier that would clash is refused; clearing is fine.
        const upd = await post(`/admin/lots/${plain.data.lot.id}`, { supplier: "acme" })
        expect([upd.status, upd.data.message]).toEqual([400, expect.stringContaining("is already on lot B-1")])
        expect((await post(`/admin/lots/${plain.data.lot.id}`, { supplier_lot_code: null })).data.lot.supplier_lot_code).toBeNull()
        expect((await post(`/admin/lots/${plain.data.lot.id}`, { supplier: "acme", supplier_lot_code: "S-78" })).status).toEqual(200)
        expect((await post(`/admin/lots/${plain.data.lot.id}`, { supplier_lot_code: "x".repeat(101) })).status).toEqual(400)

        // Two receipts claiming one code at once: the unique index decides, the loser gets the same 400.
        const raced = await Promise.all([
          createLot({ lot_number: "R-1", supplier: "Race", supplier_lot_code: "RC-1" }),
          createLot({ lot_number: "R-2", supplier: "Race", supplier_lot_code: "RC-1" }),
        ])
        expect(raced.map((r) => r.status).sort()).toEqual([201, 400])
        expect(raced.find((r) => r.status === 400)!.data.message).toContain("Supplier lot code RC-1 from supplier Race is already on lot R-")

        // q finds either number; the exact filter finds the code.
        const byQ = (await get("/admin/lots?q=s-7")).data.lots.map((l: any) => l.lot_number).sort()
        expect(byQ).toEqual(["B-1", "B-3", "B-4", "V-1"])
        expect((await get("/admin/lots?q=B-1")).data.lots.map((l: any) => l.lot_number)).toEqual(["B-1"])
        const exact = (await get(`/admin/lots?supplier_lot_code=S-77&inventory_item_id=${item.id}`)).data.lots.map((l: any) => l.lot_number).sort()
        expect(exact).toEqual(["B-1", "B-3"])
        await expectInvariant(container, item.id)
      })

      it("tells the admin where a GS1 scan's AI 10 goes", async () => {
        const res = await get("/admin/lot-tracking/settings")
        expect(res.status).toEqual(200)
        expect(res.data.settings).toEqual({
          gs1_lot_is_supplier_code: false,
          time_zone: "UTC",
          default_strategy: "fefo",
          // The development app's options (medusa-config.ts).
          require_expiry: true,
          expiry_warning_days: 30,
          min_shelf_life_days: 0,
        })
      })
    })

    describe("bins", () => {
      it("sets the bin at receipt, moves it by put-away and receipt, follows transfers, and filters by it", async () => {
        const container = getContainer()
        const created = await createLot({ lot_number: "B-1", receive: [{ location_id: paris.id, quantity: 10, bin: "A-01" }] })
        expect(created.status).toEqual(201)
        const lot = created.data.lot
        expect(lot.stock).toEqual([expect.objectContaining({ location_id: paris.id, bin: "A-01", stocked_quantity: 10 })])
        const movementsOf = async () => (await get(`/admin/lots/${lot.id}/movements`)).data.movements

        // Receiving into another bin moves the lot's units there too: a put-away on the ledger.
        const received = await post(`/admin/lots/${lot.id}/receive`, { location_id: paris.id, quantity: 5, bin: "B-02" })
        expect(received.status).toEqual(200)
        expect(received.data.lot.stock[0]).toEqual(expect.objectContaining({ bin: "B-02", stocked_quantity: 15 }))
        const [putAway] = (await movementsOf()).filter((m: any) => m.type === "put_away")
        expect(putAway).toEqual(expect.objectContaining({ quantity: 0, location_id: paris.id, metadata: { from_bin: "A-01", to_bin: "B-02" } }))

        // Put-away: the bin moves, nothing else does.
        const moved = await post(`/admin/lots/${lot.id}/put-away`, { location_id: paris.id, bin: "C-03" })
        expect(moved.status).toEqual(200)
        expect(moved.data.lot.stock[0]).toEqual(expect.objectContaining({ bin: "C-03", stocked_quantity: 15 }))
        const putAways = (await movementsOf()).filter((m: any) => m.type === "put_away")
        expect(putAways[0]).toEqual(expect.objectContaining({ quantity: 0, actor_id: expect.any(String), metadata: { from_bin: "B-02", to_bin: "C-03" } }))
        // The same bin again records nothing.
        expect((await post(`/admin/lots/${lot.id}/put-away`, { location_id: paris.id, bin: "C-03" })).status).toEqual(200)
        expect((await movementsOf()).filter((m: any) => m.type === "put_away")).toHaveLength(2)

        // Bad put-aways change nothing.
        const before = await databaseState(container)
        const noStock = await post(`/admin/lots/${lot.id}/put-away`, { location_id: lyon.id, bin: "L-1" })
        expect([noStock.status, noStock.data.message]).toEqual([404, `Lot B-1 has no stock at location ${lyon.id}; receive or transfer units there first`])
        const tooLong = await post(`/admin/lots/${lot.id}/put-away`, { location_id: paris.id, bin: "x".repeat(33) })
        expect([tooLong.status, tooLong.data.message]).toEqual([400, expect.stringContaining("bin must be at most 32 characters")])
        expect((await post(`/admin/lots/${lot.id}/put-away`, { location_id: paris.id, bin: "  " })).status).toEqual(400)
        expect((await post(`/admin/lots/lot_missing/put-away`, { location_id: paris.id, bin: "X" })).status).toEqual(404)
        const badReceive = await post(`/admin/lots/${lot.id}/receive`, { location_id: paris.id, quantity: 1, bin: "y".repeat(40) })
        expect(badReceive.status).toEqual(400)
        expect(await databaseState(container)).toEqual(before)
        expect(await bins(container, lot.id)).toEqual({ [paris.id]: ["C-03", 15] })

        // A transfer sets the bin at the destination; the source keeps its own.
        const transferred = await post(`/admin/lots/${lot.id}/transfer`, { from_location_id: paris.id, to_location_id: lyon.id, quantity: 4, to_bin: "L-07" })
        expect(transferred.status).toEqual(200)
        expect(await bins(container, lot.id)).toEqual({ [paris.id]: ["C-03", 11], [lyon.id]: ["L-07", 4] })

        // Lists filter by bin, at the locations asked for.
        await createLot({ lot_number: "B-2", receive: [{ location_id: paris.id, quantity: 3, bin: "L-07" }] })
        const numbers = async (query: string) => (await get(`/admin/lots?${query}`)).data.lots.map((l: any) => l.lot_number).sort()
        expect(await numbers("bin=L-07")).toEqual(["B-1", "B-2"])
        expect(await numbers(`bin=L-07&location_id=${lyon.id}`)).toEqual(["B-1"])
        expect(await numbers(`bin=C-03&location_id=${lyon.id}`)).toEqual([])
        expect(await numbers("bin=C-03,L-07")).toEqual(["B-1", "B-2"])

        // Null clears the bin.
        const cleared = await post(`/admin/lots/${lot.id}/put-away`, { location_id: lyon.id, bin: null })
        expect(cleared.data.lot.stock.find((s: any) => s.location_id === lyon.id).bin).toBeNull()
        await expectInvariant(container, item.id)
      })

      it("puts the bin back when a receipt fails half-way", async () => {
        const container = getContainer()
        const lot = (await createLot({ lot_number: "B-1", receive: [{ location_id: paris.id, quantity: 10, bin: "A-01" }] })).data.lot
        const before = await databaseState(container)
        const spy = jest.spyOn(lotService(container), "planShortfallFills").mockImplementationOnce(async () => {
          throw new Error("settling failed")
        })
        const res = await post(`/admin/lots/${lot.id}/receive`, { location_id: paris.id, quantity: 5, bin: "Z-99" })
        spy.mockRestore()
        expect(res.status).toBeGreaterThanOrEqual(400)
        expect(await databaseState(container)).toEqual(before)
        expect(await bins(container, lot.id)).toEqual({ [paris.id]: ["A-01", 10] })
        expect((await get(`/admin/lots/${lot.id}/movements`)).data.movements.map((m: any) => m.type)).toEqual(["received"])
        await expectInvariant(container, item.id)
      })
    })
  },
})
