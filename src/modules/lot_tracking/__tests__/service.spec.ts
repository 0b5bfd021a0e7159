import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import type LotTrackingModuleService from "../service"
import { ITEM, knexOf, line, lotWithStock, OTHER_ITEM, PARIS, runnerOptions, snapshot, stockOf } from "./fixtures"

jest.setTimeout(60_000)

moduleIntegrationTestRunner<LotTrackingModuleService>({
  ...runnerOptions,
  testSuite: ({ service, MikroOrmWrapper }) => {
    const knex = () => knexOf(MikroOrmWrapper)

    describe("generateLotNumber", () => {
      it("skips numbers staff typed for the item, and never repeats one, even when asked at once", async () => {
        const year = (await service.today()).slice(0, 4)
        const number = (n: number) => `LOT-${year}-${String(n).padStart(5, "0")}`
        await service.createLots([
          { inventory_item_id: ITEM, lot_number: number(2), received_at: new Date() },
          { inventory_item_id: ITEM, lot_number: number(3), received_at: new Date() },
        ])
        expect(await service.generateLotNumber(ITEM)).toBe(number(1))
        expect(await service.generateLotNumber(ITEM)).toBe(number(4))
        // Another item shares the counter (one per rendered pattern) but not the typed numbers.
        expect(await service.generateLotNumber(OTHER_ITEM)).toBe(number(5))

        const many = await Promise.all(Array.from({ length: 12 }, () => service.generateLotNumber(ITEM)))
        expect(new Set(many).size).toBe(12)
        expect(many.filter((n) => [number(1), number(2), number(3), number(4), number(5)].includes(n))).toEqual([])
        const { rows } = await knex().raw(`SELECT last_value FROM lot_number_sequence WHERE deleted_at IS NULL`)
        expect(rows).toEqual([{ last_value: 17 }])
      })
    })

    describe("subscriber failures", () => {
      it("a dismissal undone opens the failure again, unless a newer failure of the same event and key is open", async () => {
        const run = { event: "order.placed", workflow_id: "allocate-order-lots", input: { order_id: "order_1" }, message: "boom" }
        const a = await service.recordSyncFailure({ ...run, key: "order_1" })
        const b = await service.recordSyncFailure({ ...run, key: "order_2", input: { order_id: "order_2" } })
        expect((await service.resolveSyncFailures({ ids: [a.id, b.id] }, "dismissed")).sort()).toEqual([a.id, b.id].sort())
        // order_2 failed again meanwhile: its new open row stands, the dismissed one stays closed.
        const b2 = await service.recordSyncFailure({ ...run, key: "order_2", input: { order_id: "order_2" } })

        expect(await service.reopenSyncFailures([a.id, b.id])).toEqual([a.id])
        expect((await service.listOpenSyncFailures()).map((f) => f.id).sort()).toEqual([a.id, b2.id].sort())
        // Only dismissals are undone: a failure closed as reconciled stays closed.
        await service.resolveSyncFailures({ ids: [a.id] }, "reconciled")
        expect(await service.reopenSyncFailures([a.id])).toEqual([])
      })
    })

    describe("stock", () => {
      it("setCountedStock refuses to count below the reserved units, and otherwise sets the count", async () => {
        const lot = await lotWithStock(service, "A-1", 10)
        await service.applyAllocationPlan([{ kind: "reserve", ...line(1), lot_id: lot.id, location_id: PARIS, quantity: 4 }])
        await expect(service.setCountedStock({ lot_id: lot.id, location_id: PARIS, counted: 3 })).rejects.toThrow(
          "Cannot count 3 units: 4 units of this lot are reserved for orders at this location. Release them first."
        )
        expect(await stockOf(knex(), lot.id, PARIS)).toEqual({ stocked: 10, reserved: 4 })

        expect(await service.setCountedStock({ lot_id: lot.id, location_id: PARIS, counted: 4 })).toEqual({ previous: 10, counted: 4, reserved: 4 })
        expect(await stockOf(knex(), lot.id, PARIS)).toEqual({ stocked: 4, reserved: 4 })
        // A location without a row yet: counted from 0.
        expect(await service.setCountedStock({ lot_id: lot.id, location_id: "sloc_new", counted: 7 })).toEqual({ previous: 0, counted: 7, reserved: 0 })
        expect(await stockOf(knex(), lot.id, "sloc_new")).toEqual({ stocked: 7, reserved: 0 })
      })

      it("applyStockChanges is all or nothing and says what is available", async () => {
        const a = await lotWithStock(service, "A-1", 10)
        const b = await lotWithStock(service, "B-1", 3)
        const before = await snapshot(knex())
        await expect(
          service.applyStockChanges([
            { lot_id: a.id, location_id: PARIS, stocked: -2 },
            { lot_id: b.id, location_id: PARIS, stocked: -4 },
          ])
        ).rejects.toThrow("Lot B-1 has only 3 units available at location sloc_paris (3 stocked, 0 reserved); cannot take 4")
        expect(await snapshot(knex())).toEqual(before)

        const rows = await service.applyStockChanges([
          { lot_id: a.id, location_id: PARIS, stocked: -2 },
          { lot_id: a.id, location_id: PARIS, stocked: 0, reserved: 3 },
        ])
        expect(rows.map((r) => [r.stocked_quantity, r.reserved_quantity])).toEqual([
          [8, 0],
          [8, 3],
        ])
        await expect(service.applyStockChanges([{ lot_id: a.id, location_id: PARIS, stocked: 0, reserved: -4 }])).rejects.toThrow(
          "Lot A-1 has only 3 units reserved at location sloc_paris; cannot release 4"
        )
      })
    })

    describe("expiry alerts", () => {
      it("claims each lot once per state, re-announces a corrected date, and gives claims back", async () => {
        const a = await lotWithStock(service, "A-1", 5)
        const b = await lotWithStock(service, "B-1", 2)
        const first = await service.claimExpiryAlerts([
          { lot_id: a.id, state: "expiring", expires_at: "2026-12-01", stocked_quantity: 5 },
          { lot_id: b.id, state: "expired", expires_at: "2026-11-01", stocked_quantity: 2 },
        ])
        expect(first.claimed.map((c) => [c.lot_id, c.state]).sort()).toEqual(
          [
            [a.id, "expiring"],
            [b.id, "expired"],
          ].sort()
        )
        // The same lots in the same states again (a second run, or a second instance): nothing to announce.
        const again = await service.claimExpiryAlerts([
          { lot_id: a.id, state: "expiring", expires_at: "2026-12-01", stocked_quantity: 5 },
          { lot_id: b.id, state: "expired", expires_at: "2026-11-01", stocked_quantity: 2 },
        ])
        expect(again.claimed).toEqual([])
        // A new state is a new announcement; a corrected expiry date supersedes the old alert.
        const next = await service.claimExpiryAlerts([
          { lot_id: a.id, state: "expired", expires_at: "2026-12-01", stocked_quantity: 5 },
          { lot_id: b.id, state: "expired", expires_at: "2026-11-15", stocked_quantity: 2 },
        ])
        expect(next.claimed).toHaveLength(2)
        expect(next.undo.superseded).toHaveLength(1)
        const live = async () =>
          (
            await knex().raw(`SELECT lot_id, state, expires_at FROM lot_expiry_alert WHERE deleted_at IS NULL ORDER BY lot_id, state`)
          ).rows
        expect(await live()).toHaveLength(3)

        await service.releaseExpiryAlerts(next.undo)
        expect(await live()).toEqual(
          [
            { lot_id: a.id, state: "expiring", expires_at: "2026-12-01" },
            { lot_id: b.id, state: "expired", expires_at: "2026-11-01" },
          ].sort((x, y) => x.lot_id.localeCompare(y.lot_id))
        )
      })
    })

    describe("recalls", () => {
      it("writes notices, counts them, and removes a recall with everything under it", async () => {
        const lot = await lotWithStock(service, "A-1", 10)
        await service.applyAllocationPlan([
          { kind: "fulfill", ...line(1), lot_id: lot.id, location_id: PARIS, quantity: 3, fulfillment_id: "ful_1" },
          { kind: "fulfill", ...line(2), lot_id: lot.id, location_id: PARIS, quantity: 2, fulfillment_id: "ful_2" },
        ])
        const [allocation] = await service.listLotAllocations({ order_id: "order_1" })
        await service.applyAllocationPlan([{ kind: "return", allocation_id: allocation.id, quantity: 1, location_id: PARIS, return_id: "ret_1" }])
        const since = new Date(Date.now() - 1000)
        await service.applyStockChanges([{ lot_id: lot.id, location_id: PARIS, stocked: -2 }])
        await service.createLotMovements({
          lot_id: lot.id,
          inventory_item_id: ITEM,
          location_id: PARIS,
          type: "written_off",
          quantity: -2,
          reason: "recalled",
        })

        expect(await service.summarizeShipments([lot.id])).toEqual(
          expect.objectContaining({ shipments: 2, orders: 2, units_shipped: 5, units_returned: 1 })
        )
        expect(await service.summarizeShipments([])).toEqual({
          shipments: 0,
          orders: 0,
          units_shipped: 0,
          units_returned: 0,
          first_shipped_at: null,
          last_shipped_at: null,
        })
        expect(await service.recallFigures([lot.id], since)).toEqual({ units_shipped: 5, units_returned: 1, units_written_off: 2, units_in_stock: 4 })

        const recall = await service.createRecalls({ reference: "RCL-2026-0001", reason: "test", status: "open", opened_at: new Date() })
        await service.createRecallLots({ recall_id: recall.id, lot_id: lot.id, lot_number: "A-1", inventory_item_id: ITEM, previous_status: "active" })
        const notice = (n: number, email: string | null) => ({
          id: `rclntc_${n}`,
          recall_id: recall.id,
          order_id: `order_${n}`,
          order_display_id: n,
          customer_id: null,
          email,
          name: null,
          phone: null,
          ship_to: null,
          lines: [],
          quantity: n,
          returned_quantity: 0,
          first_shipped_at: null,
          status: "pending" as const,
        })
        await service.insertRecallNotices([notice(1, "a@example.com"), notice(2, null), notice(3, "A@example.com")])

        const counts = await service.countNoticesByRecall([recall.id, "rcl_other"])
        expect(counts.get(recall.id)).toEqual({
          recall_id: recall.id,
          notice_count: 3,
          customers: 2,
          // A notice without an email is listed as unreachable (staff call the phone).
          pending: 2,
          unreachable: 1,
          sent: 0,
          failed: 0,
          acknowledged: 0,
          void: 0,
          by_acknowledgement: { returned: 0, destroyed: 0, kept: 0 },
          without_email: 1,
          units: 6,
        })
        expect(counts.has("rcl_other")).toBe(false)
        expect(await service.countRecallsByStatus()).toEqual({ open: 1, closed: 0, canceled: 0 })
        expect([...(await service.noticeStatusByOrder(recall.id)).keys()].sort()).toEqual(["order_1", "order_2", "order_3"])

        await service.deleteRecallCascade(recall.id)
        const left = await knex().raw(
          `SELECT (SELECT count(*) FROM recall)::int AS recalls, (SELECT count(*) FROM recall_lot)::int AS lots, (SELECT count(*) FROM recall_notice)::int AS notices`
        )
        expect(left.rows[0]).toEqual({ recalls: 0, lots: 0, notices: 0 })
      })
    })
  },
})
