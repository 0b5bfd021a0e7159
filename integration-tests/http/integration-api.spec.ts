import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createAdminUser } from "../helpers/admin"
import { databaseState, expectInvariant, invariantFor, lotStock, receiveLotThroughApi, seedLotTestStore } from "../helpers/fixtures"
import { fulfillOrder, placeOrder, recordEvents } from "../helpers/orders"
import { waitFor } from "../helpers/race"
import type { DemoStore } from "../../src/scripts/demo/store"
import { idempotencyLockKey } from "../../src/api/utils/idempotency"
import { lotService } from "../../src/modules/lot_tracking/resolve"
import { allocateOrderLotsWorkflow } from "../../src/workflows/allocate-order-lots"
import { ALL_LOT_EVENTS } from "../../src/lib/lot-events"

jest.setTimeout(240 * 1000)

const knex = (container: MedusaContainer) => container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any

type Res = { status: number; data: any; headers: Record<string, any> }

async function level(container: MedusaContainer, inventoryItemId: string, locationId: string) {
  const [lvl] = await container.resolve(Modules.INVENTORY).listInventoryLevels({ inventory_item_id: inventoryItemId, location_id: locationId })
  return { stocked: Number(lvl?.stocked_quantity ?? 0), reserved: Number(lvl?.reserved_quantity ?? 0) }
}

async function movements(container: MedusaContainer, lotId: string, type?: string) {
  const { rows } = await knex(container).raw(
    `SELECT type, quantity, location_id, actor_id FROM lot_movement WHERE lot_id = ? ${type ? "AND type = ?" : ""} ORDER BY created_at, ctid`,
    type ? [lotId, type] : [lotId]
  )
  return rows as { type: string; quantity: number; location_id: string; actor_id: string | null }[]
}

