import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import {
  Lot,
  LotAllocation,
  LotMovement,
  LotNumberSequence,
  LotShortfall,
  LotStock,
  LotTrackingPolicy,
  LotExpiryAlert,
  LotTrackingState,
  LotSyncFailure,
  Recall,
  RecallLot,
  RecallNotice,
} from "./models"
import { calendarDateIn, isValidTimeZone } from "../../lib/calendar-date"
import { lotNumberPattern, patternProblem } from "../../lib/lot-number"
import { executePlan, revertPlan, type AllocationOp, type UndoEntry } from "./allocation-plan"
import type { CandidateLot } from "../../lib/lot-choice"
import { computeHold, type Hold, type HoldCandidate } from "../../lib/lot-hold"
import type {
  EffectivePolicy,
  LotStatus,
  LotListConfig,
  LotListFilters,
  LotTrackingOptions,
  LotWithTotals,
  ResolvedLotTrackingOptions,
  StockChange,
  StockRow,
} from "./types"

const DEFAULT_OPTIONS: ResolvedLotTrackingOptions = {
  default_strategy: "fefo",
  expiry_warning_days: 30,
  min_shelf_life_days: 0,
  require_expiry: false,
  lot_number_pattern: "LOT-{YYYY}-{SEQ:5}",
  time_zone: "UTC",
  auto_write_off_expired: false,
  hold_short_shelf_life: false,
  lock_timeout_seconds: 30,
}

const SORTABLE = new Set(["expires_at", "received_at", "manufactured_at", "lot_number", "created_at"])

function resolveOptions(options: LotTrackingOptions = {}): ResolvedLotTrackingOptions {
  const resolved = { ...DEFAULT_OPTIONS, ...options }
  const problem = patternProblem(resolved.lot_number_pattern)
  if (problem) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `lot_tracking: ${problem}`)
  }
  if (!Number.isFinite(resolved.lock_timeout_seconds) || resolved.lock_timeout_seconds < 1) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `lot_tracking: lock_timeout_seconds must be at least 1`)
  }
  if (!isValidTimeZone(resolved.time_zone)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `lot_tracking: unknown time_zone ${resolved.time_zone}`)
  }
  return resolved
}

export type ItemLocation = { inventory_item_id: string; location_id: string }

const pairKey = (p: ItemLocation) => `${p.inventory_item_id}:${p.location_id}`

function uniquePairs(pairs: ItemLocation[]): ItemLocation[] {
  return [...new Map(pairs.map((p) => [pairKey(p), { inventory_item_id: p.inventory_item_id, location_id: p.location_id }])).values()]
}

type ModuleContext = Context & { transactionManager?: any; manager?: any }

function knexOf(ctx: ModuleContext): Knex {
  const manager = ctx.transactionManager ?? ctx.manager
  return (manager.getTransactionContext() ?? manager.getKnex()) as Knex
}

