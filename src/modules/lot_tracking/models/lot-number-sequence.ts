import { model } from "@medusajs/framework/utils"

/**
 * Counters for generated lot numbers, one per rendered pattern prefix (e.g.
 * `LOT-2026-{SEQ:5}`), advanced with one atomic upsert so that two receipts
 * racing never get the same number.
 */
export const LotNumberSequence = model
  .define("lot_number_sequence", {
    id: model.id({ prefix: "lotseq" }).primaryKey(),
    key: model.text(),
    last_value: model.number().default(0),
  })
  .indexes([{ on: ["key"], unique: true }])
