import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
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
  LotSerial,
  LotSerialMovement,
  RecallSerial,
  LotIdempotencyKey,
  LotImport,
  LotImportRow,
} from "./models"
import { calendarDateIn, isValidTimeZone } from "../../lib/calendar-date"
import { lotNumberPattern, patternProblem } from "../../lib/lot-number"
import { DEFAULT_SERIAL_PATTERN, serialNumberPattern, serialPatternProblem } from "../../lib/serial-numbers"
import * as serials from "./queries/serials"
import type { CandidateLot } from "../../lib/lot-choice"
import { computeHold, type Hold } from "../../lib/lot-hold"
import { planShortfallFill, type LineFill } from "../../lib/shortfall-fill"
import { executePlan, revertPlan, type AllocationOp, type OpOf, type UndoEntry } from "./allocation-plan"
import { reserveInOneStatement } from "./allocation-plan/reserve-batch"
import type { ResolvedImportRow } from "../../lib/lot-import-check"
import type { LotImportMode } from "../../lib/lot-import-rows"
import { knexOf, pairKey, uniquePairs } from "./queries/knex"
import * as stock from "./queries/lot-stock"
import * as lotNumbers from "./queries/lot-numbers"
import * as lotList from "./queries/lot-list"
import * as lotStatus from "./queries/lot-status"
import * as candidates from "./queries/candidates"
import * as policies from "./queries/policies"
import * as orderLots from "./queries/order-allocations"
import * as jobState from "./queries/state"
import * as syncFailures from "./queries/sync-failures"
import * as expiryAlerts from "./queries/expiry-alerts"
import * as recalls from "./queries/recalls"
import * as shipmentFigures from "./queries/shipment-figures"
import * as kpiFigures from "./queries/kpi-figures"
import * as expiryLots from "./queries/expiry-list"
import * as lotImports from "./queries/lot-imports"
import * as idempotencyKeys from "./queries/idempotency-keys"
import * as recallMatches from "./queries/recall-matches"
import type {
  EffectivePolicy,
  ItemLocation,
  LotStatus,
  LotListConfig,
  LotListFilters,
  LotTrackingOptions,
  LotWithTotals,
  ResolvedLotTrackingOptions,
  StockChange,
  StockRow,
} from "./types"

export type { ItemLocation } from "./types"
export type { ShortfallRow } from "./queries/order-allocations"
export type { OpenSyncFailure, SyncFailureInput } from "./queries/sync-failures"
export type { LotStatusChange } from "./queries/lot-status"
export type {
  ClaimedExpiryAlert,
  ExpiryAlertClaim,
  ExpiryAlertClaimUndo,
  ExpiryAlertState,
} from "./queries/expiry-alerts"
export type { NoticeCounts, RecallNoticeInsert, RecallStatus } from "./queries/recalls"
export { EMPTY_NOTICE_COUNTS, RECALL_STATUSES } from "./queries/recalls"
export type { RecallFigures, ShipmentSummary } from "./queries/shipment-figures"
export type { SerialListFilters, SerialRow, SerialStatus } from "./queries/serials"
export type { IdempotencyKeyRow } from "./queries/idempotency-keys"
export type { RecallMatchCandidate } from "./queries/recall-matches"

const DEFAULT_OPTIONS: ResolvedLotTrackingOptions = {
  default_strategy: "fefo",
  expiry_warning_days: 30,
  min_shelf_life_days: 0,
  require_expiry: false,
  lot_number_pattern: "LOT-{YYYY}-{SEQ:5}",
  serial_number_pattern: DEFAULT_SERIAL_PATTERN,
  time_zone: "UTC",
  auto_write_off_expired: false,
  hold_short_shelf_life: false,
  lock_timeout_seconds: 30,
  core_hooks: true,
  gs1_lot_is_supplier_code: false,
  idempotency_key_hours: 48,
  public_url: "",
  acknowledgement_url_template: "",
}

