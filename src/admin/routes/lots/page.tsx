import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowDownTray, ArrowUpTray, Beaker } from "@medusajs/icons"
import {
  Button,
  createDataTableColumnHelper,
  DataTable,
  useDataTable,
  type DataTableFilter,
  type DataTableFilteringState,
  type DataTablePaginationState,
  type DataTableSortingState,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Link, useNavigate } from "react-router-dom"
import { ExpiryText, LotBadges } from "../../components/common"
import { KpiCards } from "../../components/kpi-cards"
import { ListPage } from "../../components/list-page"
import { ReceiveLotModal } from "../../components/receive-lot-modal"
import type { Lot } from "../../../types/http"
import { useStockLocations } from "../../hooks/api/core"
import { useLots } from "../../hooks/api/lots"
import { formatDate, todayInBrowser } from "../../lib/format"
import { inventoryItemName } from "../../lib/item-names"
import { lotsExportPath, lotsQuery } from "../../lib/lot-filters"

const PAGE_SIZE = 20

/** The API's origin: the dashboard's unless the build names another (as the SDK is set up). */
const BACKEND_URL = String(import.meta.env.VITE_BACKEND_URL || "").replace(/\/$/, "")

const columnHelper = createDataTableColumnHelper<Lot>()

const columns = [
  columnHelper.accessor("lot_number", {
    header: "Lot",
    enableSorting: true,
    sortLabel: "Lot number",
    sortAscLabel: "A-Z",
    sortDescLabel: "Z-A",
    cell: ({ row }) => (
      <div className="flex flex-col">
        <span className="txt-compact-small-plus font-mono" data-testid="lot-number-cell">
          {row.original.lot_number}
        </span>
        {row.original.supplier_lot_code && (
          <span className="txt-compact-xsmall text-ui-fg-subtle whitespace-nowrap" data-testid="supplier-code-cell" title="Supplier lot code">
            Supplier: <span className="font-mono">{row.original.supplier_lot_code}</span>
          </span>
        )}
      </div>
    ),
  }),
  columnHelper.accessor("inventory_item", {
    header: "Item",
    cell: ({ getValue }) => (
      <span className="txt-compact-small block min-w-[200px] max-w-[340px] whitespace-normal">{inventoryItemName(getValue(), "-")}</span>
    ),
  }),
  columnHelper.accessor("status", {
    header: "Status",
    cell: ({ row }) => <LotBadges lot={row.original} />,
  }),
  columnHelper.accessor("expires_at", {
    header: "Expires",
    enableSorting: true,
    sortLabel: "Expiry date",
    sortAscLabel: "Soonest first",
    sortDescLabel: "Latest first",
    cell: ({ row }) => <ExpiryText lot={row.original} />,
  }),
  columnHelper.accessor("received_at", {
    header: "Received",
    enableSorting: true,
    sortLabel: "Receipt date",
    sortAscLabel: "Oldest first",
    sortDescLabel: "Newest first",
    cell: ({ getValue }) => <span className="txt-compact-small whitespace-nowrap">{formatDate(getValue())}</span>,
  }),
  columnHelper.accessor("supplier", {
    header: "Supplier",
    cell: ({ getValue }) => <span className="txt-compact-small">{getValue() ?? "-"}</span>,
  }),
  columnHelper.accessor("stocked_quantity", {
    header: "In stock",
    headerAlign: "right",
    align: "right",
    cell: ({ row }) => (
      <div className="flex flex-col items-end">
        <span className="txt-compact-small-plus">{row.original.stocked_quantity}</span>
        <span className="txt-compact-xsmall text-ui-fg-subtle">{row.original.available_quantity} available</span>
      </div>
    ),
  }),
  columnHelper.accessor("stock", {
    header: "Locations",
    cell: ({ getValue }) => (
      <div className="flex flex-col">
        {getValue()
          .filter((s) => s.stocked_quantity > 0)
          .map((s) => (
            <span key={s.location_id} className="txt-compact-xsmall text-ui-fg-subtle whitespace-nowrap" data-testid="lot-location-cell">
              {s.location_name ?? s.location_id}: {s.stocked_quantity}
              {s.bin && (
                <>
                  {" · "}
                  <span className="font-mono" data-testid="lot-bin" title="Bin">
                    {s.bin}
                  </span>
                </>
              )}
            </span>
          ))}
      </div>
    ),
  }),
]

