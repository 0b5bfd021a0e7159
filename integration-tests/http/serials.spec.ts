import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { databaseState, daysFromToday, expectInvariant, seedLotTestStore } from "../helpers/fixtures"
import { fulfillOrder, placeOrder } from "../helpers/orders"
import { waitFor, whileHolding } from "../helpers/race"
import { parseCsv } from "../helpers/csv"
import { pgConnection as pg } from "../../src/read-models/pg"
import type { DemoStore } from "../../src/scripts/demo/store"

jest.setTimeout(240 * 1000)

/** Serials of an item, by number: status, location, lot and order. */
async function serialsOf(container: MedusaContainer, inventoryItemId: string) {
  const { rows } = await pg(container).raw(
    `SELECT s.serial_number, s.status, s.location_id, l.lot_number, s.order_id, s.line_item_id, s.fulfillment_id, s.blocked
       FROM lot_serial s JOIN lot l ON l.id = s.lot_id
      WHERE s.inventory_item_id = ? AND s.deleted_at IS NULL ORDER BY s.serial_number`,
    [inventoryItemId]
  )
  return Object.fromEntries(rows.map((r: any) => [r.serial_number, r]))
}

/** Holds `lockSql` in an open transaction while the requests start (see `whileHolding`). */
const whileLocked = <T>(container: MedusaContainer, lockSql: string, bindings: string[], waiters: number, requests: () => Promise<T>[]) =>
  whileHolding(container, (trx) => trx.raw(lockSql, bindings), waiters, requests)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let paris: { id: string }
    let rotterdam: { id: string }
    let device: DemoStore["products"][number]
    let other: DemoStore["products"][number]

    const get = (url: string) => api.get(url, { headers: admin }).catch((e) => e.response)
    const post = (url: string, body: unknown) => api.post(url, body, { headers: admin }).catch((e) => e.response)

    beforeEach(async () => {
      const seeded = await seedLotTestStore(getContainer())
      ;({ store, admin, paris, rotterdam } = seeded)
      device = seeded.product("CREAM-HYAL-50")
      other = seeded.product("OMEGA3-120")
    })

    const serialize = async (inventoryItemId: string, extra: Record<string, unknown> = {}) => {
      const res = await post(`/admin/lot-tracking/policies/${inventoryItemId}`, { serialized: true, ...extra })
      expect([res.status, res.data?.message]).toEqual([200, undefined])
      return res.data.policy
    }

    const receive = async (lot_number: string, receive: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
      post("/admin/lots", {
        inventory_item_id: device.inventoryItemId,
        lot_number,
        expires_at: daysFromToday(365),
        receive,
        ...extra,
      })

    describe("policy and receiving", () => {
      it("serializes an item and receives named, ranged and generated serials; duplicates change nothing", async () => {
        const policy = await serialize(device.inventoryItemId, { serial_capture: "required", serial_pattern: "DEV-{YYYY}-{SEQ:4}" })
        expect(policy).toEqual(
          expect.objectContaining({ serialized: true, serial_capture: "required", serial_scope: "item", serial_pattern: "DEV-{YYYY}-{SEQ:4}" })
        )

        const named = await receive("L-1", [{ location_id: paris.id, quantity: 3, serial_numbers: ["SN-A", "SN-B", "SN-C"] }])
        expect([named.status, named.data.message]).toEqual([201, undefined])
        expect(named.data.serial_numbers).toEqual(["SN-A", "SN-B", "SN-C"])
        expect(named.data.lot.stocked_quantity).toEqual(3)

        const ranged = await post(`/admin/lots/${named.data.lot.id}/receive`, {
          location_id: rotterdam.id,
          quantity: 4,
          serial_range: { from: "R-0098", to: "R-0101" },
        })
        expect([ranged.status, ranged.data.message]).toEqual([200, undefined])
        expect(ranged.data.serial_numbers).toEqual(["R-0098", "R-0099", "R-0100", "R-0101"])

        const generated = await receive("L-2", [{ location_id: paris.id, quantity: 2 }])
        expect(generated.status).toEqual(201)
        const year = new Date().getUTCFullYear()
        expect(generated.data.serial_numbers).toEqual([`DEV-${year}-0001`, `DEV-${year}-0002`])

        const serials = await serialsOf(getContainer(), device.inventoryItemId)
        expect(Object.keys(serials)).toHaveLength(9)
        expect(serials["R-0100"]).toEqual(expect.objectContaining({ status: "in_stock", location_id: rotterdam.id, lot_number: "L-1" }))
        await expectInvariant(getContainer(), device.inventoryItemId)

        // Refusals: nothing changes.
        const before = await databaseState(getContainer())
        const refusals = [
          [await receive("L-3", [{ location_id: paris.id, quantity: 2, serial_numbers: ["SN-X", "SN-A"] }]), /already in use: SN-A/],
          [await receive("L-3", [{ location_id: paris.id, quantity: 2, serial_numbers: ["SN-Y", "SN-Y"] }]), /named twice in the request: SN-Y/],
          [await receive("L-3", [{ location_id: paris.id, quantity: 3, serial_numbers: ["SN-Y", "SN-Z"] }]), /2 serial numbers for a quantity of 3/],
          [await receive("L-3", [{ location_id: paris.id, quantity: 2, serial_range: { from: "A-01", to: "B-02" } }]), /share their prefix/],
          [await receive("L-3", [{ location_id: paris.id, quantity: 2, serial_range: { from: "A-01", to: "A-002" } }]), /equal width/],
          [await receive("L-3", [{ location_id: paris.id, quantity: 1, serial_numbers: ["bad\tserial"] }]), /control characters/],
          [
            await receive("L-3", [{ location_id: paris.id, quantity: 1, serial_numbers: ["SN-Q"], serial_range: { from: "Q-1", to: "Q-1" } }]),
            /serial_numbers or serial_range, not both/,
          ],
          [
            await receive("L-3", [
              { location_id: paris.id, quantity: 1, serial_numbers: ["SN-Q"] },
              { location_id: rotterdam.id, quantity: 1, serial_numbers: ["SN-Q"] },
            ]),
            /named twice in the request: SN-Q/,
          ],
          [
            await post("/admin/lots", {
              inventory_item_id: other.inventoryItemId,
              lot_number: "O-1",
              expires_at: daysFromToday(365),
              receive: [{ location_id: paris.id, quantity: 1, serial_numbers: ["SN-O"] }],
            }),
            /is not serialized/,
          ],
        ] as const
        for (const [res, message] of refusals) {
          expect(res.status).toEqual(400)
          expect(res.data.message).toMatch(message)
        }
        expect(await databaseState(getContainer())).toEqual(before)
      })

      it("refuses to serialize an item with unserialized stock, and to unserialize one with serials in stock", async () => {
        const lot = await post("/admin/lots", {
          inventory_item_id: other.inventoryItemId,
          lot_number: "O-1",
          expires_at: daysFromToday(365),
          receive: [{ location_id: paris.id, quantity: 5 }],
        })
        expect(lot.status).toEqual(201)
        const on = await post(`/admin/lot-tracking/policies/${other.inventoryItemId}`, { serialized: true })
        expect(on.status).toEqual(409)
        expect(on.data.message).toMatch(/5 units in stock without serials \(1 lot\); receive or assign serials first/)

        await serialize(device.inventoryItemId)
        expect((await receive("L-1", [{ location_id: paris.id, quantity: 1, serial_numbers: ["SN-1"] }])).status).toEqual(201)
        const off = await post(`/admin/lot-tracking/policies/${device.inventoryItemId}`, { serialized: false })
        expect(off.status).toEqual(409)
        expect(off.data.message).toMatch(/1 unit with serials in stock or reserved/)

        const badPattern = await post(`/admin/lot-tracking/policies/${device.inventoryItemId}`, { serial_pattern: "SN-{YYYY}" })
        expect(badPattern.status).toEqual(400)
        expect(badPattern.data.message).toMatch(/serial_pattern must contain exactly one \{SEQ\}/)
        const badCapture = await post(`/admin/lot-tracking/policies/${device.inventoryItemId}`, { serial_capture: "sometimes" })
        expect(badCapture.status).toEqual(400)
        expect(badCapture.data.message).toMatch(/serial_capture must be one of required, auto/)
      })

      it("keeps serials unique across items when the scope is global", async () => {
        await serialize(device.inventoryItemId, { serial_scope: "global" })
        await serialize(other.inventoryItemId)
        expect((await receive("L-1", [{ location_id: paris.id, quantity: 1, serial_numbers: ["SHARED-1"] }])).status).toEqual(201)
        const clash = await post("/admin/lots", {
          inventory_item_id: other.inventoryItemId,
          lot_number: "O-1",
          expires_at: daysFromToday(365),
          receive: [{ location_id: paris.id, quantity: 1, serial_numbers: ["SHARED-1"] }],
        })
        expect(clash.status).toEqual(400)
        expect(clash.data.message).toMatch(/already in use: SHARED-1/)
        // An item-scoped item may reuse another item-scoped item's serial.
        const third = await post(`/admin/lot-tracking/policies/${device.inventoryItemId}`, { serial_scope: "item" })
        expect(third.status).toEqual(200)
        const reuse = await post("/admin/lots", {
          inventory_item_id: other.inventoryItemId,
          lot_number: "O-1",
          expires_at: daysFromToday(365),
          receive: [{ location_id: paris.id, quantity: 1, serial_numbers: ["SHARED-1"] }],
        })
        expect(reuse.status).toEqual(201)
      })

      it("two receipts racing: generated serials never collide, and one named serial is taken once", async () => {
        await serialize(device.inventoryItemId)
        const container = getContainer()
        // Serial inserts take the item lock and then this transaction lock: holding it stops the first
        // receipt at its insert while the second queues behind it, both past their checks.
        const lockSql = `SELECT pg_advisory_xact_lock(hashtext('lot_tracking:serial_numbers'))`
        const generated = await whileLocked(container, lockSql, [], 1, () => [
          receive("G-1", [{ location_id: paris.id, quantity: 50 }]),
          receive("G-2", [{ location_id: paris.id, quantity: 50 }]),
        ])
        expect(generated.map((r) => r.status)).toEqual([201, 201])
        const numbers = generated.flatMap((r) => r.data.serial_numbers)
        expect(new Set(numbers).size).toEqual(100)

        const named = await whileLocked(container, lockSql, [], 1, () => [
          receive("N-1", [{ location_id: paris.id, quantity: 2, serial_numbers: ["RACE-1", "RACE-2"] }]),
          receive("N-2", [{ location_id: rotterdam.id, quantity: 2, serial_numbers: ["RACE-2", "RACE-3"] }]),
        ])
        expect(named.map((r) => r.status).sort()).toEqual([201, 400])
        const loser = named.find((r) => r.status === 400)!
        expect(loser.data.message).toMatch(/already in use: RACE-2/)
        const serials = await serialsOf(container, device.inventoryItemId)
        expect(Object.keys(serials).filter((s) => s.startsWith("RACE-"))).toHaveLength(2)
        await expectInvariant(container, device.inventoryItemId)
      })
    })

    describe("stock operations", () => {
      it("writes off and transfers named serials; refuses counts and quantities without serials", async () => {
        await serialize(device.inventoryItemId)
        const lot = (await receive("L-1", [{ location_id: paris.id, quantity: 4, serial_numbers: ["S-1", "S-2", "S-3", "S-4"] }])).data.lot

        const off = await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, serial_numbers: ["S-2"], reason: "damaged" })
        expect([off.status, off.data.message]).toEqual([200, undefined])
        const moved = await post(`/admin/lots/${lot.id}/transfer`, {
          from_location_id: paris.id,
          to_location_id: rotterdam.id,
          serial_numbers: ["S-3", "S-4"],
          quantity: 2,
        })
        expect([moved.status, moved.data.message]).toEqual([200, undefined])
        const serials = await serialsOf(getContainer(), device.inventoryItemId)
        expect(Object.values(serials).map((s: any) => [s.serial_number, s.status, s.location_id])).toEqual([
          ["S-1", "in_stock", paris.id],
          ["S-2", "written_off", paris.id],
          ["S-3", "in_stock", rotterdam.id],
          ["S-4", "in_stock", rotterdam.id],
        ])
        await expectInvariant(getContainer(), device.inventoryItemId)

        const before = await databaseState(getContainer())
        const refusals = [
          [await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, quantity: 1, reason: "damaged" }), 400, /is serialized: name the serial_numbers/],
          [await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, serial_numbers: ["S-1"], quantity: 2, reason: "damaged" }), 400, /quantity \(2\) must equal the number of serial_numbers \(1\)/],
          [await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, serial_numbers: ["S-2"], reason: "damaged" }), 400, /S-2 is written off, not in stock/],
          [await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, serial_numbers: ["S-3"], reason: "damaged" }), 400, /S-3 is not at/],
          [await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, serial_numbers: ["NOPE"], reason: "damaged" }), 400, /not of lot/],
          [await post(`/admin/lots/${lot.id}/transfer`, { from_location_id: paris.id, to_location_id: rotterdam.id, quantity: 1 }), 400, /is serialized: name the serial_numbers/],
          [await post(`/admin/lots/${lot.id}/adjust`, { location_id: paris.id, quantity: 3, reason: "count" }), 400, /cannot say which units changed/],
        ] as const
        for (const [res, status, message] of refusals) {
          expect([res.status, res.data.message]).toEqual([status, expect.stringMatching(message)])
        }
        expect(await databaseState(getContainer())).toEqual(before)
        // A count that matches is fine.
        expect((await post(`/admin/lots/${lot.id}/adjust`, { location_id: paris.id, quantity: 1, reason: "count" })).status).toEqual(200)
      })
    })

    describe("orders", () => {
      /** Places an order and waits until its units are allocated to lots. */
      async function orderOf(quantity: number) {
        const order = await placeOrder(api, store, { items: [{ variant_id: device.variantId, quantity }] })
        await waitFor(async () => {
          const { rows } = await pg(getContainer()).raw(
            `SELECT coalesce(sum(quantity), 0)::int AS n FROM lot_allocation WHERE order_id = ? AND status = 'reserved'`,
            [order.id]
          )
          return rows[0].n >= quantity
        }, "the order's lots")
        return { order, line: order.items[0] }
      }

      const ship = (orderId: string, lineId: string, quantity: number, additional_data?: Record<string, unknown>) =>
        fulfillOrder(api, admin, orderId, { items: [{ id: lineId, quantity }], location_id: paris.id, ...(additional_data ? { additional_data } : {}) })

      it("ships named serials (they decide the lots), the lowest ones when capture is auto, and puts them back when the fulfilment is canceled", async () => {
        await serialize(device.inventoryItemId)
        // FEFO reserves the sooner lot; staff ship units of the later one by serial.
        await receive("SOON", [{ location_id: paris.id, quantity: 3, serial_numbers: ["A-1", "A-2", "A-3"] }], { expires_at: daysFromToday(100) })
        await receive("LATE", [{ location_id: paris.id, quantity: 3, serial_numbers: ["B-1", "B-2", "B-3"] }], { expires_at: daysFromToday(300) })
        const first = await orderOf(2)
        const shipped = await ship(first.order.id, first.line.id, 2, { serials: [{ line_item_id: first.line.id, serial_numbers: ["B-3", "A-2"] }] })
        expect([shipped.status, shipped.data?.message]).toEqual([200, undefined])
        let serials = await serialsOf(getContainer(), device.inventoryItemId)
        expect([serials["B-3"].status, serials["B-3"].order_id, serials["A-2"].status]).toEqual(["shipped", first.order.id, "shipped"])
        await expectInvariant(getContainer(), device.inventoryItemId)

        const second = await orderOf(2)
        const auto = await ship(second.order.id, second.line.id, 2)
        expect([auto.status, auto.data?.message]).toEqual([200, undefined])
        serials = await serialsOf(getContainer(), device.inventoryItemId)
        // FEFO: the rest of the soonest lot, lowest serials first.
        expect(Object.values(serials).filter((s: any) => s.order_id === second.order.id).map((s: any) => s.serial_number)).toEqual(["A-1", "A-3"])
        await expectInvariant(getContainer(), device.inventoryItemId)

        const fulfillmentId = serials["A-1"].fulfillment_id
        const canceled = await post(`/admin/orders/${second.order.id}/fulfillments/${fulfillmentId}/cancel`, {})
        expect([canceled.status, canceled.data?.message]).toEqual([200, undefined])
        serials = await serialsOf(getContainer(), device.inventoryItemId)
        expect([serials["A-1"].status, serials["A-1"].order_id, serials["A-3"].status]).toEqual(["in_stock", null, "in_stock"])
        await expectInvariant(getContainer(), device.inventoryItemId)
      })

      it("with required capture refuses a fulfilment without serials, or with wrong ones, and Medusa undoes it", async () => {
        await serialize(device.inventoryItemId, { serial_capture: "required" })
        await receive("L-1", [{ location_id: paris.id, quantity: 3, serial_numbers: ["C-1", "C-2", "C-3"] }])
        await receive("L-2", [{ location_id: rotterdam.id, quantity: 1, serial_numbers: ["R-1"] }])
        const { order, line } = await orderOf(2)
        const before = await databaseState(getContainer())
        const refusals = [
          [await ship(order.id, line.id, 2), /Serial capture is required .* name the serials of the 2 units/],
          [await ship(order.id, line.id, 2, { serials: [{ line_item_id: line.id, serial_numbers: ["C-1"] }] }), /names 1 unit .* but 2 are being fulfilled/],
          [await ship(order.id, line.id, 2, { serials: [{ line_item_id: line.id, serial_numbers: ["C-1", "C-1"] }] }), /C-1 more than once/],
          [await ship(order.id, line.id, 2, { serials: [{ line_item_id: line.id, serial_numbers: ["C-1", "NOPE"] }] }), /NOPE: not a serial of the item/],
          [await ship(order.id, line.id, 2, { serials: [{ line_item_id: line.id, serial_numbers: ["C-1", "R-1"] }] }), /R-1 is at another stock location/],
        ] as const
        for (const [res, message] of refusals) {
          expect([res.status, res.data?.message]).toEqual([400, expect.stringMatching(message)])
        }
        expect(await databaseState(getContainer())).toEqual(before)
        const { data } = await get(`/admin/orders/${order.id}?fields=id,*fulfillments`)
        expect(data.order.fulfillments).toEqual([])

        const ok = await ship(order.id, line.id, 2, { serials: [{ line_item_id: line.id, serial_numbers: ["C-3", "C-1"] }] })
        expect([ok.status, ok.data?.message]).toEqual([200, undefined])
        await expectInvariant(getContainer(), device.inventoryItemId)
      })

      it("staff reserve serials for a line before fulfilling; the fulfilment ships them", async () => {
        await serialize(device.inventoryItemId, { serial_capture: "required" })
        await receive("SOON", [{ location_id: paris.id, quantity: 2, serial_numbers: ["A-1", "A-2"] }], { expires_at: daysFromToday(100) })
        await receive("LATE", [{ location_id: paris.id, quantity: 2, serial_numbers: ["B-1", "B-2"] }], { expires_at: daysFromToday(300) })
        const { order, line } = await orderOf(2)
        const picked = await post(`/admin/orders/${order.id}/lots`, { line_item_id: line.id, serial_numbers: ["B-2", "A-1"] })
        expect([picked.status, picked.data?.message]).toEqual([200, undefined])
        let serials = await serialsOf(getContainer(), device.inventoryItemId)
        expect([serials["B-2"].status, serials["B-2"].line_item_id, serials["A-1"].status]).toEqual(["reserved", line.id, "reserved"])
        await expectInvariant(getContainer(), device.inventoryItemId)

        // Picking again moves the reservation.
        const again = await post(`/admin/orders/${order.id}/lots`, { line_item_id: line.id, serial_numbers: ["B-2", "B-1"] })
        expect([again.status, again.data?.message]).toEqual([200, undefined])
        serials = await serialsOf(getContainer(), device.inventoryItemId)
        expect([serials["A-1"].status, serials["B-1"].status, serials["B-2"].status]).toEqual(["in_stock", "reserved", "reserved"])
        await expectInvariant(getContainer(), device.inventoryItemId)

        const shipped = await ship(order.id, line.id, 2)
        expect([shipped.status, shipped.data?.message]).toEqual([200, undefined])
        serials = await serialsOf(getContainer(), device.inventoryItemId)
        expect([serials["B-1"].status, serials["B-2"].status, serials["A-1"].status]).toEqual(["shipped", "shipped", "in_stock"])
        await expectInvariant(getContainer(), device.inventoryItemId)

        const unknown = await post(`/admin/orders/${order.id}/lots`, { line_item_id: line.id, serial_numbers: ["ZZ-1"] })
        expect([unknown.status, unknown.data?.message]).toEqual([400, expect.stringMatching(/Unknown serial number: ZZ-1/)])
      })

      /** A requested return of the line's units with a receipt begun (Medusa's admin flow up to "receive"). */
      async function openReturn(orderId: string, items: { id: string; quantity: number }[]) {
        const created = await post(`/admin/returns`, { order_id: orderId, location_id: paris.id })
        const returnId = created.data.return.id as string
        for (const [url, body] of [
          [`/admin/returns/${returnId}/request-items`, { items }],
          [`/admin/returns/${returnId}/request`, {}],
          [`/admin/returns/${returnId}/receive`, {}],
        ] as const) {
          const res = await post(url, body)
          expect([url, res.status, res.data?.message]).toEqual([url, 200, undefined])
        }
        return returnId
      }

      it("returns name their units by serial: restocked ones are in stock again, damaged ones returned; unnamed ones come back lowest first", async () => {
        await serialize(device.inventoryItemId)
        await receive("L-1", [{ location_id: paris.id, quantity: 4, serial_numbers: ["E-1", "E-2", "E-3", "E-4"] }])
        const { order, line } = await orderOf(3)
        expect((await ship(order.id, line.id, 3)).status).toEqual(200)

        const returnId = await openReturn(order.id, [{ id: line.id, quantity: 2 }])
        expect((await post(`/admin/returns/${returnId}/receive-items`, { items: [{ id: line.id, quantity: 1 }] })).status).toEqual(200)
        expect((await post(`/admin/returns/${returnId}/dismiss-items`, { items: [{ id: line.id, quantity: 1 }] })).status).toEqual(200)

        const before = await databaseState(getContainer())
        const refusals = [
          [{ lots: [{ line_item_id: line.id, serial_numbers: ["E-4"] }] }, /Serial E-4 was not shipped on line item/],
          [{ lots: [{ line_item_id: line.id, serial_numbers: ["NOPE"] }] }, /Serial NOPE is not a known serial/],
          [{ lots: [{ line_item_id: line.id, serial_numbers: ["E-1"], quantity: 1 }] }, /lot_id and quantity, or serial_numbers/],
        ] as const
        for (const [body, message] of refusals) {
          const res = await post(`/admin/returns/${returnId}/lots`, body)
          expect([res.status, res.data?.message]).toEqual([400, expect.stringMatching(message)])
        }
        expect(await databaseState(getContainer())).toEqual(before)

        const named = await post(`/admin/returns/${returnId}/lots`, {
          lots: [
            { line_item_id: line.id, serial_numbers: ["E-3"] },
            { line_item_id: line.id, serial_numbers: ["E-2"], damaged: true },
          ],
        })
        expect([named.status, named.data?.message]).toEqual([200, undefined])
        expect((await post(`/admin/returns/${returnId}/receive/confirm`, {})).status).toEqual(200)
        await waitFor(async () => (await serialsOf(getContainer(), device.inventoryItemId))["E-2"].status === "returned", "the return restocked")
        let serials = await serialsOf(getContainer(), device.inventoryItemId)
        expect([serials["E-1"].status, serials["E-2"].status, serials["E-3"].status, serials["E-3"].order_id]).toEqual([
          "shipped",
          "returned",
          "in_stock",
          null,
        ])
        await expectInvariant(getContainer(), device.inventoryItemId)

        // The last unit comes back without a name: the one still out (E-1).
        const second = await openReturn(order.id, [{ id: line.id, quantity: 1 }])
        expect((await post(`/admin/returns/${second}/receive-items`, { items: [{ id: line.id, quantity: 1 }] })).status).toEqual(200)
        expect((await post(`/admin/returns/${second}/receive/confirm`, {})).status).toEqual(200)
        await waitFor(async () => (await serialsOf(getContainer(), device.inventoryItemId))["E-1"].status === "in_stock", "the second return restocked")
        serials = await serialsOf(getContainer(), device.inventoryItemId)
        expect(Object.values(serials).map((s: any) => [s.serial_number, s.status])).toEqual([
          ["E-1", "in_stock"],
          ["E-2", "returned"],
          ["E-3", "in_stock"],
          ["E-4", "in_stock"],
        ])
        await expectInvariant(getContainer(), device.inventoryItemId)
      })

      it("a recall by serial blocks the units in stock, moves the reservations they leave uncovered, and lists the customers who have one", async () => {
        await serialize(device.inventoryItemId)
        await receive("SOON", [{ location_id: paris.id, quantity: 4, serial_numbers: ["F-1", "F-2", "F-3", "F-4"] }], { expires_at: daysFromToday(100) })
        const a = await orderOf(1)
        expect((await ship(a.order.id, a.line.id, 1)).status).toEqual(200)
        // Order B takes every unit left in SOON; LATE arrives afterwards.
        const b = await orderOf(3)
        await receive("LATE", [{ location_id: paris.id, quantity: 2, serial_numbers: ["G-1", "G-2"] }], { expires_at: daysFromToday(300) })

        const before = await databaseState(getContainer())
        for (const [body, status, message] of [
          [{ serial_numbers: ["NOPE"], reason: "x" }, 400, /Unknown serial number: NOPE/],
          [{ serial_numbers: ["F-1", "F-1"], reason: "x" }, 400, /F-1 more than once/],
          [{ serial_numbers: ["F-1"], lot_ids: ["lot_x"], reason: "x" }, 400, /name the lots \(lot_ids\) or the units \(serial_numbers\)/],
        ] as const) {
          const res = await post("/admin/recalls", body)
          expect([res.status, res.data?.message]).toEqual([status, expect.stringMatching(message)])
        }
        expect(await databaseState(getContainer())).toEqual(before)

        const opened = await post("/admin/recalls", { serial_numbers: ["F-1", "F-3"], reason: "Faulty battery cell", classification: "II" })
        expect([opened.status, opened.data?.message]).toEqual([201, undefined])
        const recall = opened.data.recall
        expect(recall.serials.map((s: any) => [s.serial_number, s.status_at_open, s.status])).toEqual([
          ["F-1", "shipped", "shipped"],
          ["F-3", "in_stock", "in_stock"],
        ])
        expect(opened.data.notices.map((n: any) => [n.order_id, n.quantity, n.lines.map((l: any) => l.serial_numbers)])).toEqual([
          [a.order.id, 1, [["F-1"]]],
        ])
        expect(recall.reallocation).toEqual(expect.objectContaining({ released_units: 1, reallocated_units: 1, shortfall_units: 0 }))
        expect(recall.summary).toEqual(expect.objectContaining({ shipments: 1, orders: 1, units_shipped: 1 }))
        let serials = await serialsOf(getContainer(), device.inventoryItemId)
        expect([serials["F-1"].blocked, serials["F-3"].blocked, serials["F-2"].blocked]).toEqual([true, true, false])
        await expectInvariant(getContainer(), device.inventoryItemId)

        // The regulators' export lists the recalled unit's shipment only, with its serial.
        const csv = await get(`/admin/recalls/${recall.id}/export`)
        expect(csv.status).toEqual(200)
        const [header, ...rows] = parseCsv(csv.data)
        expect(rows).toHaveLength(1)
        expect(rows[0][header.indexOf("Serial number")]).toEqual("F-1")

        // SOON keeps F-3 (recalled) and two units reserved for order B: neither F-2 nor F-4 may leave.
        const soon = (await get(`/admin/lots?q=SOON`)).data.lots[0]
        const leave = await post(`/admin/lots/${soon.id}/write-off`, { location_id: paris.id, serial_numbers: ["F-2"], reason: "damaged" })
        expect([leave.status, leave.data?.message]).toEqual([400, expect.stringMatching(/would leave orders without units they can ship/)])

        const again = await post("/admin/recalls", { serial_numbers: ["F-3"], reason: "again" })
        expect([again.status, again.data?.message]).toEqual([400, expect.stringMatching(/F-3 is already recalled/)])

        // Order B ships around the blocked unit.
        expect((await ship(b.order.id, b.line.id, 3)).status).toEqual(200)
        serials = await serialsOf(getContainer(), device.inventoryItemId)
        expect(Object.values(serials).filter((s: any) => s.order_id === b.order.id).map((s: any) => s.serial_number)).toEqual(["F-2", "F-4", "G-1"])
        expect(serials["F-3"].status).toEqual("in_stock")
        await expectInvariant(getContainer(), device.inventoryItemId)
      })

      it("canceling an order gives its staff-picked serials back to stock", async () => {
        await serialize(device.inventoryItemId)
        await receive("L-1", [{ location_id: paris.id, quantity: 3, serial_numbers: ["H-1", "H-2", "H-3"] }])
        const { order, line } = await orderOf(2)
        expect((await post(`/admin/orders/${order.id}/lots`, { line_item_id: line.id, serial_numbers: ["H-3", "H-2"] })).status).toEqual(200)
        const canceled = await post(`/admin/orders/${order.id}/cancel`, {})
        expect([canceled.status, canceled.data?.message]).toEqual([200, undefined])
        const serials = await serialsOf(getContainer(), device.inventoryItemId)
        expect(Object.values(serials).map((s: any) => [s.serial_number, s.status, s.line_item_id])).toEqual([
          ["H-1", "in_stock", null],
          ["H-2", "in_stock", null],
          ["H-3", "in_stock", null],
        ])
        await expectInvariant(getContainer(), device.inventoryItemId)
      })

      it("units shipped before the item was serialized get serials when they come back", async () => {
        const lot = (await receive("OLD", [{ location_id: paris.id, quantity: 2 }])).data.lot
        const { order, line } = await orderOf(1)
        expect((await ship(order.id, line.id, 1)).status).toEqual(200)
        expect((await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, quantity: 1, reason: "other" })).status).toEqual(200)
        await serialize(device.inventoryItemId, { serial_pattern: "RT-{SEQ:3}" })

        const returnId = await openReturn(order.id, [{ id: line.id, quantity: 1 }])
        expect((await post(`/admin/returns/${returnId}/receive-items`, { items: [{ id: line.id, quantity: 1 }] })).status).toEqual(200)
        expect((await post(`/admin/returns/${returnId}/receive/confirm`, {})).status).toEqual(200)
        await waitFor(async () => (await serialsOf(getContainer(), device.inventoryItemId))["RT-001"], "the returned unit's new serial")
        const serials = await serialsOf(getContainer(), device.inventoryItemId)
        expect(serials["RT-001"]).toEqual(expect.objectContaining({ status: "in_stock", location_id: paris.id, lot_number: "OLD" }))
        await expectInvariant(getContainer(), device.inventoryItemId)
      })

      it("two fulfilments naming the same serial at once: exactly one ships it", async () => {
        await serialize(device.inventoryItemId)
        await receive("L-1", [{ location_id: paris.id, quantity: 4, serial_numbers: ["D-1", "D-2", "D-3", "D-4"] }])
        const one = await orderOf(1)
        const two = await orderOf(1)
        const container = getContainer()
        const results = await whileLocked(
          container,
          `SELECT 1 FROM lot_serial WHERE serial_number = ? FOR UPDATE`,
          ["D-3"],
          1,
          () => [
            ship(one.order.id, one.line.id, 1, { serials: [{ line_item_id: one.line.id, serial_numbers: ["D-3"] }] }),
            ship(two.order.id, two.line.id, 1, { serials: [{ line_item_id: two.line.id, serial_numbers: ["D-3"] }] }),
          ]
        )
        expect(results.map((r) => r.status).sort()).toEqual([200, 400])
        expect(results.find((r) => r.status === 400)!.data.message).toMatch(/D-3 is shipped/)
        const serials = await serialsOf(container, device.inventoryItemId)
        expect(serials["D-3"].status).toEqual("shipped")
        await expectInvariant(container, device.inventoryItemId)
      })
    })
  },
})