function resolveOptions(options: LotTrackingOptions = {}): ResolvedLotTrackingOptions {
  const resolved = { ...DEFAULT_OPTIONS, ...options }
  const problem = patternProblem(resolved.lot_number_pattern)
  if (problem) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `lot_tracking: ${problem}`)
  }
  const serialProblem = serialPatternProblem(resolved.serial_number_pattern)
  if (serialProblem) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `lot_tracking: serial_number_pattern: ${serialProblem}`)
  }
  if (!Number.isFinite(resolved.lock_timeout_seconds) || resolved.lock_timeout_seconds < 1) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `lot_tracking: lock_timeout_seconds must be at least 1`)
  }
  if (!Number.isFinite(resolved.idempotency_key_hours) || resolved.idempotency_key_hours < 24) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `lot_tracking: idempotency_key_hours must be at least 24`)
  }
  resolved.public_url = (resolved.public_url || process.env.MEDUSA_BACKEND_URL || "http://localhost:9000").replace(/\/+$/, "")
  if (!/^https?:\/\/[^/\s]+$/.test(resolved.public_url)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `lot_tracking: public_url must be http(s)://host[:port], got ${resolved.public_url}`)
  }
  resolved.acknowledgement_url_template ||= `${resolved.public_url}/lot-recall/{token}`
  if (!resolved.acknowledgement_url_template.includes("{token}")) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `lot_tracking: acknowledgement_url_template must contain {token}`)
  }
  if (!isValidTimeZone(resolved.time_zone)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `lot_tracking: unknown time_zone ${resolved.time_zone}`)
  }
  return resolved
}

