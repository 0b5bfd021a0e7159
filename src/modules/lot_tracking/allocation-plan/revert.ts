import type { Knex } from "../queries/knex"
import { revertStockChange } from "../queries/lot-stock"
import { deleteRows, restoreSerials } from "../queries/serials"
import type { UndoEntry } from "./types"

/** Restores what `executePlan` changed, newest first. */
export async function revertPlan(knex: Knex, undo: UndoEntry[]): Promise<void> {
  for (const entry of [...undo].reverse()) {
    if (entry.t === "insert") {
      await knex(entry.table).where({ id: entry.id }).delete()
    } else if (entry.t === "insert_many") {
      await deleteRows(knex, entry.table, entry.ids)
    } else if (entry.t === "serials") {
      await restoreSerials(knex, entry.rows)
    } else if (entry.t === "update") {
      await knex(entry.table).where({ id: entry.id }).update(entry.previous)
    } else {
      await revertStockChange(knex, entry)
    }
  }
}