const LotsPage = () => {
  const navigate = useNavigate()
  const [receiveOpen, setReceiveOpen] = useState(false)
  const [search, setSearch] = useState("")
  const [filtering, setFiltering] = useState<DataTableFilteringState>({})
  const [sorting, setSorting] = useState<DataTableSortingState | null>({ id: "expires_at", desc: false })
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const locations = useStockLocations()
  const today = useMemo(() => todayInBrowser(), [])

  const query = lotsQuery(filtering, search, sorting, pagination, today)
  const { data, isLoading, isError, error } = useLots(query)
  // A plain link: the browser sends the dashboard's session cookie and saves the file itself.
  const exportHref = BACKEND_URL + lotsExportPath(query)

  const filters: DataTableFilter[] = useMemo(
    () => [
      {
        id: "status",
        type: "select",
        label: "Status",
        options: [
          { label: "Active", value: "active" },
          { label: "Quarantined", value: "quarantined" },
          { label: "Recalled", value: "recalled" },
        ],
      },
      {
        id: "location_id",
        type: "select",
        label: "Location",
        options: (locations.data?.stock_locations ?? []).map((l) => ({ label: l.name, value: l.id })),
      },
      {
        id: "expired",
        type: "radio",
        label: "Expired",
        options: [
          { label: "Expired", value: "true" },
          { label: "Not expired", value: "false" },
        ],
      },
      {
        id: "expiring_within",
        type: "radio",
        label: "Expiring within",
        options: [
          { label: "7 days", value: "7" },
          { label: "30 days", value: "30" },
          { label: "60 days", value: "60" },
          { label: "90 days", value: "90" },
        ],
      },
      {
        id: "bin",
        type: "string",
        label: "Bin",
        placeholder: "Shelf code, e.g. A-01-03",
      },
      {
        id: "has_stock",
        type: "radio",
        label: "Stock",
        options: [
          { label: "With stock", value: "true" },
          { label: "Without stock", value: "false" },
        ],
      },
    ],
    [locations.data]
  )

  const table = useDataTable({
    columns,
    data: data?.lots ?? [],
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    filters,
    filtering: { state: filtering, onFilteringChange: setFiltering },
    search: { state: search, onSearchChange: setSearch },
    sorting: { state: sorting, onSortingChange: setSorting },
    pagination: { state: pagination, onPaginationChange: setPagination },
    onRowClick: (_, row) => navigate(`/lots/${row.id}`),
  })

  return (
    <div className="flex flex-col gap-y-3">
      <KpiCards compact />
      <ListPage
        table={table}
        testId="lots-table"
        title="Lots"
        subtitle="Production batches in stock, with expiry and status."
        actions={
          <>
            <span className="flex" data-testid="lots-filter-menu">
              <DataTable.FilterMenu tooltip="Filter" />
            </span>
            <span className="flex" data-testid="lots-sorting-menu">
              <DataTable.SortingMenu tooltip="Sort" />
            </span>
            <DataTable.Search placeholder="Lot or supplier code" />
            <Button size="small" variant="secondary" asChild>
              <a href={exportHref} download data-testid="lots-export" title="Every lot the filters select, with stock per location">
                <ArrowDownTray /> Export CSV
              </a>
            </Button>
            <Button size="small" variant="secondary" asChild>
              <Link to="/lots/import" data-testid="lots-import">
                <ArrowUpTray /> Import
              </Link>
            </Button>
            <Button size="small" variant="secondary" onClick={() => setReceiveOpen(true)} data-testid="open-receive">
              Receive lot
            </Button>
          </>
        }
        isError={isError}
        error={error}
        emptyState={{
          empty: { heading: "No lots yet", description: "Receive a lot to start tracking batches." },
          filtered: { heading: "No lots match", description: "Change the search or the filters." },
        }}
      />
      <ReceiveLotModal open={receiveOpen} onOpenChange={setReceiveOpen} />
    </div>
  )
}

export const config = defineRouteConfig({
  label: "Lots",
  icon: Beaker,
  rank: 1,
})

export const handle = {
  breadcrumb: () => "Lots",
}

export default LotsPage
