import { addDays } from "../../lib/calendar-date"
import type { Query } from "./sdk"

type Filtering = Record<string, unknown>
type Sorting = { id: string; desc: boolean } | null
type Pagination = { pageIndex: number; pageSize: number }

/** Filter state of the table -> query of GET /admin/lots. */
export function lotsQuery(
  filtering: Filtering,
  search: string,
  sorting: Sorting,
  pagination: Pagination,
  today: string
): Query {
  const q: Query = {
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    order: sorting ? `${sorting.desc ? "-" : ""}${sorting.id}` : "expires_at",
    q: search || undefined,
  }
  const status = filtering.status as string[] | undefined
  if (status?.length) {
    q.status = status
  }
  const location = filtering.location_id as string[] | undefined
  if (location?.length) {
    q.location_id = location
  }
  if (filtering.has_stock) {
    q.has_stock = filtering.has_stock as string
  }
  const bin = typeof filtering.bin === "string" ? filtering.bin.trim() : ""
  if (bin) {
    q.bin = bin
  }
  if (filtering.expiring_within) {
    q.expired = "false"
    q.expires_before = addDays(today, Number(filtering.expiring_within))
  }
  if (filtering.expired) {
    q.expired = filtering.expired as string
  }
  return q
}

/**
 * The CSV export of what the list shows (`GET /admin/lots/export`): the same
 * filters, search and order, every page (no limit or offset).
 */
export function lotsExportPath(query: Query): string {
  const params = new URLSearchParams({ format: "csv" })
  for (const [key, value] of Object.entries(query)) {
    if (key === "limit" || key === "offset" || value === undefined || value === "") {
      continue
    }
    for (const v of Array.isArray(value) ? value : [value]) {
      params.append(key, String(v))
    }
  }
  return `/admin/lots/export?${params.toString()}`
}