class LotTrackingModuleService extends MedusaService({
  Lot,
  LotStock,
  LotMovement,
  LotTrackingPolicy,
  LotNumberSequence,
  LotAllocation,
  LotShortfall,
  Recall,
  RecallLot,
  RecallNotice,
  LotExpiryAlert,
  LotTrackingState,
  LotSyncFailure,
}) {
  protected readonly options_: ResolvedLotTrackingOptions

  constructor(container: Record<string, unknown>, options?: LotTrackingOptions) {
    super(...arguments)
    this.options_ = resolveOptions(options)
  }

  async getOptions(): Promise<ResolvedLotTrackingOptions> {
    return this.options_
  }

  /** Today's calendar date in the merchant's time zone: the one clock for expiry. */
  async today(now: Date = new Date()): Promise<string> {
    return calendarDateIn(now, this.options_.time_zone)
  }

  /** Policies with the plugin defaults filled in, one per requested item. */
  @InjectManager()
  async resolvePolicies(
    inventoryItemIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, EffectivePolicy>> {
    const ids = [...new Set(inventoryItemIds)]
    const rows = ids.length
      ? await this.listLotTrackingPolicies({ inventory_item_id: ids }, {}, sharedContext)
      : []
    const byItem = new Map(rows.map((r) => [r.inventory_item_id, r]))
    const o = this.options_
    return new Map(
      ids.map((id) => {
        const row = byItem.get(id)
        return [
          id,
          {
            inventory_item_id: id,
            tracked: row ? row.tracked : false,
            strategy: (row?.strategy ?? o.default_strategy) as EffectivePolicy["strategy"],
            min_shelf_life_days: row?.min_shelf_life_days ?? o.min_shelf_life_days,
            expiry_warning_days: row?.expiry_warning_days ?? o.expiry_warning_days,
            require_expiry: row?.require_expiry ?? o.require_expiry,
            is_default: !row,
          },
        ]
      })
    )
  }

  /**
   * Applies stock changes all-or-nothing, each as one conditional statement:
   * a change that would make stocked or reserved negative, or reserved exceed
   * stocked, updates no row and the whole call fails with what is available.
   */
  @InjectManager()
  async applyStockChanges(
    changes: StockChange[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<StockRow[]> {
    return this.applyStockChanges_(changes, sharedContext)
  }

  @InjectTransactionManager()
  protected async applyStockChanges_(
    changes: StockChange[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<StockRow[]> {
    const knex = knexOf(sharedContext as ModuleContext)
    const results: StockRow[] = []
    for (const change of changes) {
      const stocked = change.stocked
      const reserved = change.reserved ?? 0
      let row: StockRow | undefined
      if (stocked >= 0 && reserved === 0) {
        const { rows } = await knex.raw(
          `INSERT INTO lot_stock (id, lot_id, location_id, stocked_quantity, reserved_quantity)
           VALUES (?, ?, ?, ?, 0)
           ON CONFLICT (lot_id, location_id) WHERE deleted_at IS NULL
           DO UPDATE SET stocked_quantity = lot_stock.stocked_quantity + EXCLUDED.stocked_quantity,
                         updated_at = now()
           RETURNING id, lot_id, location_id, stocked_quantity, reserved_quantity`,
          [generateEntityId(undefined, "lotstk"), change.lot_id, change.location_id, stocked]
        )
        row = rows[0]
      } else {
        const { rows } = await knex.raw(
          `UPDATE lot_stock
              SET stocked_quantity = stocked_quantity + ?,
                  reserved_quantity = reserved_quantity + ?,
                  updated_at = now()
            WHERE lot_id = ? AND location_id = ? AND deleted_at IS NULL
              AND stocked_quantity + ? >= reserved_quantity + ?
              AND reserved_quantity + ? >= 0
            RETURNING id, lot_id, location_id, stocked_quantity, reserved_quantity`,
          [stocked, reserved, change.lot_id, change.location_id, stocked, reserved, reserved]
        )
        row = rows[0]
      }
      if (!row) {
        throw await this.stockProblem(knex, change)
      }
      results.push(row)
    }
    return results
  }

  /**
   * Makes items tracked (policy row with plugin defaults) unless they already
   * have a policy; concurrent first receipts of one item create one row.
   * Returns the ids of the rows it created.
   */
  @InjectManager()
  async ensureTrackingPolicies(
    inventoryItemIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return this.ensureTrackingPolicies_(inventoryItemIds, sharedContext)
  }

  @InjectTransactionManager()
  protected async ensureTrackingPolicies_(
    inventoryItemIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const knex = knexOf(sharedContext as ModuleContext)
    const created: string[] = []
    for (const id of [...new Set(inventoryItemIds)]) {
      const { rows } = await knex.raw(
        `INSERT INTO lot_tracking_policy (id, inventory_item_id, tracked) VALUES (?, ?, true)
         ON CONFLICT (inventory_item_id) WHERE deleted_at IS NULL DO NOTHING
         RETURNING id`,
        [generateEntityId(undefined, "lotpol"), id]
      )
      created.push(...rows.map((r: { id: string }) => r.id))
    }
    return created
  }

  /**
   * Sets the stocked quantity of a lot at a location to a counted figure and
   * returns what it was, atomically (the row is locked between read and write).
   */
  @InjectManager()
  async setCountedStock(
    input: { lot_id: string; location_id: string; counted: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ previous: number; counted: number; reserved: number }> {
    return this.setCountedStock_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async setCountedStock_(
    input: { lot_id: string; location_id: string; counted: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ previous: number; counted: number; reserved: number }> {
    const knex = knexOf(sharedContext as ModuleContext)
    const { rows } = await knex.raw(
      `SELECT stocked_quantity, reserved_quantity FROM lot_stock
        WHERE lot_id = ? AND location_id = ? AND deleted_at IS NULL FOR UPDATE`,
      [input.lot_id, input.location_id]
    )
    const current = rows[0] as { stocked_quantity: number; reserved_quantity: number } | undefined
    if (current && input.counted < current.reserved_quantity) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Cannot count ${input.counted} units: ${current.reserved_quantity} units of this lot are reserved for orders at this location. Release them first.`
      )
    }
    await knex.raw(
      `INSERT INTO lot_stock (id, lot_id, location_id, stocked_quantity, reserved_quantity)
       VALUES (?, ?, ?, ?, 0)
       ON CONFLICT (lot_id, location_id) WHERE deleted_at IS NULL
       DO UPDATE SET stocked_quantity = EXCLUDED.stocked_quantity, updated_at = now()`,
      [generateEntityId(undefined, "lotstk"), input.lot_id, input.location_id, input.counted]
    )
    return {
      previous: current?.stocked_quantity ?? 0,
      counted: input.counted,
      reserved: current?.reserved_quantity ?? 0,
    }
  }

  /**
   * Next generated lot number for an item. The counter advances with one
   * atomic upsert, so concurrent receipts never share a number; numbers that
   * staff already typed for this item are skipped.
   */
  @InjectManager()
  async generateLotNumber(
    inventoryItemId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string> {
    return this.generateLotNumber_(inventoryItemId, sharedContext)
  }

  @InjectTransactionManager()
  protected async generateLotNumber_(
    inventoryItemId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string> {
    const knex = knexOf(sharedContext as ModuleContext)
    const pattern = lotNumberPattern(this.options_.lot_number_pattern, await this.today())
    for (let attempt = 0; attempt < 1000; attempt++) {
      const { rows } = await knex.raw(
        `INSERT INTO lot_number_sequence (id, key, last_value) VALUES (?, ?, 1)
         ON CONFLICT (key) WHERE deleted_at IS NULL
         DO UPDATE SET last_value = lot_number_sequence.last_value + 1, updated_at = now()
         RETURNING last_value`,
        [generateEntityId(undefined, "lotseq"), pattern.sequenceKey]
      )
      const candidate = pattern.render(Number(rows[0].last_value))
      const taken = await knex.raw(
        `SELECT 1 FROM lot WHERE inventory_item_id = ? AND lot_number = ? AND deleted_at IS NULL`,
        [inventoryItemId, candidate]
      )
      if (!taken.rows.length) {
        return candidate
      }
    }
    throw new MedusaError(MedusaError.Types.CONFLICT, "Could not generate a free lot number; type one instead")
  }

  /**
   * Runs allocation operations (reserve, release, fulfil, unfulfil, return,
   * shortfall) in one transaction and returns the undo log for compensation.
   */
  @InjectManager()
  async applyAllocationPlan(
    ops: AllocationOp[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<UndoEntry[]> {
    return this.applyAllocationPlan_(ops, sharedContext)
  }

  @InjectTransactionManager()
  protected async applyAllocationPlan_(
    ops: AllocationOp[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<UndoEntry[]> {
    return ops.length ? executePlan(knexOf(sharedContext as ModuleContext), ops, { today: await this.today() }) : []
  }

  @InjectManager()
  async revertAllocationPlan(
    undo: UndoEntry[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    return this.revertAllocationPlan_(undo, sharedContext)
  }

  @InjectTransactionManager()
  protected async revertAllocationPlan_(
    undo: UndoEntry[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    if (undo?.length) {
      await revertPlan(knexOf(sharedContext as ModuleContext), undo)
    }
  }

  /** Whether the order already has lot allocations or shortfalls (the idempotency check of allocation). */
  @InjectManager()
  async hasOrderLots(orderId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const knex = knexOf(sharedContext as ModuleContext)
    const { rows } = await knex.raw(
      `SELECT EXISTS (SELECT 1 FROM lot_allocation WHERE order_id = ? AND deleted_at IS NULL)
           OR EXISTS (SELECT 1 FROM lot_shortfall WHERE order_id = ? AND deleted_at IS NULL) AS found`,
      [orderId, orderId]
    )
    return rows[0].found === true
  }

  /** Candidate lots for several (item, location) pairs in one query, keyed `item:location`. */
  @InjectManager()
  async listCandidateLotsFor(
    pairs: { inventory_item_id: string; location_id: string }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, CandidateLot[]>> {
    const result = new Map<string, CandidateLot[]>(pairs.map((p) => [`${p.inventory_item_id}:${p.location_id}`, []]))
    if (!pairs.length) {
      return result
    }
    const knex = knexOf(sharedContext as ModuleContext)
    const { rows } = await knex.raw(
      `SELECT l.inventory_item_id, s.location_id, l.id AS lot_id, l.lot_number, l.status, l.expires_at, l.received_at,
              (s.stocked_quantity - s.reserved_quantity) AS available
         FROM lot l JOIN lot_stock s ON s.lot_id = l.id AND s.deleted_at IS NULL
        WHERE l.deleted_at IS NULL AND s.stocked_quantity > 0
          AND (l.inventory_item_id, s.location_id) IN (${pairs.map(() => "(?, ?)").join(", ")})`,
      pairs.flatMap((p) => [p.inventory_item_id, p.location_id])
    )
    for (const { inventory_item_id, location_id, ...candidate } of rows) {
      result.get(`${inventory_item_id}:${location_id}`)?.push(candidate)
    }
    return result
  }

  /** Every lot of an item with stock at a location, for the lot choice rule. */
  @InjectManager()
  async listCandidateLots(
    inventoryItemId: string,
    locationId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CandidateLot[]> {
    const knex = knexOf(sharedContext as ModuleContext)
    const { rows } = await knex.raw(
      `SELECT l.id AS lot_id, l.lot_number, l.status, l.expires_at, l.received_at,
              (s.stocked_quantity - s.reserved_quantity) AS available
         FROM lot l JOIN lot_stock s ON s.lot_id = l.id AND s.deleted_at IS NULL
        WHERE l.inventory_item_id = ? AND s.location_id = ? AND l.deleted_at IS NULL AND s.stocked_quantity > 0`,
      [inventoryItemId, locationId]
    )
    return rows
  }

  /**
   * The hold of each (item, location): free units of lots that may not be
   * sold (see `src/lib/lot-hold.ts`), read in one statement. Keyed `item:location`.
   */
  @InjectManager()
  async computeHolds(
    pairs: ItemLocation[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, Hold>> {
    const unique = uniquePairs(pairs)
    const result = new Map<string, Hold>()
    if (!unique.length) {
      return result
    }
    const knex = knexOf(sharedContext as ModuleContext)
    // One after the other: they may share the caller's transaction (one connection).
    const policies = await this.resolvePolicies(unique.map((p) => p.inventory_item_id), sharedContext)
    const today = await this.today()
    const { rows } = await knex.raw(
        `SELECT l.inventory_item_id, s.location_id, l.id AS lot_id, l.lot_number, l.status, l.expires_at,
                s.stocked_quantity, s.reserved_quantity
           FROM lot l JOIN lot_stock s ON s.lot_id = l.id AND s.deleted_at IS NULL
          WHERE l.deleted_at IS NULL AND s.stocked_quantity > s.reserved_quantity
            AND (l.inventory_item_id, s.location_id) IN (${unique.map(() => "(?, ?)").join(", ")})`,
      unique.flatMap((p) => [p.inventory_item_id, p.location_id])
    )
    const byPair = new Map<string, HoldCandidate[]>(unique.map((p) => [pairKey(p), []]))
    for (const { inventory_item_id, location_id, ...lot } of rows) {
      byPair.get(`${inventory_item_id}:${location_id}`)?.push(lot)
    }
    for (const p of unique) {
      const policy = policies.get(p.inventory_item_id)!
      result.set(pairKey(p), computeHold(byPair.get(pairKey(p))!, policy, today, this.options_.hold_short_shelf_life))
    }
    return result
  }

  /**
   * Every (item, location) where a tracked item has lot stock: what the
   * expiry watch reconciles holds over. Ordered, so batches are stable.
   */
  @InjectManager()
  async listTrackedStockPairs(@MedusaContext() sharedContext: Context = {}): Promise<ItemLocation[]> {
    const knex = knexOf(sharedContext as ModuleContext)
    const { rows } = await knex.raw(
      `SELECT DISTINCT l.inventory_item_id, s.location_id
         FROM lot l JOIN lot_stock s ON s.lot_id = l.id AND s.deleted_at IS NULL
         JOIN lot_tracking_policy p ON p.inventory_item_id = l.inventory_item_id AND p.deleted_at IS NULL AND p.tracked
        WHERE l.deleted_at IS NULL AND s.stocked_quantity > 0
        ORDER BY 1, 2`
    )
    return rows
  }

  /**
   * Moves lots to a status only from the allowed ones, in one conditional
   * statement with the rows locked: a release racing a recall can never make
   * a recalled lot active. Nothing changes unless every lot may move; the
   * refusal (409) names each lot's current status.
   */
  @InjectManager()
  async setLotStatuses(
    input: { lot_ids: string[]; to: LotStatus; allowed_from: LotStatus[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; lot_number: string; inventory_item_id: string; previous_status: LotStatus }[]> {
    return this.setLotStatuses_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async setLotStatuses_(
    input: { lot_ids: string[]; to: LotStatus; allowed_from: LotStatus[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; lot_number: string; inventory_item_id: string; previous_status: LotStatus }[]> {
    const ids = [...new Set(input.lot_ids)]
    if (!ids.length) {
      return []
    }
    const knex = knexOf(sharedContext as ModuleContext)
    // Lock in id order so two status changes over the same lots cannot deadlock.
    const { rows: current } = await knex.raw(
      `SELECT id, lot_number, inventory_item_id, status FROM lot
        WHERE id IN (${ids.map(() => "?").join(", ")}) AND deleted_at IS NULL
        ORDER BY id FOR UPDATE`,
      ids
    )
    if (current.length !== ids.length) {
      const found = new Set(current.map((r: { id: string }) => r.id))
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Lot ${ids.filter((id) => !found.has(id)).join(", ")} was not found`)
    }
    const refused = current.filter((r: { status: LotStatus }) => !input.allowed_from.includes(r.status))
    if (refused.length) {
      const list = refused.map((r: { lot_number: string; status: string }) => `${r.lot_number} is ${r.status}`).join(", ")
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Cannot set ${refused.length === 1 ? "lot" : "lots"} to ${input.to}: ${list}; only ${input.allowed_from.join(" or ")} lots can be`
      )
    }
    await knex.raw(
      `UPDATE lot SET status = ?, updated_at = now() WHERE id IN (${ids.map(() => "?").join(", ")})`,
      [input.to, ...ids]
    )
    return current.map((r: { id: string; lot_number: string; inventory_item_id: string; status: LotStatus }) => ({
      id: r.id,
      lot_number: r.lot_number,
      inventory_item_id: r.inventory_item_id,
      previous_status: r.status,
    }))
  }

  /** Restores statuses a `setLotStatuses` changed (compensation), unconditionally. */
  @InjectManager()
  async restoreLotStatuses(
    previous: { id: string; status: LotStatus }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    if (previous.length) {
      await this.updateLots(previous, sharedContext)
    }
  }

  /**
   * Order lines waiting for stock of these (item, location) pairs, oldest
   * order first (then line), so arriving units go to whoever waited longest.
   */
  @InjectManager()
  async listShortfallsFor(
    pairs: ItemLocation[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; order_id: string; line_item_id: string; inventory_item_id: string; location_id: string; quantity: number }[]> {
    const unique = uniquePairs(pairs)
    if (!unique.length) {
      return []
    }
    const knex = knexOf(sharedContext as ModuleContext)
    const { rows } = await knex.raw(
      `SELECT id, order_id, line_item_id, inventory_item_id, location_id, quantity
         FROM lot_shortfall
        WHERE deleted_at IS NULL
          AND (inventory_item_id, location_id) IN (${unique.map(() => "(?, ?)").join(", ")})
        ORDER BY created_at, order_id, line_item_id`,
      unique.flatMap((p) => [p.inventory_item_id, p.location_id])
    )
    return rows
  }

  /**
   * Claims a job's run for a calendar day: true (and the day recorded) only
   * for the first caller on a new day, in one atomic upsert, so an hourly job
   * on several instances acts once per day. Returns the day it replaced, for
   * `releaseDailyRun` when the run fails.
   */
  @InjectManager()
  async claimDailyRun(
    job: string,
    day: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ claimed: boolean; previous: string | null }> {
    const knex = knexOf(sharedContext as ModuleContext)
    const key = `${job}:last_day`
    const { rows: before } = await knex.raw(`SELECT value FROM lot_tracking_state WHERE key = ? AND deleted_at IS NULL`, [key])
    const { rows } = await knex.raw(
      `INSERT INTO lot_tracking_state (id, key, value) VALUES (?, ?, ?)
       ON CONFLICT (key) WHERE deleted_at IS NULL
       DO UPDATE SET value = EXCLUDED.value, updated_at = now()
       WHERE lot_tracking_state.value <> EXCLUDED.value
       RETURNING id`,
      [generateEntityId(undefined, "lotst"), key, day]
    )
    return { claimed: rows.length > 0, previous: before[0]?.value ?? null }
  }

  /** Gives a claimed day back after a failed run, so the next hour tries again. */
  @InjectManager()
  async releaseDailyRun(
    job: string,
    day: string,
    previous: string | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const knex = knexOf(sharedContext as ModuleContext)
    const key = `${job}:last_day`
    if (previous === null) {
      await knex.raw(`DELETE FROM lot_tracking_state WHERE key = ? AND value = ?`, [key, day])
    } else {
      await knex.raw(`UPDATE lot_tracking_state SET value = ?, updated_at = now() WHERE key = ? AND value = ?`, [previous, key, day])
    }
  }

  /**
   * Records a failed subscriber run (see `src/workflows/steps/run-lot-subscriber.ts`):
   * one open row per (event, key), a repeated failure counts attempts and
   * keeps the latest message. One upsert on the partial unique index.
   */
  @InjectManager()
  async recordSyncFailure(
    input: { event: string; key: string; workflow_id: string; input: Record<string, unknown>; message: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; attempts: number }> {
    const knex = knexOf(sharedContext as ModuleContext)
    const { rows } = await knex.raw(
      `INSERT INTO lot_sync_failure (id, event, key, workflow_id, input, message, attempts, failed_at)
       VALUES (?, ?, ?, ?, ?::jsonb, ?, 1, now())
       ON CONFLICT (event, key) WHERE resolved_at IS NULL AND deleted_at IS NULL
       DO UPDATE SET attempts = lot_sync_failure.attempts + 1, message = EXCLUDED.message, input = EXCLUDED.input,
                     workflow_id = EXCLUDED.workflow_id, failed_at = now(), updated_at = now()
       RETURNING id, attempts`,
      [generateEntityId(undefined, "lotsyf"), input.event, input.key, input.workflow_id, JSON.stringify(input.input ?? {}), input.message]
    )
    return rows[0]
  }

  /**
   * Closes open failures, by id or by (event, key), with a resolution
   * (`succeeded`, `reconciled`, `dismissed`). Returns the ids it closed.
   */
  @InjectManager()
  async resolveSyncFailures(
    target: { ids: string[] } | { event: string; key: string },
    resolution: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const knex = knexOf(sharedContext as ModuleContext)
    if ("ids" in target) {
      if (!target.ids.length) {
        return []
      }
      const { rows } = await knex.raw(
        `UPDATE lot_sync_failure SET resolved_at = now(), resolution = ?, updated_at = now()
          WHERE id IN (${target.ids.map(() => "?").join(", ")}) AND resolved_at IS NULL AND deleted_at IS NULL
          RETURNING id`,
        [resolution, ...target.ids]
      )
      return rows.map((r: { id: string }) => r.id)
    }
    const { rows } = await knex.raw(
      `UPDATE lot_sync_failure SET resolved_at = now(), resolution = ?, updated_at = now()
        WHERE event = ? AND key = ? AND resolved_at IS NULL AND deleted_at IS NULL
        RETURNING id`,
      [resolution, target.event, target.key]
    )
    return rows.map((r: { id: string }) => r.id)
  }

  /** Open failures, oldest first (the partial unique index holds exactly these rows). */
  @InjectManager()
  async listOpenSyncFailures(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<
    { id: string; event: string; key: string; workflow_id: string; input: Record<string, unknown>; message: string; attempts: number; failed_at: Date; created_at: Date }[]
  > {
    const knex = knexOf(sharedContext as ModuleContext)
    const { rows } = await knex.raw(
      `SELECT id, event, key, workflow_id, input, message, attempts, failed_at, created_at
         FROM lot_sync_failure WHERE resolved_at IS NULL AND deleted_at IS NULL
        ORDER BY created_at, id`
    )
    return rows
  }

  /** Lots with stock totals, filtered and paginated in one SQL statement. */
  @InjectManager()
  async listLotsWithTotals(
    filters: LotListFilters,
    config: LotListConfig,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<[LotWithTotals[], number]> {
    const knex = knexOf(sharedContext as ModuleContext)
    const locationIds = filters.location_id?.length ? filters.location_id : null
    const totals = knex("lot_stock as ls")
      .select(
        knex.raw("coalesce(sum(ls.stocked_quantity), 0)::int as stocked_quantity"),
        knex.raw("coalesce(sum(ls.reserved_quantity), 0)::int as reserved_quantity"),
        knex.raw("count(*)::int as location_count")
      )
      .whereRaw("ls.lot_id = l.id")
      .whereNull("ls.deleted_at")
    if (locationIds) {
      totals.whereIn("ls.location_id", locationIds)
    }
    // The subquery goes in with its placeholders and bindings, never as text with the
    // values inlined (toString()): joinRaw would read a `?` inside a value as a placeholder.
    const lateral = totals.toSQL()

    const query = knex("lot as l")
      .select(
        "l.*",
        "t.stocked_quantity",
        "t.reserved_quantity",
        knex.raw("(t.stocked_quantity - t.reserved_quantity) as available_quantity"),
        knex.raw("count(*) over() as total_count")
      )
      .joinRaw(`cross join lateral (${lateral.sql}) t`, lateral.bindings as Knex.Value[])
      .whereNull("l.deleted_at")

    if (filters.q) {
      query.where("l.lot_number", "ilike", `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    }
    if (filters.id?.length) {
      query.whereIn("l.id", filters.id)
    }
    if (filters.inventory_item_id?.length) {
      query.whereIn("l.inventory_item_id", filters.inventory_item_id)
    }
    if (filters.status?.length) {
      query.whereIn("l.status", filters.status)
    }
    if (filters.expires_before) {
      query.where("l.expires_at", "<=", filters.expires_before)
    }
    if (filters.expires_after) {
      query.where("l.expires_at", ">=", filters.expires_after)
    }
    if (filters.expired === true) {
      query.where("l.expires_at", "<", config.today)
    } else if (filters.expired === false) {
      query.where((b) => b.whereNull("l.expires_at").orWhere("l.expires_at", ">=", config.today))
    }
    if (locationIds) {
      query.where("t.location_count", ">", 0)
    }
    if (filters.has_stock === true) {
      query.where("t.stocked_quantity", ">", 0)
    } else if (filters.has_stock === false) {
      query.where("t.stocked_quantity", "=", 0)
    }

    const order = config.order ?? "expires_at"
    const desc = order.startsWith("-")
    const column = desc ? order.slice(1) : order
    if (!SORTABLE.has(column)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Cannot order lots by ${column}; use one of ${[...SORTABLE].join(", ")} (prefix - for descending)`
      )
    }
    query.orderByRaw(`l.${column} ${desc ? "desc" : "asc"} nulls last, l.lot_number asc, l.id asc`)
    query.offset(config.skip).limit(config.take)

    const rows = (await query) as (LotWithTotals & { total_count: string })[]
    let count = rows.length ? Number(rows[0].total_count) : 0
    if (!rows.length && config.skip > 0) {
      // An offset past the end returns no rows and so no window count: count from the first page.
      ;[, count] = await this.listLotsWithTotals(filters, { ...config, skip: 0, take: 1 }, sharedContext)
    }
    return [
      rows.map(({ total_count: _ignored, ...lot }) => ({
        ...lot,
        available_quantity: Number(lot.available_quantity),
      })),
      count,
    ]
  }

  private async stockProblem(knex: Knex, change: StockChange): Promise<MedusaError> {
    const { rows } = await knex.raw(
      `SELECT l.lot_number, s.stocked_quantity, s.reserved_quantity
         FROM lot l LEFT JOIN lot_stock s
           ON s.lot_id = l.id AND s.location_id = ? AND s.deleted_at IS NULL
        WHERE l.id = ?`,
      [change.location_id, change.lot_id]
    )
    const r = rows[0]
    const lotNumber = r?.lot_number ?? change.lot_id
    const stocked = r?.stocked_quantity ?? 0
    const reserved = r?.reserved_quantity ?? 0
    const available = stocked - reserved
    if ((change.reserved ?? 0) > 0) {
      return new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Lot ${lotNumber} has only ${available} units available at location ${change.location_id}; cannot reserve ${change.reserved}`
      )
    }
    if ((change.reserved ?? 0) < 0 && change.stocked === 0) {
      return new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Lot ${lotNumber} has only ${reserved} units reserved at location ${change.location_id}; cannot release ${-change.reserved!}`
      )
    }
    return new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Lot ${lotNumber} has only ${available} units available at location ${change.location_id} (${stocked} stocked, ${reserved} reserved); cannot take ${-change.stocked}`
    )
  }
}

export default LotTrackingModuleService
