import { MedusaError } from "@medusajs/framework/utils"
import { lotService } from "../../../../modules/lot_tracking/resolve"
import type { LotImportResponse } from "../../../../types/http"
import type { Resolver } from "../../../../types/container"

const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null)

/** An import as the API answers it (HTTP shaping only). */
export function lotImportResponse(row: Record<string, any>): LotImportResponse {
  return {
    id: row.id,
    mode: row.mode,
    status: row.status,
    file_name: row.file_name ?? null,
    allow_expired: !!row.allow_expired,
    total_rows: Number(row.total_rows ?? 0),
    valid_rows: Number(row.valid_rows ?? 0),
    error_count: Number(row.error_count ?? 0),
    errors: (row.errors as LotImportResponse["errors"]) ?? [],
    summary: row.summary ? { ignored_columns: [], ...(({ delimiter: _d, ...s }) => s)(row.summary) } : null,
    processed: Number(row.processed ?? 0),
    total: Number(row.valid_rows ?? 0),
    failure: row.failure ?? null,
    created_at: iso(row.created_at)!,
    confirmed_at: iso(row.confirmed_at),
    finished_at: iso(row.finished_at),
  }
}

/** One import by id (404 when unknown). */
export async function retrieveLotImport(scope: Resolver, id: string): Promise<LotImportResponse> {
  const [row] = await lotService(scope).listLotImports({ id })
  if (!row) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Import ${id} was not found`)
  }
  return lotImportResponse(row)
}
