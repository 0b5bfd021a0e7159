import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { daysFromToday, expectInvariant, invariantFor, receiveLot, seedLotTestStore } from "../helpers/fixtures"
import { waitFor } from "../helpers/race"
import type { DemoStore } from "../../src/scripts/demo/store"

jest.setTimeout(240 * 1000)

/**
 * Auto-hold on arrival (docs/RECALLS.md, "Incoming lots that match an open
 * recall"): a lot received, imported or opened as a balance whose lot number
 * or supplier code matches, after normalisation, a lot of the same item under
 * an open recall is quarantined before its units are for sale.
 */
medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: Record<string, string>
    let paris: { id: string }
    let rotterdam: { id: string }
    let shampoo: DemoStore["products"][number]
    let vitamin: DemoStore["products"][number]
    let recalled: { id: string }
    let lookalike: { id: string }
    let recall: { id: string; reference: string }

    const get = (url: string) => api.get(url, { headers: admin }).catch((e) => e.response)
    const post = (url: string, body: unknown) => api.post(url, body, { headers: admin }).catch((e) => e.response)
    const knex = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any

    const movementsOf = async (lotId: string) => (await get(`/admin/lots/${lotId}/movements`)).data.movements as any[]
    const holdNotifications = async () =>
      (await knex().raw(`SELECT resource_id, channel, data FROM notification WHERE trigger_type = 'lot.held_by_recall' ORDER BY created_at`)).rows as any[]
    /** The plugin's hold at a location (Medusa units held back from sale). */
    const holdAt = async (itemId: string, locationId: string) =>
      (await invariantFor(getContainer(), itemId)).find((r) => r.location_id === locationId)?.hold ?? 0

    beforeEach(async () => {
      const container = getContainer()
      const seeded = await seedLotTestStore(container)
      ;({ admin, paris, rotterdam } = seeded)
      shampoo = seeded.product("SHAMPOO-ARGAN-250")
      vitamin = seeded.product("VITC-1000-60")
      const lot = (lot_number: string, extra: Record<string, unknown> = {}) =>
        receiveLot(container, {
          inventory_item_id: shampoo.inventoryItemId,
          lot_number,
          expires_in_days: 300,
          location_id: paris.id,
          quantity: 5,
          ...extra,
        })
      recalled = await lot("LOT-2025-001", { supplier: "Durand", supplier_lot_code: "SUP A1" })
      // Received before the recall, written another way: the same batch, not (yet) under the recall.
      lookalike = await lot("LOT_2025_001")
      const opened = await post("/admin/recalls", { lot_ids: [recalled.id], reason: "Pump contamination" })
      expect(opened.status).toEqual(201)
      recall = opened.data.recall
    })

    it("quarantines a received lot whose number or supplier code matches a recalled lot, holds its units, and says why", async () => {
      const container = getContainer()
      const heldBefore = await holdAt(shampoo.inventoryItemId, paris.id)

      // Typed another way on the delivery note: the same batch.
      const res = await post("/admin/lots", {
        inventory_item_id: shampoo.inventoryItemId,
        lot_number: "lot 2025.001",
        expires_at: daysFromToday(300),
        receive: [{ location_id: paris.id, quantity: 10 }],
      })
      expect(res.status).toEqual(201)
      expect(res.data.lot).toEqual(expect.objectContaining({ lot_number: "lot 2025.001", status: "quarantined", stocked_quantity: 10 }))
      expect(res.data.held_by_recall).toEqual({
        recall_id: recall.id,
        reference: recall.reference,
        matched_lot_number: "LOT-2025-001",
        matched_on: "lot_number",
      })
      // Its units were never for sale: the hold took them with the receipt.
      expect(await holdAt(shampoo.inventoryItemId, paris.id)).toEqual(heldBefore + 10)
      const ledger = await movementsOf(res.data.lot.id)
      expect(ledger.map((m) => [m.type, m.quantity])).toEqual(expect.arrayContaining([["quarantined", 0], ["received", 10]]))
      const hold = ledger.find((m) => m.type === "quarantined")
      expect(hold).toEqual(
        expect.objectContaining({
          location_id: null,
          reference_type: "recall",
          reference_id: recall.id,
          actor_id: expect.any(String),
          reason: expect.stringContaining(recall.reference),
          metadata: expect.objectContaining({ recall_reference: recall.reference, matched_lot_number: "LOT-2025-001", matched_on: "lot_number" }),
        })
      )
      const notes = await holdNotifications()
      expect(notes).toEqual([expect.objectContaining({ resource_id: res.data.lot.id, channel: "feed" })])
      expect(notes[0].data.title).toContain(recall.reference)

      // The supplier's code matches too (either code against either code).
      const bySupplier = await post("/admin/lots", {
        inventory_item_id: shampoo.inventoryItemId,
        lot_number: "NEW-7",
        supplier: "Other",
        supplier_lot_code: "sup-a1",
        expires_at: daysFromToday(300),
      })
      expect(bySupplier.status).toEqual(201)
      expect(bySupplier.data.lot.status).toEqual("quarantined")
      expect(bySupplier.data.held_by_recall).toEqual(expect.objectContaining({ recall_id: recall.id, matched_on: "supplier_lot_code" }))

      // A delivery into an existing lot of the same batch: the lot is held before the units land.
      const more = await post(`/admin/lots/${lookalike.id}/receive`, { location_id: paris.id, quantity: 3 })
      expect(more.status).toEqual(200)
      expect(more.data.lot.status).toEqual("quarantined")
      expect(more.data.held_by_recall).toEqual(expect.objectContaining({ recall_id: recall.id, matched_lot_number: "LOT-2025-001" }))
      expect(await holdAt(shampoo.inventoryItemId, paris.id)).toEqual(heldBefore + 10 + 5 + 3)
      // Staff checked it and released it: a later delivery does not overrule them.
      expect((await post(`/admin/lots/${lookalike.id}/release`, { reason: "different batch, checked" })).status).toEqual(200)
      const again = await post(`/admin/lots/${lookalike.id}/receive`, { location_id: paris.id, quantity: 2 })
      expect([again.data.lot.status, again.data.held_by_recall]).toEqual(["active", null])

      // The same code on ANOTHER item, and a code that only resembles it, are not held.
      const otherItem = await post("/admin/lots", {
        inventory_item_id: vitamin.inventoryItemId,
        lot_number: "LOT-2025-001",
        expires_at: daysFromToday(300),
        receive: [{ location_id: paris.id, quantity: 4 }],
      })
      expect([otherItem.status, otherItem.data.lot.status, otherItem.data.held_by_recall]).toEqual([201, "active", null])
      const near = await post("/admin/lots", {
        inventory_item_id: shampoo.inventoryItemId,
        lot_number: "LOT-2025-0010",
        expires_at: daysFromToday(300),
        receive: [{ location_id: paris.id, quantity: 1 }],
      })
      expect([near.data.lot.status, near.data.held_by_recall]).toEqual(["active", null])
      expect(await holdNotifications()).toHaveLength(3)

      await expectInvariant(container, shampoo.inventoryItemId)
      await expectInvariant(container, vitamin.inventoryItemId)
    })

    it("holds nothing once the recall is closed", async () => {
      expect((await post(`/admin/recalls/${recall.id}/close`, {})).status).toEqual(200)
      const res = await post("/admin/lots", {
        inventory_item_id: shampoo.inventoryItemId,
        lot_number: "lot2025001",
        expires_at: daysFromToday(300),
        receive: [{ location_id: paris.id, quantity: 2 }],
      })
      expect(res.status).toEqual(201)
      expect([res.data.lot.status, res.data.held_by_recall]).toEqual(["active", null])
      expect((await movementsOf(res.data.lot.id)).map((m) => m.type)).toEqual(["received"])
      expect(await holdNotifications()).toEqual([])
      await expectInvariant(getContainer(), shampoo.inventoryItemId)
    })

    it("holds matching lots of a CSV import and of an opening balance", async () => {
      const container = getContainer()
      const csv = [
        "SKU,Location,lot_number,supplier_lot_code,expires_at,quantity",
        `SHAMPOO-ARGAN-250,Paris Warehouse,Lot/2025/001,,${daysFromToday(200)},8`,
        `SHAMPOO-ARGAN-250,Paris Warehouse,CLEAN-1,,${daysFromToday(200)},4`,
      ].join("\n")
      const preview = await post("/admin/lot-tracking/imports", { csv, mode: "receive" })
      expect(preview.status).toEqual(201)
      expect(preview.data.import.error_count).toEqual(0)
      expect((await post(`/admin/lot-tracking/imports/${preview.data.import.id}/confirm`, {})).status).toEqual(202)
      const done = await waitFor(async () => {
        const r = await get(`/admin/lot-tracking/imports/${preview.data.import.id}`)
        return ["done", "failed"].includes(r.data.import.status) ? r.data.import : null
      }, "the import")
      expect(done.status).toEqual("done")
      const { rows } = await knex().raw(`SELECT id, lot_number, status FROM lot WHERE lot_number IN ('Lot/2025/001', 'CLEAN-1') ORDER BY lot_number`)
      expect(rows.map((r: any) => [r.lot_number, r.status])).toEqual([
        ["CLEAN-1", "active"],
        ["Lot/2025/001", "quarantined"],
      ])
      const imported = rows.find((r: any) => r.lot_number === "Lot/2025/001")
      expect((await movementsOf(imported.id)).find((m) => m.type === "quarantined")).toEqual(
        expect.objectContaining({ reference_type: "recall", reference_id: recall.id })
      )
      await expectInvariant(container, shampoo.inventoryItemId)

      // Opening balance: units Medusa already counts at Rotterdam go into a lot of the recalled batch.
      await container.resolve(Modules.INVENTORY).createInventoryLevels([
        { inventory_item_id: shampoo.inventoryItemId, location_id: rotterdam.id, stocked_quantity: 6 },
      ])
      const opened = await post("/admin/lot-tracking/opening-balance", {
        inventory_item_id: shampoo.inventoryItemId,
        location_id: rotterdam.id,
        lots: [{ lot_number: "LOT 2025 001", expires_at: daysFromToday(250), quantity: 6 }],
      })
      expect(opened.status).toEqual(200)
      expect(opened.data.lots[0]).toEqual(expect.objectContaining({ lot_number: "LOT 2025 001", status: "quarantined" }))
      expect(opened.data.held_by_recall).toEqual([expect.objectContaining({ lot_id: opened.data.lots[0].id, recall_id: recall.id })])
      // The 6 units were sellable in Medusa before; now they are held.
      expect(await holdAt(shampoo.inventoryItemId, rotterdam.id)).toEqual(6)
      expect((await holdNotifications()).map((n) => n.resource_id).sort()).toEqual([imported.id, opened.data.lots[0].id].sort())
      await expectInvariant(container, shampoo.inventoryItemId)
    })
  },
})
