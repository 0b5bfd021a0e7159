import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { stringify } from "csv-stringify/sync"
import { neutralizeRow } from "../../../../lib/csv-safe"
import { LOT_EXPORT_READ_ONLY_COLUMNS, LOT_IMPORT_COLUMNS } from "../../../../lib/lot-import-rows"
import { lotService } from "../../../../modules/lot_tracking/resolve"
import { itemNames } from "../../../../read-models/item-names"
import type { AdminExportLotsParamsType } from "./validators"

/** Lots read per page: the export never holds more than one page (each page re-reads the list query: few large pages). */
const PAGE = 5000

/**
 * `GET /admin/lots/export?format=csv` with the lot list's filters: one row
 * per lot and location where it has stock, in exactly the import's columns
 * (so a file exported, edited and imported in mode `count` sets the counted
 * figures), then read-only columns the import ignores. Streamed page by page;
 * every cell through the formula-injection guard (the import takes the
 * guard's apostrophe off again).
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminExportLotsParamsType>, res: MedusaResponse) => {
  const { format: _format, order, ...filters } = req.validatedQuery as AdminExportLotsParamsType
  const service = lotService(req.scope)
  const today = await service.today()
  // A location is written by name, unless another location has the same name (then by id, which the import also reads).
  const locations = await req.scope.resolve(Modules.STOCK_LOCATION).listStockLocations({}, { select: ["id", "name"] })
  const sameName = new Map<string, number>()
  for (const l of locations) {
    const key = (l.name ?? "").trim().toLowerCase()
    sameName.set(key, (sameName.get(key) ?? 0) + 1)
  }
  const locationLabel = new Map(
    locations.map((l) => [l.id, l.name && sameName.get(l.name.trim().toLowerCase()) === 1 ? l.name : l.id])
  )
  const onlyLocations = filters.location_id?.length ? new Set(filters.location_id) : null

  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="lots-${today}.csv"`)
  // As the recall exports: a byte order mark and CRLF, which spreadsheets open as UTF-8 (the import reads both).
  res.write(stringify([[...LOT_IMPORT_COLUMNS, ...LOT_EXPORT_READ_ONLY_COLUMNS]], { bom: true, record_delimiter: "\r\n" }))

  for (let skip = 0; ; skip += PAGE) {
    const [lots] = await service.listLotsWithTotals(filters, { skip, take: PAGE, order, today })
    if (!lots.length) {
      break
    }
    const lotIds = lots.map((l) => l.id)
    const [stock, items, policies] = await Promise.all([
      service.listLotStocks({ lot_id: lotIds }, { select: ["lot_id", "location_id", "stocked_quantity", "reserved_quantity", "bin"] }),
      itemNames(req.scope, lots.map((l) => l.inventory_item_id)),
      service.resolvePolicies(lots.map((l) => l.inventory_item_id)),
    ])
    const serializedLots = lots.filter((l) => policies.get(l.inventory_item_id)?.serialized).map((l) => l.id)
    const serials = serializedLots.length
      ? await service.listLotSerials(
          { lot_id: serializedLots, status: ["in_stock", "reserved"] },
          { select: ["lot_id", "location_id", "serial_number"], order: { serial_number: "ASC" } }
        )
      : []
    const serialsAt = new Map<string, string[]>()
    for (const s of serials) {
      const key = `${s.lot_id}:${s.location_id}`
      serialsAt.set(key, [...(serialsAt.get(key) ?? []), s.serial_number])
    }
    const stockByLot = new Map<string, typeof stock>()
    for (const s of stock) {
      if (s.stocked_quantity > 0 && (!onlyLocations || onlyLocations.has(s.location_id))) {
        stockByLot.set(s.lot_id, [...(stockByLot.get(s.lot_id) ?? []), s])
      }
    }
    const rows: unknown[][] = []
    for (const lot of lots) {
      const at = (stockByLot.get(lot.id) ?? []).sort((a, b) =>
        String(locationLabel.get(a.location_id) ?? a.location_id).localeCompare(String(locationLabel.get(b.location_id) ?? b.location_id))
      )
      for (const s of at) {
        rows.push(
          neutralizeRow([
            items.get(lot.inventory_item_id)?.sku ?? null,
            lot.inventory_item_id,
            locationLabel.get(s.location_id) ?? s.location_id,
            lot.lot_number,
            (lot as { supplier_lot_code?: string | null }).supplier_lot_code ?? null,
            lot.manufactured_at ?? null,
            lot.expires_at ?? null,
            lot.best_before ?? null,
            Number(s.stocked_quantity),
            s.bin ?? null,
            serialsAt.get(`${lot.id}:${s.location_id}`)?.join("|") ?? null,
            lot.status,
            Number(s.reserved_quantity),
            s.location_id,
          ])
        )
      }
    }
    if (rows.length) {
      res.write(stringify(rows, { record_delimiter: "\r\n" }))
    }
    if (lots.length < PAGE) {
      break
    }
  }
  res.end()
}
