import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import type LotTrackingModuleService from "../service"
import type { AllocationOp } from "../allocation-plan"
import { ITEM, knexOf, LYON, line, lotWithStock, PARIS, runnerOptions, snapshot, stockOf } from "./fixtures"

jest.setTimeout(60_000)

/**
 * Every allocation operation against the module's real tables: applied (the
 * state it should make), then reverted with its undo log (the state exactly
 * as before), and a plan refused half-way (nothing changed).
 */
moduleIntegrationTestRunner<LotTrackingModuleService>({
  ...runnerOptions,
  testSuite: ({ service, MikroOrmWrapper }) => {
    const knex = () => knexOf(MikroOrmWrapper)

    /** Applies `ops`, runs `check` on the result, reverts, and asserts the tables are back as they were. */
    async function applyAndRevert(ops: AllocationOp[], check: () => Promise<void>) {
      const before = await snapshot(knex())
      const undo = await service.applyAllocationPlan(ops)
      expect(undo.length).toBeGreaterThan(0)
      await check()
      expect(await snapshot(knex())).not.toEqual(before)
      await service.revertAllocationPlan(undo)
      expect(await snapshot(knex())).toEqual(before)
    }

    const allocationsOf = async (orderId: string) =>
      (
        await knex().raw(
          `SELECT lot_id, location_id, quantity, returned_quantity, status, source, fulfillment_id FROM lot_allocation
            WHERE order_id = ? AND deleted_at IS NULL ORDER BY status, quantity`,
          [orderId]
        )
      ).rows

    const movementsOf = async (lotId: string) =>
      (await knex().raw(`SELECT type, quantity, location_id, reference_id FROM lot_movement WHERE lot_id = ? ORDER BY created_at, id`, [lotId])).rows

    it("reserve: units reserved on the lot, a reserved allocation and its movement; undone exactly", async () => {
      const lot = await lotWithStock(service, "A-1", 10)
      await applyAndRevert([{ kind: "reserve", ...line(1), lot_id: lot.id, location_id: PARIS, quantity: 3 }], async () => {
        expect(await stockOf(knex(), lot.id, PARIS)).toEqual({ stocked: 10, reserved: 3 })
        expect(await allocationsOf("order_1")).toEqual([
          expect.objectContaining({ lot_id: lot.id, quantity: 3, status: "reserved", source: "auto" }),
        ])
        expect(await movementsOf(lot.id)).toEqual([expect.objectContaining({ type: "reserved", quantity: 3, reference_id: "order_1" })])
      })
    })

    it("reserve in batch (two lines, one lot twice): one stock update per lot; undone exactly", async () => {
      const a = await lotWithStock(service, "A-1", 10)
      const b = await lotWithStock(service, "B-1", 4)
      await applyAndRevert(
        [
          { kind: "reserve", ...line(1), lot_id: a.id, location_id: PARIS, quantity: 2 },
          { kind: "reserve", ...line(2), lot_id: a.id, location_id: PARIS, quantity: 5 },
          { kind: "reserve", ...line(2), lot_id: b.id, location_id: PARIS, quantity: 4 },
          { kind: "shortfall", ...line(3), location_id: PARIS, quantity: 1 },
        ],
        async () => {
          expect(await stockOf(knex(), a.id, PARIS)).toEqual({ stocked: 10, reserved: 7 })
          expect(await stockOf(knex(), b.id, PARIS)).toEqual({ stocked: 4, reserved: 4 })
          expect(await allocationsOf("order_2")).toHaveLength(2)
          const { rows } = await knex().raw(`SELECT quantity FROM lot_shortfall WHERE order_id = 'order_3' AND deleted_at IS NULL`)
          expect(rows).toEqual([{ quantity: 1 }])
        }
      )
    })

    it("release (part of an allocation): the released units split off; undone exactly", async () => {
      const lot = await lotWithStock(service, "A-1", 10)
      await service.applyAllocationPlan([{ kind: "reserve", ...line(1), lot_id: lot.id, location_id: PARIS, quantity: 5 }])
      const [allocation] = await service.listLotAllocations({ order_id: "order_1" })
      await applyAndRevert([{ kind: "release", allocation_id: allocation.id, quantity: 2, reason: "edited" }], async () => {
        expect(await stockOf(knex(), lot.id, PARIS)).toEqual({ stocked: 10, reserved: 3 })
        expect(await allocationsOf("order_1")).toEqual([
          expect.objectContaining({ quantity: 2, status: "released" }),
          expect.objectContaining({ quantity: 3, status: "reserved" }),
        ])
      })
    })

    it("moving reservations (whole releases, then reserves elsewhere) in batch: the same rows as op by op; undone exactly", async () => {
      const recalled = await lotWithStock(service, "R-1", 10)
      const other = await lotWithStock(service, "O-1", 10)
      await service.applyAllocationPlan([
        { kind: "reserve", ...line(1), lot_id: recalled.id, location_id: PARIS, quantity: 3 },
        { kind: "reserve", ...line(2), lot_id: recalled.id, location_id: PARIS, quantity: 2 },
      ])
      const held = await service.listLotAllocations({ lot_id: recalled.id, status: "reserved" })
      const moves: AllocationOp[] = held.flatMap((a) => [
        { kind: "release" as const, allocation_id: a.id, quantity: a.quantity, reason: "recall" },
        { kind: "reserve" as const, ...line(a.order_id === "order_1" ? 1 : 2), lot_id: other.id, location_id: PARIS, quantity: a.quantity, reason: "recall" },
      ])
      await applyAndRevert(moves, async () => {
        expect(await stockOf(knex(), recalled.id, PARIS)).toEqual({ stocked: 10, reserved: 0 })
        expect(await stockOf(knex(), other.id, PARIS)).toEqual({ stocked: 10, reserved: 5 })
        expect(await allocationsOf("order_1")).toEqual([
          expect.objectContaining({ lot_id: recalled.id, quantity: 3, status: "released" }),
          expect.objectContaining({ lot_id: other.id, quantity: 3, status: "reserved" }),
        ])
        expect((await movementsOf(recalled.id)).map((m: any) => [m.type, m.quantity])).toEqual(
          expect.arrayContaining([
            ["released", -3],
            ["released", -2],
          ])
        )
      })
      // A release of more than is reserved is refused whole: nothing changes.
      const before = await snapshot(knex())
      await expect(
        service.applyAllocationPlan([
          { kind: "release", allocation_id: held[0].id, quantity: held[0].quantity + 1 },
          { kind: "release", allocation_id: held[1].id, quantity: held[1].quantity },
        ])
      ).rejects.toThrow(/reserved units to release/)
      expect(await snapshot(knex())).toEqual(before)
    })

    it("fulfill from a reservation and from available units: stock leaves; undone exactly", async () => {
      const lot = await lotWithStock(service, "A-1", 10)
      await service.applyAllocationPlan([{ kind: "reserve", ...line(1), lot_id: lot.id, location_id: PARIS, quantity: 4 }])
      const [allocation] = await service.listLotAllocations({ order_id: "order_1" })
      await applyAndRevert(
        [
          { kind: "fulfill", ...line(1), allocation_id: allocation.id, lot_id: lot.id, location_id: PARIS, quantity: 4, fulfillment_id: "ful_1" },
          { kind: "fulfill", ...line(2), lot_id: lot.id, location_id: PARIS, quantity: 1, fulfillment_id: "ful_2" },
        ],
        async () => {
          expect(await stockOf(knex(), lot.id, PARIS)).toEqual({ stocked: 5, reserved: 0 })
          expect(await allocationsOf("order_1")).toEqual([expect.objectContaining({ quantity: 4, status: "fulfilled", fulfillment_id: "ful_1" })])
          expect(await allocationsOf("order_2")).toEqual([
            expect.objectContaining({ quantity: 1, status: "fulfilled", source: "manual", fulfillment_id: "ful_2" }),
          ])
        }
      )
    })

    it("unfulfill: a canceled shipment's units are back in stock, reserved again; undone exactly", async () => {
      const lot = await lotWithStock(service, "A-1", 10)
      await service.applyAllocationPlan([{ kind: "fulfill", ...line(1), lot_id: lot.id, location_id: PARIS, quantity: 3, fulfillment_id: "ful_1" }])
      const [allocation] = await service.listLotAllocations({ order_id: "order_1" })
      await applyAndRevert([{ kind: "unfulfill", allocation_id: allocation.id }], async () => {
        expect(await stockOf(knex(), lot.id, PARIS)).toEqual({ stocked: 10, reserved: 3 })
        expect(await allocationsOf("order_1")).toEqual([expect.objectContaining({ status: "reserved", fulfillment_id: null })])
      })
    })

    it("return, return_receive (restocked and damaged): counted on the shipment; undone exactly", async () => {
      const lot = await lotWithStock(service, "A-1", 10)
      // The lot already has a row at Lyon: a revert restores units, and leaves a row the plan created (empty) in place.
      await service.applyStockChanges([{ lot_id: lot.id, location_id: LYON, stocked: 1 }])
      await service.applyAllocationPlan([{ kind: "fulfill", ...line(1), lot_id: lot.id, location_id: PARIS, quantity: 6, fulfillment_id: "ful_1" }])
      const [allocation] = await service.listLotAllocations({ order_id: "order_1" })
      await applyAndRevert(
        [
          { kind: "return", allocation_id: allocation.id, quantity: 1, location_id: LYON, return_id: "ret_1" },
          { kind: "return_receive", allocation_id: allocation.id, quantity: 2, location_id: PARIS, return_id: "ret_2", damaged: false },
          { kind: "return_receive", allocation_id: allocation.id, quantity: 3, location_id: PARIS, return_id: "ret_3", damaged: true },
        ],
        async () => {
          expect(await stockOf(knex(), lot.id, LYON)).toEqual({ stocked: 2, reserved: 0 })
          expect(await stockOf(knex(), lot.id, PARIS)).toEqual({ stocked: 6, reserved: 0 })
          expect(await allocationsOf("order_1")).toEqual([expect.objectContaining({ quantity: 6, returned_quantity: 6 })])
          const types = (await movementsOf(lot.id)).map((m: { type: string; quantity: number }) => [m.type, m.quantity])
          expect(types.slice(-3)).toEqual([
            ["returned", 1],
            ["returned", 2],
            ["return_damaged", 0],
          ])
        }
      )
    })

    it("return_awaiting_lot, then return_lot_confirmed: units move from the awaiting lot to their lot; each undone exactly", async () => {
      const lot = await lotWithStock(service, "A-1", 10)
      const awaiting = await lotWithStock(service, "AWAITING", 0, { status: "quarantined" })
      await service.applyAllocationPlan([{ kind: "fulfill", ...line(1), lot_id: lot.id, location_id: PARIS, quantity: 5, fulfillment_id: "ful_1" }])
      const [allocation] = await service.listLotAllocations({ order_id: "order_1" })
      const awaitingOp: AllocationOp = {
        kind: "return_awaiting_lot",
        ...line(1),
        lot_id: awaiting.id,
        quantity: 2,
        location_id: PARIS,
        return_id: "ret_1",
        damaged: false,
      }
      await applyAndRevert([awaitingOp], async () => {
        expect(await stockOf(knex(), awaiting.id, PARIS)).toEqual({ stocked: 2, reserved: 0 })
      })
      await service.applyAllocationPlan([awaitingOp])
      await applyAndRevert(
        [
          {
            kind: "return_lot_confirmed",
            allocation_id: allocation.id,
            from_lot_id: awaiting.id,
            quantity: 2,
            location_id: PARIS,
            return_id: "ret_1",
            damaged: false,
          },
        ],
        async () => {
          expect(await stockOf(knex(), awaiting.id, PARIS)).toEqual({ stocked: 0, reserved: 0 })
          expect(await stockOf(knex(), lot.id, PARIS)).toEqual({ stocked: 7, reserved: 0 })
          expect(await allocationsOf("order_1")).toEqual([expect.objectContaining({ returned_quantity: 2 })])
        }
      )
    })

    it("return_awaiting_lot refuses an active lot", async () => {
      const lot = await lotWithStock(service, "A-1", 10)
      const before = await snapshot(knex())
      await expect(
        service.applyAllocationPlan([
          { kind: "return_awaiting_lot", ...line(1), lot_id: lot.id, quantity: 1, location_id: PARIS, return_id: "ret_1", damaged: false },
        ])
      ).rejects.toThrow("is not a blocked lot")
      expect(await snapshot(knex())).toEqual(before)
    })

    it("shortfall: created, changed and cleared; each undone exactly", async () => {
      await applyAndRevert([{ kind: "shortfall", ...line(1), location_id: PARIS, quantity: 2 }], async () => {
        expect(await service.listShortfallsFor([{ inventory_item_id: line(1).inventory_item_id, location_id: PARIS }])).toEqual([
          expect.objectContaining({ order_id: "order_1", quantity: 2 }),
        ])
      })
      await service.applyAllocationPlan([{ kind: "shortfall", ...line(1), location_id: PARIS, quantity: 2 }])
      await applyAndRevert([{ kind: "shortfall", ...line(1), location_id: LYON, quantity: 5 }], async () => {
        expect(await service.listShortfallsFor([{ inventory_item_id: line(1).inventory_item_id, location_id: LYON }])).toEqual([
          expect.objectContaining({ quantity: 5 }),
        ])
      })
      await applyAndRevert([{ kind: "shortfall", ...line(1), location_id: PARIS, quantity: 0 }], async () => {
        expect(await service.listShortfallsFor([{ inventory_item_id: line(1).inventory_item_id, location_id: PARIS }])).toEqual([])
      })
    })

    it("a plan refused half-way (a stock update finds no units) changes nothing, and says what is available", async () => {
      const a = await lotWithStock(service, "A-1", 10)
      const b = await lotWithStock(service, "B-1", 5)
      await service.applyAllocationPlan([{ kind: "reserve", ...line(9), lot_id: b.id, location_id: PARIS, quantity: 1 }])
      const before = await snapshot(knex())
      await expect(
        service.applyAllocationPlan([
          { kind: "reserve", ...line(1), lot_id: a.id, location_id: PARIS, quantity: 3 },
          { kind: "shortfall", ...line(2), location_id: PARIS, quantity: 1 },
          { kind: "fulfill", ...line(3), lot_id: b.id, location_id: PARIS, quantity: 5, fulfillment_id: "ful_1" },
        ])
      ).rejects.toThrow("Lot B-1 has only 4 units available at location sloc_paris (5 stocked, 1 reserved); cannot ship 5")
      expect(await snapshot(knex())).toEqual(before)
    })

    it("a batch of reserves refused on one lot changes nothing", async () => {
      const a = await lotWithStock(service, "A-1", 10)
      const b = await lotWithStock(service, "B-1", 2)
      const before = await snapshot(knex())
      await expect(
        service.applyAllocationPlan([
          { kind: "reserve", ...line(1), lot_id: a.id, location_id: PARIS, quantity: 3 },
          { kind: "reserve", ...line(2), lot_id: b.id, location_id: PARIS, quantity: 3 },
        ])
      ).rejects.toThrow("Lot B-1 has only 2 units available at location sloc_paris; cannot reserve 3")
      expect(await snapshot(knex())).toEqual(before)
    })

    it("units of a blocked or expired lot are never reserved or shipped", async () => {
      const recalled = await lotWithStock(service, "R-1", 5, { status: "recalled" })
      const expired = await service.createLots({ inventory_item_id: line(1).inventory_item_id, lot_number: "E-1", expires_at: "2020-01-01", received_at: new Date() })
      await service.applyStockChanges([{ lot_id: expired.id, location_id: PARIS, stocked: 5 }])
      const before = await snapshot(knex())
      await expect(
        service.applyAllocationPlan([{ kind: "reserve", ...line(1), lot_id: recalled.id, location_id: PARIS, quantity: 1 }])
      ).rejects.toThrow("Lot R-1 is recalled; its units cannot be reserved")
      await expect(
        service.applyAllocationPlan([{ kind: "fulfill", ...line(1), lot_id: expired.id, location_id: PARIS, quantity: 1, fulfillment_id: "ful_1" }])
      ).rejects.toThrow("Lot E-1 expired on 2020-01-01; its units cannot be shipped")
      expect(await snapshot(knex())).toEqual(before)
    })

    describe("serials", () => {
      const serialsOf = async (lotId: string) =>
        (
          await knex().raw(
            `SELECT serial_number, status, location_id, line_item_id, blocked FROM lot_serial WHERE lot_id = ? ORDER BY serial_number`,
            [lotId]
          )
        ).rows.map((r: any) => [r.serial_number, r.status, r.location_id, r.line_item_id, r.blocked])

      /** A lot of 4 units at Paris with serials S-1..S-4. */
      async function serializedLot() {
        const lot = await lotWithStock(service, "S-LOT", 4)
        await service.applyAllocationPlan([
          { kind: "serial_receive", lot_id: lot.id, inventory_item_id: ITEM, location_id: PARIS, serial_numbers: ["S-1", "S-2", "S-3", "S-4"], scope: "item" },
        ])
        return lot
      }

      it("serial_receive: units in stock with a history; a taken number is refused and nothing is written; undone exactly", async () => {
        const lot = await lotWithStock(service, "S-LOT", 2)
        await applyAndRevert(
          [{ kind: "serial_receive", lot_id: lot.id, inventory_item_id: ITEM, location_id: PARIS, serial_numbers: ["X-1", "X-2"], scope: "item" }],
          async () => {
            expect(await serialsOf(lot.id)).toEqual([
              ["X-1", "in_stock", PARIS, null, false],
              ["X-2", "in_stock", PARIS, null, false],
            ])
          }
        )
        await service.applyAllocationPlan([
          { kind: "serial_receive", lot_id: lot.id, inventory_item_id: ITEM, location_id: PARIS, serial_numbers: ["X-1"], scope: "item" },
        ])
        const before = await snapshot(knex())
        await expect(
          service.applyAllocationPlan([
            { kind: "serial_receive", lot_id: lot.id, inventory_item_id: ITEM, location_id: PARIS, serial_numbers: ["X-2", "X-1"], scope: "item" },
          ])
        ).rejects.toThrow("serial_numbers: serial number already in use: X-1; nothing was received")
        expect(await snapshot(knex())).toEqual(before)
      })

      it("reserve with serials, fulfil (auto: reserved ones first, then the lowest), unfulfil; each undone exactly", async () => {
        const lot = await serializedLot()
        await applyAndRevert(
          [{ kind: "reserve", ...line(1), lot_id: lot.id, location_id: PARIS, quantity: 1, serial_numbers: ["S-3"], source: "manual" }],
          async () => {
            expect((await serialsOf(lot.id))[2]).toEqual(["S-3", "reserved", PARIS, "ordli_1", false])
          }
        )
        await service.applyAllocationPlan([
          { kind: "reserve", ...line(1), lot_id: lot.id, location_id: PARIS, quantity: 1, serial_numbers: ["S-3"], source: "manual" },
          { kind: "reserve", ...line(1), lot_id: lot.id, location_id: PARIS, quantity: 1 },
        ])
        const reserved = await service.listLotAllocations({ order_id: "order_1", status: "reserved" }, { order: { created_at: "ASC" } })
        await applyAndRevert(
          reserved.map((a) => ({
            kind: "fulfill" as const,
            ...line(1),
            allocation_id: a.id,
            lot_id: lot.id,
            location_id: PARIS,
            quantity: 1,
            fulfillment_id: "ful_1",
            serialized: true,
          })),
          async () => {
            expect((await serialsOf(lot.id)).map((s: unknown[]) => s.slice(0, 2))).toEqual([
              ["S-1", "shipped"],
              ["S-2", "in_stock"],
              ["S-3", "shipped"],
              ["S-4", "in_stock"],
            ])
          }
        )
      })

      it("serial_block: blocked where they are, a reserved one taken off its line; undone exactly", async () => {
        const lot = await serializedLot()
        await service.applyAllocationPlan([
          { kind: "reserve", ...line(1), lot_id: lot.id, location_id: PARIS, quantity: 1, serial_numbers: ["S-2"], source: "manual" },
        ])
        const ids = (await service.listLotSerials({ serial_number: ["S-1", "S-2"] })).map((s) => s.id)
        await applyAndRevert([{ kind: "serial_block", serial_ids: ids, recall_id: "rcl_1" }], async () => {
          expect((await serialsOf(lot.id)).slice(0, 2)).toEqual([
            ["S-1", "in_stock", PARIS, null, true],
            ["S-2", "in_stock", PARIS, null, true],
          ])
        })
      })
    })
  },
})