/** Records every event of the catalogue at once. */
function recordAll(container: MedusaContainer) {
  const recorders = Object.fromEntries(ALL_LOT_EVENTS.map((name) => [name, recordEvents(container, name)]))
  return {
    of: (name: string) => recorders[name].events.map((e) => e.data),
    waitFor: (name: string, predicate: (data: any) => boolean = () => true) => recorders[name].waitFor((e) => predicate(e.data)).then((e) => e.data),
    stop: () => Object.values(recorders).forEach((r) => r.stop()),
  }
}

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let adminUser: { id: string }
    let paris: { id: string }
    let rotterdam: { id: string }
    let shampoo: DemoStore["products"][number]

    beforeEach(async () => {
      const seeded = await seedLotTestStore(getContainer())
      ;({ store, admin, adminUser, paris, rotterdam } = seeded)
      shampoo = seeded.product("SHAMPOO-ARGAN-250")
    })

    const asRes = (p: Promise<any>): Promise<Res> =>
      p.then(
        (r) => ({ status: r.status, data: r.data, headers: r.headers }),
        (e) => {
          if (!e.response) {
            throw e
          }
          return { status: e.response.status, data: e.response.data, headers: e.response.headers }
        }
      )
    const get = (url: string, headers = admin) => asRes(api.get(url, { headers }))
    const post = (url: string, body: unknown, headers: Record<string, string> = admin, key?: string) =>
      asRes(api.post(url, body, { headers: key === undefined ? headers : { ...headers, "idempotency-key": key } }))

    async function newLot(lot_number: string, quantity: number) {
      return receiveLotThroughApi(api, admin, {
        inventory_item_id: shampoo.inventoryItemId,
        lot_number,
        expires_in_days: 365,
        location_id: paris.id,
        quantity,
      })
    }

    /** A secret API key made through Medusa's admin API, as a WMS integration is set up, and its Basic header. */
    async function secretApiKey(title: string) {
      const created = await post("/admin/api-keys", { title, type: "secret" })
      expect(created.status).toBe(200)
      const { id, token } = created.data.api_key
      expect(token).toMatch(/^sk_/)
      return { id: id as string, headers: { authorization: `Basic ${Buffer.from(`${token}:`).toString("base64")}` } }
    }

    describe("Idempotency-Key on stock-moving POSTs", () => {
      it("runs two racing copies of a receipt once: one movement, the same answer twice, the copy marked replayed", async () => {
        const container = getContainer()
        const lot = await newLot("IDEM-RACE", 10)
        const key = "wms-receipt-0001"
        const body = { location_id: paris.id, quantity: 5, note: "PO 4711" }

        // A barrier: the test holds the request's key, both copies start and queue on it, then it lets go.
        // Whichever copy goes first runs; the other finds the stored answer.
        const locking = container.resolve(Modules.LOCKING) as any
        const lockKey = idempotencyLockKey(adminUser.id, key)
        await locking.acquire([lockKey], { ownerId: "test-barrier" })
        const execute = locking.execute
        let waiting = 0
        locking.execute = function (keys: string[], job: () => Promise<unknown>, args: unknown) {
          if ([keys].flat().includes(lockKey)) {
            waiting++
          }
          return execute.call(this, keys, job, args)
        }
        let answers: Res[]
        try {
          const pending = [post(`/admin/lots/${lot.id}/receive`, body, admin, key), post(`/admin/lots/${lot.id}/receive`, body, admin, key)]
          await waitFor(async () => waiting >= 2, "both copies to wait on the key")
          await locking.release([lockKey], { ownerId: "test-barrier" })
          answers = await Promise.all(pending)
        } finally {
          locking.execute = execute
        }

        expect(answers.map((a) => a.status)).toEqual([200, 200])
        expect(answers[0].data).toEqual(answers[1].data)
        expect(answers.map((a) => a.headers["idempotent-replayed"] ?? null).sort()).toEqual([null, "true"])
        expect((await movements(container, lot.id, "received")).map((m) => m.quantity)).toEqual([10, 5])
        expect(await lotStock(container, lot.id, paris.id)).toEqual({ stocked: 15, reserved: 0 })
        expect(await level(container, shampoo.inventoryItemId, paris.id)).toEqual({ stocked: 15, reserved: 0 })

        // A later retry (the WMS never saw the answer) gets it again and moves nothing.
        const later = await post(`/admin/lots/${lot.id}/receive`, { quantity: 5, note: "PO 4711", location_id: paris.id }, admin, key)
        expect([later.status, later.headers["idempotent-replayed"]]).toEqual([200, "true"])
        expect(later.data).toEqual(answers[0].data)
        expect(await lotStock(container, lot.id, paris.id)).toEqual({ stocked: 15, reserved: 0 })

        const [row] = (
          await knex(container).raw(`SELECT actor_id, method, path, response_status, expires_at FROM lot_idempotency_key WHERE key = ?`, [key])
        ).rows
        expect(row).toEqual(
          expect.objectContaining({ actor_id: adminUser.id, method: "POST", path: `/admin/lots/${lot.id}/receive`, response_status: 200 })
        )
        // Kept idempotency_key_hours (48 by default).
        const hours = (new Date(row.expires_at).getTime() - Date.now()) / 3600000
        expect(hours).toBeGreaterThan(47.9)
        expect(hours).toBeLessThanOrEqual(48)
        await expectInvariant(container, shampoo.inventoryItemId)
      })

      it("creates a lot with its receipt once when the request is sent twice", async () => {
        const container = getContainer()
        const body = {
          inventory_item_id: shampoo.inventoryItemId,
          lot_number: "IDEM-NEW",
          expires_at: "2030-01-31",
          receive: [{ location_id: paris.id, quantity: 7 }],
        }
        const first = await post("/admin/lots", body, admin, "create-IDEM-NEW")
        const second = await post("/admin/lots", body, admin, "create-IDEM-NEW")
        expect([first.status, second.status]).toEqual([201, 201])
        expect(second.headers["idempotent-replayed"]).toBe("true")
        expect(second.data.lot.id).toBe(first.data.lot.id)
        const { rows } = await knex(container).raw(`SELECT count(*)::int AS n FROM lot WHERE lot_number = 'IDEM-NEW'`)
        expect(rows[0].n).toBe(1)
        expect(await level(container, shampoo.inventoryItemId, paris.id)).toEqual({ stocked: 7, reserved: 0 })
        await expectInvariant(container, shampoo.inventoryItemId)
      })

      it("refuses the same key with another body (409, nothing moved), and the stored answer stays", async () => {
        const container = getContainer()
        const lot = await newLot("IDEM-OTHER", 10)
        const first = await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, quantity: 2, reason: "damaged" }, admin, "k-1")
        expect(first.status).toBe(200)
        const before = await databaseState(container)

        const other = await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, quantity: 3, reason: "damaged" }, admin, "k-1")
        expect(other.status).toBe(409)
        expect(other.data.message).toMatch(/Idempotency-Key "k-1" was already used for another request \(POST \/admin\/lots\/.+\/write-off/)
        expect(other.headers["idempotent-replayed"]).toBeUndefined()
        // Another path with the key: also another request.
        const elsewhere = await post(`/admin/lots/${lot.id}/adjust`, { location_id: paris.id, quantity: 1, reason: "count" }, admin, "k-1")
        expect(elsewhere.status).toBe(409)
        expect(await databaseState(container)).toEqual(before)

        const retry = await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, quantity: 2, reason: "damaged" }, admin, "k-1")
        expect([retry.status, retry.headers["idempotent-replayed"]]).toEqual([200, "true"])
        expect(await lotStock(container, lot.id, paris.id)).toEqual({ stocked: 8, reserved: 0 })
        await expectInvariant(container, shampoo.inventoryItemId)
      })

      it("keeps keys per caller: another admin and a secret API key with the same key run on their own", async () => {
        const container = getContainer()
        const lot = await newLot("IDEM-CALLERS", 10)
        const other = await createAdminUser(container)
        const wms = await secretApiKey("WMS")
        const body = { location_id: paris.id, quantity: 1 }
        for (const headers of [admin, other.headers, wms.headers]) {
          const res = await post(`/admin/lots/${lot.id}/receive`, body, headers, "shared-key")
          expect([res.status, res.headers["idempotent-replayed"]]).toEqual([200, undefined])
        }
        const again = await post(`/admin/lots/${lot.id}/receive`, body, wms.headers, "shared-key")
        expect(again.headers["idempotent-replayed"]).toBe("true")
        expect(await lotStock(container, lot.id, paris.id)).toEqual({ stocked: 13, reserved: 0 })
        const { rows } = await knex(container).raw(`SELECT actor_id FROM lot_idempotency_key WHERE key = 'shared-key' ORDER BY actor_id`)
        expect(rows.map((r: any) => r.actor_id).sort()).toEqual([adminUser.id, other.user.id, wms.id].sort())
        await expectInvariant(container, shampoo.inventoryItemId)
      })

      it("replays a stored 400 (validation runs after the key), and a key with a fixed body is another request", async () => {
        const container = getContainer()
        const lot = await newLot("IDEM-400", 4)
        const before = await databaseState(container)
        const bad = { location_id: paris.id, quantity: 9, reason: "damaged" } // more than the lot has
        const first = await post(`/admin/lots/${lot.id}/write-off`, bad, admin, "k-400")
        expect(first.status).toBe(400)
        const again = await post(`/admin/lots/${lot.id}/write-off`, bad, admin, "k-400")
        expect([again.status, again.headers["idempotent-replayed"]]).toEqual([400, "true"])
        expect(again.data).toEqual(first.data)

        const invalid = await post(`/admin/lots/${lot.id}/write-off`, { ...bad, quantity: -1 }, admin, "k-400-b")
        expect(invalid.status).toBe(400)
        const invalidAgain = await post(`/admin/lots/${lot.id}/write-off`, { ...bad, quantity: -1 }, admin, "k-400-b")
        expect([invalidAgain.status, invalidAgain.headers["idempotent-replayed"]]).toEqual([400, "true"])
        expect(await databaseState(container)).toEqual(before)

        const fixed = await post(`/admin/lots/${lot.id}/write-off`, { ...bad, quantity: 1 }, admin, "k-400")
        expect(fixed.status).toBe(409)
        expect(await databaseState(container)).toEqual(before)
        await expectInvariant(container, shampoo.inventoryItemId)
      })

      it("without the header every request runs; a bad header is refused before anything runs", async () => {
        const container = getContainer()
        const lot = await newLot("IDEM-NONE", 2)
        const body = { location_id: paris.id, quantity: 1 }
        for (let i = 0; i < 2; i++) {
          const res = await post(`/admin/lots/${lot.id}/receive`, body)
          expect([res.status, res.headers["idempotent-replayed"]]).toEqual([200, undefined])
        }
        expect(await lotStock(container, lot.id, paris.id)).toEqual({ stocked: 4, reserved: 0 })
        const before = await databaseState(container)
        const tooLong = await post(`/admin/lots/${lot.id}/receive`, body, admin, "x".repeat(256))
        expect(tooLong.status).toBe(400)
        expect(tooLong.data.message).toMatch(/at most 255 characters/)
        expect(await databaseState(container)).toEqual(before)
        const { rows } = await knex(container).raw(`SELECT count(*)::int AS n FROM lot_idempotency_key`)
        // Nothing was stored: requests without a key, and a refused key.
        expect(rows[0].n).toBe(0)
        await expectInvariant(container, shampoo.inventoryItemId)
      })

      it("lets an expired key be used again, and the sweep removes expired keys", async () => {
        const container = getContainer()
        const lot = await newLot("IDEM-EXPIRED", 2)
        const first = await post(`/admin/lots/${lot.id}/receive`, { location_id: paris.id, quantity: 1 }, admin, "k-old")
        expect(first.status).toBe(200)
        await knex(container).raw(`UPDATE lot_idempotency_key SET expires_at = now() - interval '1 minute' WHERE key = 'k-old'`)
        const reused = await post(`/admin/lots/${lot.id}/receive`, { location_id: paris.id, quantity: 2 }, admin, "k-old")
        expect([reused.status, reused.headers["idempotent-replayed"]]).toEqual([200, undefined])
        expect(await lotStock(container, lot.id, paris.id)).toEqual({ stocked: 5, reserved: 0 })

        await post(`/admin/lots/${lot.id}/receive`, { location_id: paris.id, quantity: 1 }, admin, "k-kept")
        await knex(container).raw(`UPDATE lot_idempotency_key SET expires_at = now() - interval '1 minute' WHERE key = 'k-old'`)
        expect(await lotService(container).sweepExpiredIdempotencyKeys()).toBe(1)
        const { rows } = await knex(container).raw(`SELECT key FROM lot_idempotency_key`)
        expect(rows.map((r: any) => r.key)).toEqual(["k-kept"])
        await expectInvariant(container, shampoo.inventoryItemId)
      })
    })

    describe("a WMS with a secret API key", () => {
      it("receives, counts and transfers with Basic auth; the key is the actor on the movements", async () => {
        const container = getContainer()
        const wms = await secretApiKey("Warehouse WMS")
        const created = await post(
          "/admin/lots",
          { inventory_item_id: shampoo.inventoryItemId, lot_number: "WMS-1", expires_at: "2030-06-30", receive: [{ location_id: paris.id, quantity: 12 }] },
          wms.headers,
          "wms-create-1"
        )
        expect(created.status).toBe(201)
        const lotId = created.data.lot.id
        expect((await post(`/admin/lots/${lotId}/receive`, { location_id: paris.id, quantity: 3 }, wms.headers)).status).toBe(200)
        expect((await post(`/admin/lots/${lotId}/transfer`, { from_location_id: paris.id, to_location_id: rotterdam.id, quantity: 5 }, wms.headers)).status).toBe(200)
        expect((await post(`/admin/lots/${lotId}/adjust`, { location_id: paris.id, quantity: 9, reason: "cycle count" }, wms.headers)).status).toBe(200)
        const ledger = await movements(container, lotId)
        expect(ledger.map((m) => [m.type, m.quantity])).toEqual([
          ["received", 12],
          ["received", 3],
          ["transferred_out", -5],
          ["transferred_in", 5],
          ["adjusted", -1],
        ])
        expect(new Set(ledger.map((m) => m.actor_id))).toEqual(new Set([wms.id]))
        expect(wms.id).toMatch(/^apk_/)
        // Reads work with the key too.
        const read = await get(`/admin/lots/${lotId}`, wms.headers)
        expect(read.data.lot.lot_number).toBe("WMS-1")

        // A revoked key is refused, and nothing moves.
        await post(`/admin/api-keys/${wms.id}/revoke`, {})
        const before = await databaseState(container)
        const refused = await post(`/admin/lots/${lotId}/receive`, { location_id: paris.id, quantity: 1 }, wms.headers)
        expect(refused.status).toBe(401)
        // A bearer secret key is refused with Medusa's hint.
        const token = Buffer.from(wms.headers.authorization.slice(6), "base64").toString().replace(/:$/, "")
        const bearer = await post(`/admin/lots/${lotId}/receive`, { location_id: paris.id, quantity: 1 }, { authorization: `Bearer ${token}` })
        expect(bearer.status).toBe(401)
        expect(await databaseState(container)).toEqual(before)
        await expectInvariant(container, shampoo.inventoryItemId)
      })
    })

    describe("events", () => {
      it("emits each stock change with its payload, and nothing for a refused request", async () => {
        const container = getContainer()
        const events = recordAll(container)
        try {
          const wms = await secretApiKey("Events WMS")
          const created = await post(
            "/admin/lots",
            {
              inventory_item_id: shampoo.inventoryItemId,
              lot_number: "EV-1",
              supplier: "Laboratoires Durand",
              expires_at: "2031-03-31",
              receive: [
                { location_id: paris.id, quantity: 10 },
                { location_id: rotterdam.id, quantity: 4 },
              ],
            },
            wms.headers
          )
          expect(created.status).toBe(201)
          const lotId = created.data.lot.id
          const ref = { lot_id: lotId, lot_number: "EV-1", inventory_item_id: shampoo.inventoryItemId, sku: "SHAMPOO-ARGAN-250" }

          expect(await events.waitFor("lot.created")).toEqual(
            expect.objectContaining({ ...ref, actor_id: wms.id, expires_at: "2031-03-31", supplier: "Laboratoires Durand", status: "active" })
          )
          await events.waitFor("lot.received", (d) => d.location_id === rotterdam.id)
          expect(events.of("lot.received").map((d) => [d.location_id, d.quantity])).toEqual(
            expect.arrayContaining([
              [paris.id, 10],
              [rotterdam.id, 4],
            ])
          )
          expect(events.of("lot.received")[0]).toEqual(
            expect.objectContaining({ ...ref, actor_id: wms.id, movement_id: expect.stringMatching(/^lotmv|^[a-z]+_/), occurred_at: expect.any(String) })
          )

          await post(`/admin/lots/${lotId}/receive`, { location_id: paris.id, quantity: 2 })
          expect(await events.waitFor("lot.received", (d) => d.quantity === 2)).toEqual(
            expect.objectContaining({ ...ref, location_id: paris.id, quantity: 2, actor_id: adminUser.id })
          )

          await post(`/admin/lots/${lotId}/adjust`, { location_id: paris.id, quantity: 11, reason: "cycle count" })
          expect(await events.waitFor("lot.adjusted")).toEqual(
            expect.objectContaining({ ...ref, location_id: paris.id, quantity: -1, counted: 11, previous: 12, reason: "cycle count" })
          )

          await post(`/admin/lots/${lotId}/transfer`, { from_location_id: paris.id, to_location_id: rotterdam.id, quantity: 3 })
          expect(await events.waitFor("lot.transferred")).toEqual(
            expect.objectContaining({ ...ref, from_location_id: paris.id, to_location_id: rotterdam.id, quantity: 3, movement_ids: [expect.any(String), expect.any(String)] })
          )

          await post(`/admin/lots/${lotId}/write-off`, { location_id: rotterdam.id, quantity: 2, reason: "damaged" })
          expect(await events.waitFor("lot.written_off")).toEqual(
            expect.objectContaining({ ...ref, location_id: rotterdam.id, quantity: 2, reason: "damaged" })
          )

          const shelved = await post(`/admin/lots/${lotId}/put-away`, { location_id: paris.id, bin: "A-01-3" }, wms.headers, "put-away-1")
          expect(shelved.status).toBe(200)
          expect(await events.waitFor("lot.put_away")).toEqual(
            expect.objectContaining({ ...ref, location_id: paris.id, from_bin: null, to_bin: "A-01-3", actor_id: wms.id })
          )
          // Replayed: no second put-away, no second event.
          const replayed = await post(`/admin/lots/${lotId}/put-away`, { location_id: paris.id, bin: "A-01-3" }, wms.headers, "put-away-1")
          expect(replayed.headers["idempotent-replayed"]).toBe("true")

          await post(`/admin/lots/${lotId}/quarantine`, { reason: "smell" })
          expect(await events.waitFor("lot.status_changed", (d) => d.to === "quarantined")).toEqual(
            expect.objectContaining({ ...ref, from: "active", to: "quarantined", reason: "smell", actor_id: adminUser.id })
          )
          await post(`/admin/lots/${lotId}/release`, {})
          await events.waitFor("lot.status_changed", (d) => d.to === "active")

          // A refused write-off (more than the lot has) and a refused status change emit nothing.
          const counts = ALL_LOT_EVENTS.map((n) => events.of(n).length)
          expect((await post(`/admin/lots/${lotId}/write-off`, { location_id: paris.id, quantity: 500, reason: "damaged" })).status).toBe(400)
          expect((await post(`/admin/lots/${lotId}/release`, {})).status).toBe(409)
          await new Promise((r) => setTimeout(r, 300))
          expect(ALL_LOT_EVENTS.map((n) => events.of(n).length)).toEqual(counts)
          expect(events.of("lot.put_away")).toHaveLength(1)
          await expectInvariant(container, shampoo.inventoryItemId)
        } finally {
          events.stop()
        }
      })

      it("an opening balance sent twice with its key assigns once, and emits lot.created and lot.opening_balance once", async () => {
        const container = getContainer()
        const events = recordAll(container)
        try {
          // 30 units Medusa already counts, in no lot.
          await container
            .resolve(Modules.INVENTORY)
            .createInventoryLevels([{ inventory_item_id: shampoo.inventoryItemId, location_id: paris.id, stocked_quantity: 30 }])
          const body = {
            inventory_item_id: shampoo.inventoryItemId,
            location_id: paris.id,
            lots: [{ lot_number: "OB-1", expires_at: "2031-01-31", quantity: 20, bin: "R-2" }],
          }
          const first = await post("/admin/lot-tracking/opening-balance", body, admin, "go-live-paris")
          expect(first.status).toBe(200)
          const second = await post("/admin/lot-tracking/opening-balance", body, admin, "go-live-paris")
          expect([second.status, second.headers["idempotent-replayed"]]).toEqual([200, "true"])
          expect(second.data).toEqual(first.data)
          const lotId = first.data.lots[0].id
          expect(await lotStock(container, lotId, paris.id)).toEqual({ stocked: 20, reserved: 0 })
          expect(await level(container, shampoo.inventoryItemId, paris.id)).toEqual({ stocked: 30, reserved: 0 })

          expect(await events.waitFor("lot.opening_balance")).toEqual(
            expect.objectContaining({ lot_id: lotId, lot_number: "OB-1", location_id: paris.id, quantity: 20, bin: "R-2", actor_id: adminUser.id })
          )
          expect(await events.waitFor("lot.created", (d) => d.lot_id === lotId)).toEqual(expect.objectContaining({ lot_number: "OB-1" }))
          await new Promise((r) => setTimeout(r, 300))
          expect(events.of("lot.opening_balance")).toHaveLength(1)
          expect(events.of("lot.created")).toHaveLength(1)
          // The 10 units left are still Medusa's alone: the one moment lot stock < Medusa's level.
          const [row] = await invariantFor(container, shampoo.inventoryItemId)
          expect([row.level_stocked, row.lot_stocked, row.level_reserved, row.lot_reserved + row.shortfall + row.hold]).toEqual([30, 20, 0, 0])
        } finally {
          events.stop()
        }
      })

      it("emits the order and recall events: allocated, shipped, returned, recall opened and closed", async () => {
        const container = getContainer()
        const events = recordAll(container)
        try {
          const lot = await newLot("EV-ORD", 20)
          const order = await placeOrder(api, store, { items: [{ variant_id: shampoo.variantId, quantity: 3 }] })
          const line = order.items[0]
          const allocated = await events.waitFor("lot.allocated", (d) => d.order_id === order.id)
          expect(allocated).toEqual(
            expect.objectContaining({
              order_id: order.id,
              lines: [{ line_item_id: line.id, lot_id: lot.id, lot_number: "EV-ORD", inventory_item_id: shampoo.inventoryItemId, location_id: paris.id, quantity: 3 }],
            })
          )
          // The same allocation again changes nothing and emits nothing.
          await allocateOrderLotsWorkflow(container).run({ input: { order_id: order.id } })
          await new Promise((r) => setTimeout(r, 300))
          expect(events.of("lot.allocated").filter((d) => d.order_id === order.id)).toHaveLength(1)

          const shipped = await fulfillOrder(api, admin, order.id, { items: [{ id: line.id, quantity: 3 }], location_id: paris.id })
          expect(shipped.status).toBe(200)
          expect(await events.waitFor("lot.shipped", (d) => d.order_id === order.id)).toEqual(
            expect.objectContaining({
              order_id: order.id,
              fulfillment_id: expect.any(String),
              actor_id: adminUser.id,
              lines: [expect.objectContaining({ line_item_id: line.id, lot_id: lot.id, lot_number: "EV-ORD", location_id: paris.id, quantity: 3 })],
            })
          )

          // A return of one unit, received.
          const created = await post(`/admin/returns`, { order_id: order.id, location_id: paris.id })
          const returnId = created.data.return.id
          expect((await post(`/admin/returns/${returnId}/request-items`, { items: [{ id: line.id, quantity: 1 }] })).status).toBe(200)
          expect((await post(`/admin/returns/${returnId}/request`, {})).status).toBe(200)
          expect((await post(`/admin/returns/${returnId}/receive`, {})).status).toBe(200)
          expect((await post(`/admin/returns/${returnId}/receive-items`, { items: [{ id: line.id, quantity: 1 }] })).status).toBe(200)
          expect((await post(`/admin/returns/${returnId}/receive/confirm`, {})).status).toBe(200)
          expect(await events.waitFor("lot.returned", (d) => d.return_id === returnId)).toEqual(
            expect.objectContaining({
              return_id: returnId,
              lines: [{ lot_id: lot.id, lot_number: "EV-ORD", inventory_item_id: shampoo.inventoryItemId, location_id: paris.id, quantity: 1, damaged: false }],
            })
          )

          const recall = await post(`/admin/recalls`, { lot_ids: [lot.id], reason: "Contamination", classification: "II" })
          expect(recall.status).toBe(201)
          const recallId = recall.data.recall.id
          const opened = await events.waitFor("recall.opened", (d) => d.recall_id === recallId)
          expect(opened).toEqual(
            expect.objectContaining({
              recall_id: recallId,
              reference: expect.stringMatching(/^RCL-/),
              reason: "Contamination",
              classification: "II",
              lots: [{ lot_id: lot.id, lot_number: "EV-ORD", inventory_item_id: shampoo.inventoryItemId }],
              affected_orders: 1,
              affected_units: 3,
              actor_id: adminUser.id,
            })
          )
          // No customer data in a recall event.
          expect(JSON.stringify(opened)).not.toMatch(/@|email|address|first_name/)
          expect(await events.waitFor("lot.status_changed", (d) => d.to === "recalled")).toEqual(
            expect.objectContaining({ lot_id: lot.id, from: "active", to: "recalled", recall_id: recallId })
          )

          expect((await post(`/admin/recalls/${recallId}/close`, { outcome: { destroyed: 2, note: "incinerated" } })).status).toBe(200)
          expect(await events.waitFor("recall.closed", (d) => d.recall_id === recallId)).toEqual(
            expect.objectContaining({ recall_id: recallId, lot_ids: [lot.id], outcome: expect.objectContaining({ units_shipped: 3, units_returned: 1, units_destroyed: 2 }), actor_id: adminUser.id })
          )
          await expectInvariant(container, shampoo.inventoryItemId)
        } finally {
          events.stop()
        }
      })
    })
  },
})
