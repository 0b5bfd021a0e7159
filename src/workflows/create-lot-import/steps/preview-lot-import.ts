import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { checkImportRows, type ImportPolicy } from "../../../lib/lot-import-check"
import { ImportFileProblem, readImportCsv } from "../../../lib/lot-import-csv"
import { isLotImportMode, LOT_IMPORT_MODES, type LotImportMode } from "../../../lib/lot-import-rows"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { importItems, importLocations, importUnassigned } from "../../../read-models/lot-import-facts"

export type PreviewLotImportInput = {
  csv: string
  mode: LotImportMode
  allow_expired?: boolean
  file_name?: string | null
  actor_id?: string | null
}

/** Row errors kept with the import and answered (error_count has them all). */
export const LOT_IMPORT_ERRORS_KEPT = 1000

export const previewLotImportStepId = "preview-lot-import"

/**
 * The dry run: the file parsed as a stream, every row checked against the
 * database read in a few statements for the whole file (items, locations,
 * policies, lots, stock, unassigned units), and the import recorded as a
 * `preview` with its row errors, summary and resolved valid rows (stored in
 * batches, for the apply). Nothing else is written. A file that cannot be
 * an import (no header, a required column missing, no rows, too large) is
 * refused with 400.
 */
export const previewLotImportStep = createStep(
  previewLotImportStepId,
  async (input: PreviewLotImportInput, { container }) => {
    if (!isLotImportMode(input.mode)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `mode must be one of ${LOT_IMPORT_MODES.join(", ")} (got ${JSON.stringify(input.mode)})`)
    }
    const service = lotService(container)
    let read: Awaited<ReturnType<typeof readImportCsv>>
    try {
      read = await readImportCsv(input.csv, input.mode)
    } catch (e) {
      if (e instanceof ImportFileProblem) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
      }
      throw e
    }
    const { rows } = read

    const distinct = <T>(values: (T | null | undefined)[]) => [...new Set(values.filter((v): v is T => v !== null && v !== undefined))]
    const [items, locations, today] = await Promise.all([
      importItems(container, { skus: distinct(rows.map((r) => r.sku)), ids: distinct(rows.map((r) => r.inventory_item_id)) }),
      importLocations(container, distinct(rows.map((r) => r.location))),
      service.today(),
    ])
    const itemIds = items.map((i) => i.id)
    const [policies, facts] = await Promise.all([
      service.resolvePolicies(itemIds),
      service.lotImportFacts({
        inventory_item_ids: itemIds,
        lot_numbers: distinct(rows.map((r) => r.lot_number)),
        supplier_lot_codes: input.mode === "count" ? [] : distinct(rows.map((r) => r.supplier_lot_code)),
        serial_numbers: input.mode === "count" ? [] : distinct(rows.flatMap((r) => r.serial_numbers ?? [])),
      }),
    ])

    let unassigned: Map<string, number> | undefined
    if (input.mode === "opening_balance") {
      // The pairs the rows name (by id, or a SKU / location name naming exactly one), for the unassigned units.
      const bySku = new Map<string, string[]>()
      for (const i of items) {
        if (i.sku) {
          bySku.set(i.sku, [...(bySku.get(i.sku) ?? []), i.id])
        }
      }
      const byName = new Map<string, string[]>()
      for (const l of locations) {
        const name = (l.name ?? "").trim().toLowerCase()
        byName.set(name, [...(byName.get(name) ?? []), l.id])
      }
      const locationIds = new Set(locations.map((l) => l.id))
      const pairs = new Map<string, { inventory_item_id: string; location_id: string }>()
      for (const r of rows) {
        const item = r.inventory_item_id ?? (bySku.get(r.sku ?? "")?.length === 1 ? bySku.get(r.sku!)![0] : null)
        const named = byName.get(r.location.toLowerCase())
        const location = locationIds.has(r.location) ? r.location : named?.length === 1 ? named[0] : null
        if (item && location) {
          pairs.set(`${item}:${location}`, { inventory_item_id: item, location_id: location })
        }
      }
      unassigned = await importUnassigned(container, [...pairs.values()])
    }

    const checked = checkImportRows(
      rows,
      {
        mode: input.mode,
        today,
        allow_expired: !!input.allow_expired,
        items,
        locations,
        policies: policies as Map<string, ImportPolicy>,
        lots: facts.lots,
        stock: new Map(facts.stock.map((s) => [`${s.lot_id}:${s.location_id}`, { stocked: s.stocked, reserved: s.reserved }])),
        unassigned,
        supplier_codes_taken: facts.supplier_codes_taken,
        serials_taken: facts.serials_taken,
      },
      read.ignored_columns
    )
    // Parse errors and check errors together, in row order.
    const errors = [...read.errors, ...checked.errors].sort((a, b) => a.row - b.row)

    const [created] = (await service.createLotImports([
      {
        mode: input.mode,
        status: "preview",
        file_name: input.file_name ?? null,
        allow_expired: !!input.allow_expired,
        total_rows: read.total_rows,
        valid_rows: checked.valid.length,
        error_count: errors.length,
        errors: errors.slice(0, LOT_IMPORT_ERRORS_KEPT) as unknown as Record<string, unknown>,
        summary: { ...checked.summary, delimiter: read.delimiter } as unknown as Record<string, unknown>,
        processed: 0,
        actor_id: input.actor_id ?? null,
      },
    ])) as unknown as { id: string }[]
    // Valid rows are kept only for an import that can be confirmed (all or nothing per import).
    if (!errors.length) {
      await service.saveLotImportRows(created.id, checked.valid)
    }
    return new StepResponse({ id: created.id }, created.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    const service = lotService(container)
    const rows = await service.listLotImportRows({ import_id: id } as any, { select: ["id"] })
    if (rows.length) {
      await service.deleteLotImportRows(rows.map((r: { id: string }) => r.id))
    }
    await service.deleteLotImports([id])
  }
)
