import type { Knex } from "./knex"
import { placeholders } from "./knex"

/**
 * An arriving lot beside one lot of the same inventory item under an open
 * recall. The codes are compared in TypeScript (`src/lib/lot-code-match.ts`)
 * so the rule lives in one tested place; the rows are few (an item's lots
 * under open recalls).
 */
export type RecallMatchCandidate = {
  lot_id: string
  inventory_item_id: string
  lot_number: string
  supplier_lot_code: string | null
  recall_id: string
  recall_reference: string
  recall_opened_at: Date
  recalled_lot_id: string
  recalled_lot_number: string
  recalled_supplier_lot_code: string | null
}

/**
 * One statement per receipt: the arriving lots (by id, or every lot an
 * import's rows name) that are still active, each paired with the lots of
 * its item under an OPEN recall (indexed from `recall(status)` through
 * `recall_lot(recall_id)`), oldest recall first. A lot staff released from
 * quarantine after that recall opened is left out: they decided it is not
 * the recalled batch, and a later receipt does not overrule them.
 */
export async function recallMatchCandidates(
  knex: Knex,
  input: { lot_ids?: string[]; import_id?: string | null }
): Promise<RecallMatchCandidate[]> {
  const ids = [...new Set(input.lot_ids ?? [])]
  if (!ids.length && !input.import_id) {
    return []
  }
  const incoming = input.import_id
    ? `id IN (SELECT (data->>'lot_id') FROM lot_import_row WHERE import_id = ? AND deleted_at IS NULL AND data->>'lot_id' IS NOT NULL)`
    : `id IN (${placeholders(ids)})`
  const { rows } = await knex.raw(
    `WITH incoming AS (
       SELECT id, inventory_item_id, lot_number, supplier_lot_code FROM lot
        WHERE ${incoming} AND deleted_at IS NULL AND status = 'active'),
     recalled AS (
       SELECT r.id AS recall_id, r.reference, r.opened_at, rl.lot_id, rl.inventory_item_id
         FROM recall r JOIN recall_lot rl ON rl.recall_id = r.id AND rl.deleted_at IS NULL
        WHERE r.status = 'open' AND r.deleted_at IS NULL
          AND rl.inventory_item_id IN (SELECT inventory_item_id FROM incoming))
     SELECT i.id AS lot_id, i.inventory_item_id, i.lot_number, i.supplier_lot_code,
            x.recall_id, x.reference AS recall_reference, x.opened_at AS recall_opened_at,
            l.id AS recalled_lot_id, l.lot_number AS recalled_lot_number, l.supplier_lot_code AS recalled_supplier_lot_code
       FROM incoming i
       JOIN recalled x ON x.inventory_item_id = i.inventory_item_id AND x.lot_id <> i.id
       JOIN lot l ON l.id = x.lot_id
      WHERE NOT EXISTS (SELECT 1 FROM lot_movement m
                         WHERE m.lot_id = i.id AND m.type = 'released_from_quarantine'
                           AND m.created_at >= x.opened_at AND m.deleted_at IS NULL)
      ORDER BY i.id, x.opened_at, x.recall_id, l.lot_number`,
    input.import_id ? [input.import_id] : ids
  )
  return rows as RecallMatchCandidate[]
}
