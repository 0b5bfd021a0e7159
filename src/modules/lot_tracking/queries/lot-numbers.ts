import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "./knex"

/**
 * Next generated lot number of an item: the pattern's counter advances with
 * one atomic upsert, so concurrent receipts never share a number; numbers
 * staff already typed for this item are skipped.
 */
export async function nextLotNumber(
  knex: Knex,
  input: { inventory_item_id: string; sequence_key: string; render: (sequence: number) => string }
): Promise<string> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const { rows } = await knex.raw(
      `INSERT INTO lot_number_sequence (id, key, last_value) VALUES (?, ?, 1)
       ON CONFLICT (key) WHERE deleted_at IS NULL
       DO UPDATE SET last_value = lot_number_sequence.last_value + 1, updated_at = now()
       RETURNING last_value`,
      [generateEntityId(undefined, "lotseq"), input.sequence_key]
    )
    const candidate = input.render(Number(rows[0].last_value))
    const taken = await knex.raw(
      `SELECT 1 FROM lot WHERE inventory_item_id = ? AND lot_number = ? AND deleted_at IS NULL`,
      [input.inventory_item_id, candidate]
    )
    if (!taken.rows.length) {
      return candidate
    }
  }
  throw new MedusaError(MedusaError.Types.CONFLICT, "Could not generate a free lot number; type one instead")
}
