import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { databaseState, daysFromToday, expectInvariant, receiveLot, seedLotTestStore } from "../helpers/fixtures"
import type { DemoStore } from "../../src/scripts/demo/store"

jest.setTimeout(240 * 1000)

/**
 * Edits of a lot are ledgered (`edited` lines with each changed field's
 * before and after, and the admin), an expiry the item's policy requires
 * cannot be cleared, and the public recall lookup answers only for the
 * products of the caller's sales channels.
 */
medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let adminUser: { id: string }
    let paris: { id: string }
    let shampoo: DemoStore["products"][number]
    let vitamin: DemoStore["products"][number]

    const get = (url: string, headers = admin) => api.get(url, { headers }).catch((e) => e.response)
    const post = (url: string, body: unknown, headers = admin) => api.post(url, body, { headers }).catch((e) => e.response)
    const ledger = async (lotId: string) => (await get(`/admin/lots/${lotId}/movements`)).data.movements as any[]

    beforeEach(async () => {
      const seeded = await seedLotTestStore(getContainer())
      ;({ store, admin, adminUser, paris } = seeded)
      shampoo = seeded.product("SHAMPOO-ARGAN-250")
      vitamin = seeded.product("VITC-1000-60")
    })

    const newLot = (inventory_item_id: string, lot_number: string, extra: Record<string, unknown> = {}) =>
      receiveLot(getContainer(), {
        inventory_item_id,
        lot_number,
        expires_in_days: 300,
        manufactured_at: daysFromToday(-20),
        location_id: paris.id,
        quantity: 5,
        ...extra,
      } as any)

    it("writes one edited line per update that changes a field, with the admin and each field's before and after", async () => {
      const container = getContainer()
      const lot = await newLot(shampoo.inventoryItemId, "ED-1", { supplier: "Acme", origin: "Grasse, FR" })
      const expiry = daysFromToday(300)
      const later = daysFromToday(330)

      // A real change of two fields; the fields sent unchanged are not listed.
      const res = await post(`/admin/lots/${lot.id}`, { lot_number: "ED-1", expires_at: later, supplier: "Beta", origin: "Grasse, FR" })
      expect(res.status).toEqual(200)
      expect(res.data.lot).toEqual(expect.objectContaining({ expires_at: later, supplier: "Beta" }))
      const [edit] = await ledger(lot.id)
      expect(edit).toEqual(
        expect.objectContaining({
          type: "edited",
          quantity: 0,
          location_id: null,
          actor_id: adminUser.id,
          metadata: {
            changes: [
              { field: "expires_at", before: expiry, after: later },
              { field: "supplier", before: "Acme", after: "Beta" },
            ],
          },
        })
      )

      // Nothing really changed, or only metadata: no ledger line.
      const count = (await ledger(lot.id)).length
      expect((await post(`/admin/lots/${lot.id}`, { expires_at: later, supplier: "Beta" })).status).toEqual(200)
      expect((await post(`/admin/lots/${lot.id}`, { metadata: { pallet: "P-4" } })).status).toEqual(200)
      expect(await ledger(lot.id)).toHaveLength(count)

      // The number and the supplier's code: one line, both fields; a cleared value reads null.
      expect((await post(`/admin/lots/${lot.id}`, { lot_number: "ED-1B", supplier_lot_code: "S-9", origin: null })).status).toEqual(200)
      const [second] = await ledger(lot.id)
      expect(second.metadata.changes).toEqual([
        { field: "lot_number", before: "ED-1", after: "ED-1B" },
        { field: "supplier_lot_code", before: null, after: "S-9" },
        { field: "origin", before: "Grasse, FR", after: null },
      ])
      expect((await ledger(lot.id)).map((m) => m.type)).toEqual(["edited", "edited", "received"])

      // A refused edit changes nothing and writes nothing.
      const before = await databaseState(container)
      const bad = await post(`/admin/lots/${lot.id}`, { manufactured_at: daysFromToday(400) })
      expect([bad.status, bad.data.message]).toEqual([400, expect.stringContaining("is before manufactured_at")])
      expect(await databaseState(container)).toEqual(before)

      // A mistyped lot that never held stock can still be deleted after an edit.
      const typo = await post("/admin/lots", { inventory_item_id: shampoo.inventoryItemId, lot_number: "TYPO", expires_at: expiry })
      expect((await post(`/admin/lots/${typo.data.lot.id}`, { supplier: "Acme" })).status).toEqual(200)
      expect((await api.delete(`/admin/lots/${typo.data.lot.id}`, { headers: admin }).catch((e) => e.response)).status).toEqual(200)

      await expectInvariant(container, shampoo.inventoryItemId)
    })

    it("refuses to leave a lot without an expiry date where the item's policy requires one", async () => {
      const container = getContainer()
      // This app's options require an expiry (medusa-config.ts).
      const lot = await newLot(shampoo.inventoryItemId, "EXP-1")
      const before = await databaseState(container)
      const cleared = await post(`/admin/lots/${lot.id}`, { expires_at: null })
      expect(cleared.status).toEqual(400)
      expect(cleared.data.message).toEqual(
        `expires_at is required: the tracking policy of inventory item ${shampoo.inventoryItemId} requires an expiry date on every lot; it cannot be cleared`
      )
      expect(await databaseState(container)).toEqual(before)

      // A lot received while the item did not require one: an edit must give it an expiry.
      expect((await post(`/admin/lot-tracking/policies/${vitamin.inventoryItemId}`, { require_expiry: false })).status).toEqual(200)
      const legacy = await post("/admin/lots", {
        inventory_item_id: vitamin.inventoryItemId,
        lot_number: "OLD-1",
        receive: [{ location_id: paris.id, quantity: 3 }],
      })
      expect([legacy.status, legacy.data.lot.expires_at]).toEqual([201, null])
      // Without the requirement, clearing is fine.
      expect((await post(`/admin/lots/${legacy.data.lot.id}`, { expires_at: null })).status).toEqual(200)
      expect((await post(`/admin/lot-tracking/policies/${vitamin.inventoryItemId}`, { require_expiry: true })).status).toEqual(200)
      const stillNone = await post(`/admin/lots/${legacy.data.lot.id}`, { supplier: "Acme" })
      expect([stillNone.status, stillNone.data.message]).toEqual([400, expect.stringContaining("lot OLD-1 has none, set expires_at with this change")])
      const fixed = await post(`/admin/lots/${legacy.data.lot.id}`, { supplier: "Acme", expires_at: daysFromToday(90) })
      expect([fixed.status, fixed.data.lot.supplier]).toEqual([200, "Acme"])
      expect((await ledger(legacy.data.lot.id))[0].metadata.changes.map((c: any) => c.field)).toEqual(["expires_at", "supplier"])

      await expectInvariant(container, shampoo.inventoryItemId)
      await expectInvariant(container, vitamin.inventoryItemId)
    })

    it("answers the public recall lookup only for products of the caller's sales channels", async () => {
      const container = getContainer()
      // A second storefront (wholesale) that sells the vitamins only, and a key with no channel.
      const channel = await post("/admin/sales-channels", { name: "Wholesale" })
      expect(channel.status).toEqual(200)
      const wholesaleChannel = channel.data.sales_channel.id
      expect((await post(`/admin/sales-channels/${wholesaleChannel}/products`, { add: [vitamin.productId] })).status).toEqual(200)
      const key = async (title: string, channels: string[]) => {
        const created = await post("/admin/api-keys", { title, type: "publishable" })
        expect(created.status).toEqual(200)
        if (channels.length) {
          expect((await post(`/admin/api-keys/${created.data.api_key.id}/sales-channels`, { add: channels })).status).toEqual(200)
        }
        return { "x-publishable-api-key": created.data.api_key.token }
      }
      const retail = { "x-publishable-api-key": store.publishableKey }
      const wholesale = await key("Wholesale storefront", [wholesaleChannel])
      const bare = await key("No channel", [])

      // One lot number printed on two products, both recalled; and a shampoo-only lot.
      const shampooLot = await newLot(shampoo.inventoryItemId, "PUB-1")
      const vitaminLot = await newLot(vitamin.inventoryItemId, "PUB-1")
      const shampooOnly = await newLot(shampoo.inventoryItemId, "PUB-2")
      for (const lot of [shampooLot, vitaminLot, shampooOnly]) {
        expect((await post("/admin/recalls", { lot_ids: [lot.id], reason: "Internal", public_reason: "Do not use" })).status).toEqual(201)
      }
      const titles = (data: any) => data.recalls.flatMap((r: any) => r.products.map((p: any) => p.sku)).sort()

      // The retail storefront sells both products (the vitamins are in both channels).
      const both = await get(`/store/lot-recalls?lot_number=PUB-1`, retail)
      expect([both.status, both.data.recalled, titles(both.data)]).toEqual([200, true, ["SHAMPOO-ARGAN-250", "VITC-1000-60"]])
      // The wholesale storefront sees only its own product's recall.
      const mine = await get(`/store/lot-recalls?lot_number=PUB-1`, wholesale)
      expect([mine.status, mine.data.recalled, mine.data.recalls.length, titles(mine.data)]).toEqual([200, true, 1, ["VITC-1000-60"]])
      expect(JSON.stringify(mine.data)).not.toContain("Shampoo")
      // Another channel's lot is not disclosed: the answer is "not recalled".
      expect((await get(`/store/lot-recalls?lot_number=PUB-2`, wholesale)).data).toEqual({ lot_number: "PUB-2", recalled: false, recalls: [] })
      expect((await get(`/store/lot-recalls?lot_number=PUB-2`, retail)).data.recalled).toEqual(true)
      // A key without sales channels sees nothing.
      expect((await get(`/store/lot-recalls?lot_number=PUB-1`, bare)).data).toEqual({ lot_number: "PUB-1", recalled: false, recalls: [] })

      await expectInvariant(container, shampoo.inventoryItemId)
      await expectInvariant(container, vitamin.inventoryItemId)
    })
  },
})
