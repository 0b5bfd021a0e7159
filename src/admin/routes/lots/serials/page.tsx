import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Badge,
  createDataTableColumnHelper,
  DataTable,
  useDataTable,
  type DataTableFilter,
  type DataTableFilteringState,
  type DataTablePaginationState,
} from "@medusajs/ui"
import { useMemo, useState, type ReactNode } from "react"
import { Link, useNavigate, useSearchParams } from "react-router-dom"
import type { Serial } from "../../../../types/http"
import { ListPage } from "../../../components/list-page"
import { SerialBadges } from "../../../components/serial-badges"
import { useStockLocations } from "../../../hooks/api/core"
import { useSerials } from "../../../hooks/api/serials"
import { formatDateTime } from "../../../lib/format"
import { SERIAL_STATUSES, serialsQuery } from "../../../lib/serials"

const PAGE_SIZE = 20

const columnHelper = createDataTableColumnHelper<Serial>()

/** A link inside a clickable row: it opens its own page, not the row's. */
const CellLink = ({ to, children, mono }: { to: string; children: ReactNode; mono?: boolean }) => (
  <Link
    to={to}
    onClick={(e) => e.stopPropagation()}
    className={`text-ui-fg-interactive hover:text-ui-fg-interactive-hover txt-compact-small whitespace-nowrap${mono ? " font-mono" : ""}`}
  >
    {children}
  </Link>
)

const useColumns = (locationName: (id: string | null) => string) =>
  useMemo(
    () => [
      columnHelper.accessor("serial_number", {
        header: "Serial",
        cell: ({ getValue }) => (
          <span className="txt-compact-small-plus font-mono" data-testid="serial-number-cell">
            {getValue()}
          </span>
        ),
      }),
      columnHelper.accessor("item_label", {
        header: "Item",
        cell: ({ row }) => (
          <span className="txt-compact-small block min-w-[160px] max-w-[280px] whitespace-normal">
            {row.original.item_label ?? row.original.inventory_item_id}
          </span>
        ),
      }),
      columnHelper.accessor("lot_number", {
        header: "Lot",
        cell: ({ row }) => (
          <CellLink to={`/lots/${row.original.lot_id}`} mono>
            {row.original.lot_number}
          </CellLink>
        ),
      }),
      columnHelper.accessor("status", {
        header: "Status",
        cell: ({ row }) => <SerialBadges serial={row.original} />,
      }),
      columnHelper.accessor("location_id", {
        header: "Location",
        cell: ({ getValue }) => <span className="txt-compact-small whitespace-nowrap">{locationName(getValue())}</span>,
      }),
      columnHelper.accessor("order_display_id", {
        header: "Order",
        cell: ({ row }) =>
          row.original.order_id ? (
            <CellLink to={`/orders/${row.original.order_id}`}>#{row.original.order_display_id ?? row.original.order_id}</CellLink>
          ) : (
            "-"
          ),
      }),
      columnHelper.accessor("customer", {
        header: "Customer",
        cell: ({ getValue }) => <span className="txt-compact-small">{getValue()?.email ?? "-"}</span>,
      }),
      columnHelper.accessor("shipped_at", {
        header: "Shipped",
        cell: ({ getValue }) => <span className="txt-compact-small whitespace-nowrap">{formatDateTime(getValue())}</span>,
      }),
    ],
    [locationName]
  )

const SerialsPage = () => {
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  // Links from elsewhere (an order line's serial, an item's policy) open the page searched or filtered.
  const [search, setSearch] = useState(params.get("q") ?? "")
  const itemId = params.get("inventory_item_id") ?? undefined
  const [filtering, setFiltering] = useState<DataTableFilteringState>({})
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const locations = useStockLocations()
  const locationName = useMemo(() => {
    const names = new Map((locations.data?.stock_locations ?? []).map((l) => [l.id, l.name]))
    return (id: string | null) => (id ? names.get(id) ?? id : "-")
  }, [locations.data])
  const columns = useColumns(locationName)

  const { data, isLoading, isError, error } = useSerials({ ...serialsQuery(filtering, search, pagination), inventory_item_id: itemId })

  const filters: DataTableFilter[] = useMemo(
    () => [
      {
        id: "status",
        type: "select",
        label: "Status",
        options: SERIAL_STATUSES.map((s) => ({ label: s.label, value: s.value })),
      },
      {
        id: "location_id",
        type: "select",
        label: "Location",
        options: (locations.data?.stock_locations ?? []).map((l) => ({ label: l.name, value: l.id })),
      },
    ],
    [locations.data]
  )

  const table = useDataTable({
    columns,
    data: data?.serials ?? [],
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    filters,
    filtering: {
      state: filtering,
      onFilteringChange: (f) => {
        setFiltering(f)
        setPagination((p) => ({ ...p, pageIndex: 0 }))
      },
    },
    search: {
      state: search,
      onSearchChange: (v) => {
        setSearch(v)
        setPagination((p) => ({ ...p, pageIndex: 0 }))
      },
    },
    pagination: { state: pagination, onPaginationChange: setPagination },
    onRowClick: (_, row) => navigate(`/lots/serials/${row.id}`),
  })

  const clearItem = () => {
    const next = new URLSearchParams(params)
    next.delete("inventory_item_id")
    setParams(next)
  }

  return (
    <ListPage
      table={table}
      testId="serials-table"
      title="Serials"
      subtitle={
        itemId ? (
          <span className="inline-flex items-center gap-x-2">
            Units of one item.
            <Badge size="2xsmall" asChild>
              <button type="button" onClick={clearItem}>
                Show all items ×
              </button>
            </Badge>
          </span>
        ) : (
          "Every unit with a serial: where it is, and who has it."
        )
      }
      actions={
        <>
          <span className="flex" data-testid="serials-filter-menu">
            <DataTable.FilterMenu tooltip="Filter" />
          </span>
          <DataTable.Search placeholder="Search serial (exact or prefix)" />
        </>
      }
      isError={isError}
      error={error}
      emptyState={{
        empty: { heading: "No serials yet", description: "Serials appear when a serialized item is received." },
        filtered: { heading: "No serial matches", description: "A serial is found by its whole number or by its beginning." },
      }}
    />
  )
}

export const config = defineRouteConfig({
  label: "Serials",
  rank: 6,
})

export const handle = {
  breadcrumb: () => "Serials",
}

export default SerialsPage
