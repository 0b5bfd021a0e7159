import type { Knex } from "../queries/knex"
import { fulfill } from "./ops/fulfill"
import { release } from "./ops/release"
import { reserve } from "./ops/reserve"
import { returnUnits } from "./ops/return"
import { returnAwaitingLot } from "./ops/return-awaiting-lot"
import { returnLotConfirmed } from "./ops/return-lot-confirmed"
import { returnReceive } from "./ops/return-receive"
import { serialBlock, serialReceive, serialStockOut } from "./ops/serials"
import { shortfall } from "./ops/shortfall"
import { unfulfill } from "./ops/unfulfill"
import { createPlanTx, type PlanTx } from "./plan-tx"
import { releaseInBatch } from "./release-batch"
import { reserveInBatch } from "./reserve-batch"
import type { AllocationOp, AllocationOpKind, OpOf, UndoEntry } from "./types"

export type { AllocationOp, AllocationOpKind, AllocationRow, OpOf, UndoEntry } from "./types"
export { revertPlan } from "./revert"

type Handlers = { [K in AllocationOpKind]: (tx: PlanTx, op: OpOf<K>) => Promise<void> }

/** One handler per operation kind, like core's order change actions. */
const HANDLERS: Handlers = {
  reserve,
  release,
  fulfill,
  unfulfill,
  return: returnUnits,
  return_receive: returnReceive,
  return_awaiting_lot: returnAwaitingLot,
  return_lot_confirmed: returnLotConfirmed,
  shortfall,
  serial_receive: serialReceive,
  serial_stock_out: serialStockOut,
  serial_block: serialBlock,
}

function run<K extends AllocationOpKind>(tx: PlanTx, op: OpOf<K>): Promise<void> {
  return (HANDLERS[op.kind] as (tx: PlanTx, op: OpOf<K>) => Promise<void>)(tx, op)
}

/**
 * Runs the operations in order on the caller's transaction and returns the
 * undo log. The first refusal throws; the transaction then rolls back every
 * change the plan made so far.
 */
export async function executePlan(
  knex: Knex,
  ops: AllocationOp[],
  options: { today: string; serial_pattern?: string }
): Promise<UndoEntry[]> {
  const undo: UndoEntry[] = []
  const tx = createPlanTx(knex, undo, options.today, options.serial_pattern)

  // Moving reservations (whole releases, then reserves elsewhere): the releases go as one batch
  // first. Releasing before reserving only frees units sooner, so the reserves cannot fail for it.
  const releases = ops.filter((op): op is OpOf<"release"> => op.kind === "release")
  const movesOnly = ops.every((op) => op.kind === "release" || op.kind === "reserve" || op.kind === "shortfall")
  if (movesOnly && releases.length > 1 && !ops.some((op) => op.kind === "reserve" && op.serial_numbers?.length)) {
    if (await releaseInBatch(knex, releases, undo)) {
      ops = ops.filter((op) => op.kind !== "release")
    }
  }

  const reserves = ops.filter((op): op is OpOf<"reserve"> => op.kind === "reserve")
  const onlyReserves = ops.every((op) => op.kind === "reserve" || op.kind === "shortfall")
  // Staff's serial picks go one by one (their serials are checked and reserved with the units).
  if (onlyReserves && reserves.length && !reserves.some((r) => r.serial_numbers?.length)) {
    await reserveInBatch(knex, reserves, undo, options.today)
    ops = ops.filter((op) => op.kind !== "reserve")
  }

  for (const op of ops) {
    await run(tx, op)
  }
  return undo
}