/**
 * The lot tracking module. Its SQL lives in `queries/` (one file per
 * concern, `(knex, args)` functions) and `allocation-plan/`; the methods here
 * are the decorated entry points: public `@InjectManager` methods, with a
 * protected `@InjectTransactionManager` twin where the statements must
 * commit or roll back together.
 */
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
  LotSerial,
  LotSerialMovement,
  RecallSerial,
  LotIdempotencyKey,
  LotImport,
  LotImportRow,
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

  // --- Policies -------------------------------------------------------------

  /** Policies with the plugin defaults filled in, one per requested item. */
  @InjectManager()
  async resolvePolicies(
    inventoryItemIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, EffectivePolicy>> {
    const ids = [...new Set(inventoryItemIds)]
    const rows = ids.length ? await policies.listPolicyRows(knexOf(sharedContext), ids) : []
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
            serialized: row ? !!row.serialized : false,
            serial_pattern: row?.serial_pattern ?? o.serial_number_pattern,
            serial_capture: (row?.serial_capture ?? "auto") as EffectivePolicy["serial_capture"],
            serial_scope: (row?.serial_scope ?? "item") as EffectivePolicy["serial_scope"],
            is_default: !row,
          },
        ]
      })
    )
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
    return policies.ensureTrackingPolicies(knexOf(sharedContext), inventoryItemIds)
  }

  // --- Serials --------------------------------------------------------------

  /** `count` new serial numbers from the item's pattern, never handed out twice (see `nextSerialNumbers`). */
  @InjectManager()
  async generateSerialNumbers(
    inventoryItemId: string,
    count: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return this.generateSerialNumbers_(inventoryItemId, count, sharedContext)
  }

  @InjectTransactionManager()
  protected async generateSerialNumbers_(
    inventoryItemId: string,
    count: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const policy = (await this.resolvePolicies([inventoryItemId], sharedContext)).get(inventoryItemId)!
    const pattern = serialNumberPattern(policy.serial_pattern, await this.today())
    return serials.nextSerialNumbers(knexOf(sharedContext), {
      inventory_item_id: inventoryItemId,
      scope: policy.serial_scope,
      sequence_key: pattern.sequenceKey,
      render: pattern.render,
      count,
    })
  }

  /** Which of `serial_numbers` are already taken in the item's scope (the first 20). */
  @InjectManager()
  async takenSerialNumbers(
    input: { inventory_item_id: string; scope: "item" | "global"; serial_numbers: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return serials.takenSerialNumbers(knexOf(sharedContext), input)
  }

  /** Up to 20 of the item's serial numbers that other items use too (before its scope becomes global). */
  @InjectManager()
  async serialNumbersSharedWithOtherItems(inventoryItemId: string, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    return serials.serialNumbersSharedWithOtherItems(knexOf(sharedContext), inventoryItemId)
  }

  /** Serials by number, with their lot (for checking a request before its plan). */
  @InjectManager()
  async findSerialsByNumber(
    numbers: string[],
    filters: { inventory_item_id?: string[] } = {},
    @MedusaContext() sharedContext: Context = {}
  ) {
    return serials.findSerialsByNumber(knexOf(sharedContext), numbers, filters)
  }

  /** Serials with their lot, filtered and paginated (`GET /admin/serials`). */
  @InjectManager()
  async listSerialsWithLots(
    filters: serials.SerialListFilters,
    page: { skip: number; take: number },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return serials.listSerials(knexOf(sharedContext), filters, page)
  }

  /** A unit's history, oldest first. */
  @InjectManager()
  async listSerialHistory(serialId: string, @MedusaContext() sharedContext: Context = {}) {
    return serials.serialHistory(knexOf(sharedContext), serialId)
  }

  /** Per lot and location of the items: lot stock beside the serials on hand (policy check, invariant). */
  @InjectManager()
  async serialCoverage(inventoryItemIds: string[], @MedusaContext() sharedContext: Context = {}) {
    return serials.serialCoverage(knexOf(sharedContext), inventoryItemIds)
  }

  // --- Stock ----------------------------------------------------------------

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
    const knex = knexOf(sharedContext)
    const results: StockRow[] = []
    for (const change of changes) {
      results.push(await stock.changeStock(knex, change))
    }
    return results
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
    return stock.setCountedStock(knexOf(sharedContext), input)
  }

  // --- Lots -----------------------------------------------------------------

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
    const pattern = lotNumberPattern(this.options_.lot_number_pattern, await this.today())
    return lotNumbers.nextLotNumber(knexOf(sharedContext), {
      inventory_item_id: inventoryItemId,
      sequence_key: pattern.sequenceKey,
      render: pattern.render,
    })
  }

  /** Lots with stock totals, filtered and paginated in one SQL statement. */
  @InjectManager()
  async listLotsWithTotals(
    filters: LotListFilters,
    config: LotListConfig,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<[LotWithTotals[], number]> {
    return lotList.listLotsWithTotals(knexOf(sharedContext), filters, config)
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
  ): Promise<lotStatus.LotStatusChange[]> {
    return this.setLotStatuses_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async setLotStatuses_(
    input: { lot_ids: string[]; to: LotStatus; allowed_from: LotStatus[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<lotStatus.LotStatusChange[]> {
    return lotStatus.setLotStatuses(knexOf(sharedContext), input)
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

  // --- Allocation -------------------------------------------------------------

  /**
   * Runs allocation operations (reserve, release, fulfil, unfulfil, returns,
   * shortfall) in one transaction and returns the undo log for compensation.
   */
  @InjectManager()
  async applyAllocationPlan(
    ops: AllocationOp[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<UndoEntry[]> {
    // Order placement (reserves only, no serials): one atomic statement, no transaction of its own.
    if (ops.length && ops.every((op) => op.kind === "reserve" && !op.serial_numbers?.length)) {
      const undo = await reserveInOneStatement(knexOf(sharedContext), ops as OpOf<"reserve">[], await this.today())
      if (undo) {
        return undo
      }
    }
    return this.applyAllocationPlan_(ops, sharedContext)
  }

  @InjectTransactionManager()
  protected async applyAllocationPlan_(
    ops: AllocationOp[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<UndoEntry[]> {
    return ops.length
      ? executePlan(knexOf(sharedContext), ops, { today: await this.today(), serial_pattern: this.options_.serial_number_pattern })
      : []
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
      await revertPlan(knexOf(sharedContext), undo)
    }
  }

  /**
   * Every lot with stock at each (item, location), for the lot choice rule,
   * in one query. Keyed `item:location`; every pair asked has an entry.
   */
  @InjectManager()
  async listCandidateLotsFor(
    pairs: ItemLocation[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, CandidateLot[]>> {
    return candidates.listCandidateLots(knexOf(sharedContext), pairs)
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
    // One after the other: they may share the caller's transaction (one connection).
    const policies = await this.resolvePolicies(unique.map((p) => p.inventory_item_id), sharedContext)
    const today = await this.today()
    const lots = await candidates.listFreeStockLots(knexOf(sharedContext), unique)
    for (const p of unique) {
      const policy = policies.get(p.inventory_item_id)!
      result.set(pairKey(p), computeHold(lots.get(pairKey(p))!, policy, today, this.options_.hold_short_shelf_life))
    }
    return result
  }

  /**
   * Every (item, location) where a tracked item has lot stock: what the
   * expiry watch reconciles holds over. Ordered, so batches are stable.
   */
  @InjectManager()
  async listTrackedStockPairs(@MedusaContext() sharedContext: Context = {}): Promise<ItemLocation[]> {
    return candidates.listTrackedStockPairs(knexOf(sharedContext))
  }

  /**
   * Order lines waiting for stock of these (item, location) pairs, oldest
   * order first (then line), so arriving units go to whoever waited longest.
   */
  @InjectManager()
  async listShortfallsFor(
    pairs: ItemLocation[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<orderLots.ShortfallRow[]> {
    return orderLots.listShortfallsFor(knexOf(sharedContext), pairs)
  }

  /**
   * How the free units of eligible lots at these pairs would serve the order
   * lines waiting there (`planShortfallFill`: oldest order first, each line by
   * its item's strategy). Read here, applied by the settle step under the item
   * lock, and reported by reconcile; lines nothing can serve are left out.
   */
  async planShortfallFills(pairs: ItemLocation[]): Promise<LineFill[]> {
    if (!pairs.length) {
      return []
    }
    const waiting = await this.listShortfallsFor(pairs)
    if (!waiting.length) {
      return []
    }
    const [candidateLots, policies, today] = await Promise.all([
      this.listCandidateLotsFor(waiting),
      this.resolvePolicies(waiting.map((w) => w.inventory_item_id)),
      this.today(),
    ])
    return planShortfallFill(
      waiting,
      (item, location) => candidateLots.get(`${item}:${location}`) ?? [],
      (item) => policies.get(item)!,
      today
    )
  }

  /** Totals over every shipment of the lots (fulfilled allocations): shipments, orders, units shipped and returned, first and last ship date (ISO). */
  @InjectManager()
  async summarizeShipments(
    lotIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<shipmentFigures.ShipmentSummary> {
    return shipmentFigures.summarizeShipments(knexOf(sharedContext), lotIds)
  }

  /**
   * Lots of tracked items with stock on hand that are expired or inside their
   * warning window (the Expiry page and the expiry watch), with counts per state.
   */
  @InjectManager()
  async listExpiryLots(
    query: expiryLots.ExpiryLotQuery,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ lots: expiryLots.ExpiryListLot[]; count: number; summary: expiryLots.ExpirySummary }> {
    return expiryLots.queryExpiryLots(knexOf(sharedContext), query)
  }

  /** Raw figures of the cycle counts in a period (the inventory accuracy KPI). */
  @InjectManager()
  async countFigures(
    bounds: kpiFigures.KpiBounds,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<kpiFigures.CountFigures> {
    return kpiFigures.countFigures(knexOf(sharedContext), bounds)
  }

  /** Raw figures of the recalls opened in a period (the recall time KPI). */
  @InjectManager()
  async recallTimeFigures(
    bounds: kpiFigures.KpiBounds,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<kpiFigures.RecallTimeFigures> {
    return kpiFigures.recallTimeFigures(knexOf(sharedContext), bounds)
  }

  // --- Jobs and subscribers -------------------------------------------------

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
    return jobState.claimDailyRun(knexOf(sharedContext), job, day)
  }

  /** Gives a claimed day back after a failed run, so the next hour tries again. */
  @InjectManager()
  async releaseDailyRun(
    job: string,
    day: string,
    previous: string | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    return jobState.releaseDailyRun(knexOf(sharedContext), job, day, previous)
  }

  /**
   * Claims the right to announce each lot in its state (one `lot_expiry_alert`
   * row per lot and state, the unique index decides), superseding alerts of
   * an older expiry date, in one transaction. Returns the claimed alerts and
   * what `releaseExpiryAlerts` needs to give them back.
   */
  @InjectManager()
  async claimExpiryAlerts(
    lots: expiryAlerts.ExpiryAlertClaim[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ claimed: expiryAlerts.ClaimedExpiryAlert[]; undo: expiryAlerts.ExpiryAlertClaimUndo }> {
    return this.claimExpiryAlerts_(lots, sharedContext)
  }

  @InjectTransactionManager()
  protected async claimExpiryAlerts_(
    lots: expiryAlerts.ExpiryAlertClaim[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ claimed: expiryAlerts.ClaimedExpiryAlert[]; undo: expiryAlerts.ExpiryAlertClaimUndo }> {
    return expiryAlerts.claimExpiryAlerts(knexOf(sharedContext), lots)
  }

  /** Gives claimed alerts back (compensation), so a run that failed announces the lots next time. */
  @InjectManager()
  async releaseExpiryAlerts(
    undo: expiryAlerts.ExpiryAlertClaimUndo,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    return this.releaseExpiryAlerts_(undo, sharedContext)
  }

  @InjectTransactionManager()
  protected async releaseExpiryAlerts_(
    undo: expiryAlerts.ExpiryAlertClaimUndo,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    if (undo && (undo.inserted.length || undo.superseded.length)) {
      await expiryAlerts.releaseExpiryAlerts(knexOf(sharedContext), undo)
    }
  }

  /**
   * Records a failed subscriber run (see `src/workflows/utils/run-lot-subscriber.ts`):
   * one open row per (event, key), a repeated failure counts attempts and
   * keeps the latest message. One upsert on the partial unique index.
   */
  @InjectManager()
  async recordSyncFailure(
    input: syncFailures.SyncFailureInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; attempts: number }> {
    return syncFailures.recordSyncFailure(knexOf(sharedContext), input)
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
    return syncFailures.resolveSyncFailures(knexOf(sharedContext), target, resolution)
  }

  /** Opens again failures that were dismissed (a reconcile run's compensation); returns the ids opened. */
  @InjectManager()
  async reopenSyncFailures(ids: string[], @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    return syncFailures.reopenSyncFailures(knexOf(sharedContext), ids)
  }

  /** Open failures, oldest first (the partial unique index holds exactly these rows). */
  @InjectManager()
  async listOpenSyncFailures(@MedusaContext() sharedContext: Context = {}): Promise<syncFailures.OpenSyncFailure[]> {
    return syncFailures.listOpenSyncFailures(knexOf(sharedContext))
  }

  // --- Recalls --------------------------------------------------------------

  /**
   * Writes a recall's notices (rows as `noticesFromShipments` builds them).
   * Run on the pool, not in one transaction: a large list is written as two
   * halves side by side on two connections, and the caller's compensation
   * (`removeRecallNotices`) removes whatever was written.
   */
  @InjectManager()
  async insertRecallNotices(
    rows: recalls.RecallNoticeInsert[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const knex = knexOf(sharedContext)
    const half = Math.ceil(rows.length / 2)
    await Promise.all(
      [rows.slice(0, half), rows.slice(half)].filter((part) => part.length).map((part) => recalls.insertRecallNotices(knex, part))
    )
  }

  /** Deletes every notice of a recall (compensation of listing them). */
  @InjectManager()
  async removeRecallNotices(recallId: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return recalls.deleteRecallNotices(knexOf(sharedContext), recallId)
  }

  /** Removes a recall that failed to open, with its lots and notices (hard deletes), in one transaction. */
  @InjectManager()
  async deleteRecallCascade(recallId: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return this.deleteRecallCascade_(recallId, sharedContext)
  }

  @InjectTransactionManager()
  protected async deleteRecallCascade_(recallId: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return recalls.deleteRecallCascade(knexOf(sharedContext), recallId)
  }

  /** What a recall's lots became: units shipped, returned, written off as recalled since `since`, and still in stock. */
  @InjectManager()
  async recallFigures(
    lotIds: string[],
    since: Date | string,
    locationIds?: string[] | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<shipmentFigures.RecallFigures> {
    return shipmentFigures.recallFigures(knexOf(sharedContext), lotIds, since, locationIds)
  }

  /** Notice counts per recall id (recalls without notices have no entry; use `EMPTY_NOTICE_COUNTS`). */
  @InjectManager()
  async countNoticesByRecall(
    recallIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, recalls.NoticeCounts & { recall_id: string }>> {
    return recalls.countNoticesByRecall(knexOf(sharedContext), recallIds)
  }

  /** How many recalls are open and closed. */
  @InjectManager()
  async countRecallsByStatus(@MedusaContext() sharedContext: Context = {}): Promise<Record<recalls.RecallStatus, number>> {
    return recalls.countRecallsByStatus(knexOf(sharedContext))
  }

  /** A recall's notice status and send time, by order id. */
  @InjectManager()
  async noticeStatusByOrder(
    recallId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, { order_id: string; status: string; notified_at: Date | null }>> {
    return recalls.noticeStatusByOrder(knexOf(sharedContext), recallId)
  }

  /**
   * A recall scoped to locations: blocks the lots' stock at those locations
   * (`lot_stock.recall_id`), the lot rows locked first, in one transaction.
   */
  @InjectManager()
  async blockLotStockForRecall(
    input: { recall_id: string; lot_ids: string[]; location_ids: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ lot_id: string; location_id: string }[]> {
    return this.blockLotStockForRecall_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async blockLotStockForRecall_(
    input: { recall_id: string; lot_ids: string[]; location_ids: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ lot_id: string; location_id: string }[]> {
    return lotStatus.blockLotStockForRecall(knexOf(sharedContext), input)
  }

  /** Lifts a scoped recall's block from every pair it holds; answers the pairs. */
  @InjectManager()
  async unblockLotStockOfRecall(recallId: string, @MedusaContext() sharedContext: Context = {}) {
    return lotStatus.unblockLotStockOfRecall(knexOf(sharedContext), recallId)
  }

  /** Puts a scoped recall's block back on pairs (compensation). */
  @InjectManager()
  async reblockLotStock(recallId: string, pairs: { lot_id: string; location_id: string }[], @MedusaContext() sharedContext: Context = {}) {
    return lotStatus.reblockLotStock(knexOf(sharedContext), recallId, pairs)
  }

  // --- Idempotency keys (docs/INTEGRATION.md) -------------------------------

  /** The caller's stored answer for an `Idempotency-Key`, unless expired. */
  @InjectManager()
  async findIdempotencyKey(
    args: { key: string; actor_id: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<idempotencyKeys.IdempotencyKeyRow | null> {
    return idempotencyKeys.findIdempotencyKey(knexOf(sharedContext), args)
  }

  /** Stores a first answer (replacing an expired row of the same key); false when a live one is there. */
  @InjectManager()
  async saveIdempotencyKey(row: idempotencyKeys.IdempotencyKeyRow, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return idempotencyKeys.saveIdempotencyKey(knexOf(sharedContext), row)
  }

  /** Deletes expired idempotency keys (the daily reconcile run). */
  @InjectManager()
  async sweepExpiredIdempotencyKeys(now: Date = new Date(), @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return idempotencyKeys.sweepExpiredIdempotencyKeys(knexOf(sharedContext), now)
  }

  // --- Onboarding: supplier codes, bins, opening balances (docs/ONBOARDING.md) --------

  /** Lots that already hold one of these supplier lot codes for the same item and supplier. */
  @InjectManager()
  async findLotsBySupplierCode(keys: lotList.SupplierCodeKey[], @MedusaContext() sharedContext: Context = {}) {
    return lotList.lotsWithSupplierCodes(knexOf(sharedContext), keys)
  }

  /**
   * Arriving lots (by id, or those an import's rows name) still active, each
   * with the lots of its item under an open recall: one statement; the
   * caller compares the codes (docs/RECALLS.md, auto-hold on arrival).
   */
  @InjectManager()
  async listRecallMatchCandidates(
    input: { lot_ids?: string[]; import_id?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<recallMatches.RecallMatchCandidate[]> {
    return recallMatches.recallMatchCandidates(knexOf(sharedContext), input)
  }

  /** Sets a lot's bin at a location (put-away); null when the lot has no stock row there. Returns the bin it had. */
  @InjectManager()
  async setStockBin(
    input: { lot_id: string; location_id: string; bin: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; previous_bin: string | null; bin: string | null } | null> {
    return stock.setStockBin(knexOf(sharedContext), input)
  }

  /** Stocked units of the item's lots at a location: the lot side of "unassigned". */
  @InjectManager()
  async lotStockedAt(inventoryItemId: string, locationId: string, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return stock.lotStockedAt(knexOf(sharedContext), inventoryItemId, locationId)
  }

  // --- CSV imports (docs/IMPORT.md) -------------------------------------------

  /** What a preview checks its rows against: the named lots with their stock, supplier codes and serials in use. */
  @InjectManager()
  async lotImportFacts(
    input: { inventory_item_ids: string[]; lot_numbers: string[]; supplier_lot_codes: string[]; serial_numbers: string[] },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const knex = knexOf(sharedContext)
    const items = input.inventory_item_ids
    const { lots, stock: lotStock } = await lotImports.findImportLots(knex, { inventory_item_ids: items, lot_numbers: input.lot_numbers })
    const supplier_codes_taken = await lotImports.supplierCodesTaken(knex, { inventory_item_ids: items, codes: input.supplier_lot_codes })
    const serials_taken = await lotImports.serialsTaken(knex, { inventory_item_ids: items, serial_numbers: input.serial_numbers })
    return { lots, stock: lotStock, supplier_codes_taken, serials_taken }
  }

  /** Stores a preview's resolved rows, a few thousand per statement. */
  @InjectManager()
  async saveLotImportRows(importId: string, rows: ResolvedImportRow[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    for (let i = 0; i < rows.length; i += 5000) {
      await lotImports.insertImportRows(knexOf(sharedContext), importId, rows.slice(i, i + 5000))
    }
  }

  /** An import's rows after a row number, in file order (the apply reads them chunk by chunk). */
  @InjectManager()
  async readLotImportRows(input: { import_id: string; after_row: number; limit: number }, @MedusaContext() sharedContext: Context = {}) {
    return lotImports.listImportRows(knexOf(sharedContext), input)
  }

  /** preview -> running for a preview without row errors, atomically; false when another confirm won or it is not a clean preview. */
  @InjectManager()
  async claimLotImport(importId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return lotImports.claimImport(knexOf(sharedContext), importId)
  }

  /** Creates an import's new lots (tagged with it) and points its rows at them. */
  @InjectManager()
  async createLotImportLots(importId: string, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return this.createLotImportLots_(importId, sharedContext)
  }

  @InjectTransactionManager()
  protected async createLotImportLots_(importId: string, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return lotImports.createImportLots(knexOf(sharedContext), { import_id: importId })
  }

  /** Removes the lots an import created (compensation). */
  @InjectManager()
  async deleteLotImportLots(importId: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return this.deleteLotImportLots_(importId, sharedContext)
  }

  @InjectTransactionManager()
  protected async deleteLotImportLots_(importId: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return lotImports.deleteImportLots(knexOf(sharedContext), importId)
  }

  /** Applies one chunk of an import's rows to lot stock and the ledger, in one transaction. */
  @InjectManager()
  async applyLotImportChunk(
    input: { import_id: string; mode: LotImportMode; actor_id: string | null; rows: ResolvedImportRow[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    return this.applyLotImportChunk_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async applyLotImportChunk_(
    input: { import_id: string; mode: LotImportMode; actor_id: string | null; rows: ResolvedImportRow[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    return lotImports.applyImportChunk(knexOf(sharedContext), input)
  }

  /** Undoes every stock change of an import from its ledger lines, in one transaction (compensation; safe twice). */
  @InjectManager()
  async revertLotImportStock(importId: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return this.revertLotImportStock_(importId, sharedContext)
  }

  @InjectTransactionManager()
  protected async revertLotImportStock_(
    importId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const knex = knexOf(sharedContext)
    await lotImports.revertImportStock(knex, importId)
    await lotImports.deleteEmptyImportStockRows(knex, importId)
  }

  /** Per (item, location), the stocked units an import's ledger lines changed. */
  @InjectManager()
  async lotImportStockChanges(importId: string, @MedusaContext() sharedContext: Context = {}) {
    return lotImports.importStockChanges(knexOf(sharedContext), importId)
  }

  /** The (item, location) pairs an import's rows touch. */
  @InjectManager()
  async lotImportPairs(importId: string, @MedusaContext() sharedContext: Context = {}) {
    return lotImports.importPairs(knexOf(sharedContext), importId)
  }

  /** Lot numbers for an import's rows that have none (generated from the pattern, one per row: each such row is its own lot). */
  @InjectManager()
  async numberLotImportRows(importId: string, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    const rows = await lotImports.rowsWithoutLotNumber(knexOf(sharedContext), importId)
    const numbers: { id: string; lot_number: string }[] = []
    for (const r of rows) {
      numbers.push({ id: r.id, lot_number: await this.generateLotNumber(r.inventory_item_id) })
    }
    await lotImports.setRowLotNumbers(knexOf(sharedContext), numbers)
    return numbers.length
  }

  /** A running import's progress, written on its own so the admin sees it move. */
  @InjectManager()
  async setLotImportProgress(importId: string, processed: number, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return lotImports.setImportProgress(knexOf(sharedContext), importId, processed)
  }
}

export default LotTrackingModuleService
