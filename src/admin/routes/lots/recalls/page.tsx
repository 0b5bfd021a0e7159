import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Button,
  createDataTableColumnHelper,
  DataTable,
  StatusBadge,
  useDataTable,
  type DataTableFilter,
  type DataTableFilteringState,
  type DataTablePaginationState,
} from "@medusajs/ui"
import { useState } from "react"
import { useNavigate } from "react-router-dom"
import type { RecallListItem } from "../../../../types/http"
import { ListPage } from "../../../components/list-page"
import { NewRecallModal } from "../../../components/new-recall-modal"
import { RecallStatusBadge } from "../../../components/recall-badges"
import { useRecalls } from "../../../hooks/api/recalls"
import { formatDateTime, formatDuration } from "../../../lib/format"
import { scopeText } from "../../../lib/recall-scope"

const columnHelper = createDataTableColumnHelper<RecallListItem>()

const columns = [
  columnHelper.accessor("reference", {
    header: "Recall",
    cell: ({ getValue }) => <span className="txt-compact-small-plus font-mono">{getValue()}</span>,
  }),
  columnHelper.accessor("status", {
    header: "Status",
    cell: ({ getValue }) => <RecallStatusBadge status={getValue()} />,
  }),
  columnHelper.accessor("classification", {
    header: "Class",
    cell: ({ getValue }) => (getValue() ? <StatusBadge color="red">Class {getValue()}</StatusBadge> : "-"),
  }),
  columnHelper.accessor("lot_numbers", {
    header: "Lots",
    // A recall by serial names units, not lots.
    cell: ({ row }) =>
      row.original.lot_count === 0 && row.original.serial_count ? (
        <span className="txt-compact-small" data-testid="recall-serial-count">
          {row.original.serial_count} unit{row.original.serial_count === 1 ? "" : "s"} by serial
        </span>
      ) : (
        <span className="txt-compact-small font-mono">{row.original.lot_numbers.join(", ")}</span>
      ),
  }),
  columnHelper.accessor("reason", {
    header: "Reason",
    cell: ({ row, getValue }) => (
      <div className="flex max-w-[280px] flex-col">
        <span className="txt-compact-small line-clamp-2">{getValue()}</span>
        {row.original.scope && (
          <span className="txt-compact-xsmall text-ui-fg-subtle" data-testid="recall-list-scope">
            {scopeText(row.original.scope)}
          </span>
        )}
      </div>
    ),
  }),
  columnHelper.accessor("notice_count", {
    header: "Affected orders",
    headerAlign: "right",
    align: "right",
    cell: ({ row }) => (
      <div className="flex flex-col items-end">
        <span className="txt-compact-small-plus">{row.original.notice_count}</span>
        <span className="txt-compact-xsmall text-ui-fg-subtle">{row.original.units} units</span>
      </div>
    ),
  }),
  columnHelper.accessor("sent", {
    header: "Notified",
    cell: ({ row }) => {
      const r = row.original
      const done = r.sent + r.acknowledged
      return (
        <div className="flex flex-col">
          <span className="txt-compact-small">
            {done} of {r.notice_count}
          </span>
          {r.failed > 0 && <span className="txt-compact-xsmall text-ui-fg-error">{r.failed} failed</span>}
          {r.without_email > 0 && <span className="txt-compact-xsmall text-ui-fg-subtle">{r.without_email} without email</span>}
        </div>
      )
    },
  }),
  columnHelper.accessor("opened_at", {
    header: "Opened",
    cell: ({ getValue }) => <span className="txt-compact-small">{formatDateTime(getValue())}</span>,
  }),
  columnHelper.accessor("recall_time_ms", {
    header: "Recall time",
    cell: ({ getValue }) => <span className="txt-compact-small">{formatDuration(getValue())}</span>,
  }),
]

const filters: DataTableFilter[] = [
  {
    id: "status",
    type: "select",
    label: "Status",
    options: [
      { label: "Open", value: "open" },
      { label: "Closed", value: "closed" },
      { label: "Canceled", value: "canceled" },
    ],
  },
]

const RecallsPage = () => {
  const navigate = useNavigate()
  const [open, setOpen] = useState(false)
  const [search, setSearch] = useState("")
  const [filtering, setFiltering] = useState<DataTableFilteringState>({})
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: 20 })
  const status = filtering.status as string[] | undefined
  const { data, isLoading, isError, error } = useRecalls({
    q: search || undefined,
    status: status?.length ? status : undefined,
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
  })

  const table = useDataTable({
    columns,
    data: data?.recalls ?? [],
    getRowId: (r) => r.id,
    rowCount: data?.count ?? 0,
    isLoading,
    filters,
    filtering: { state: filtering, onFilteringChange: setFiltering },
    search: { state: search, onSearchChange: setSearch },
    pagination: { state: pagination, onPaginationChange: setPagination },
    onRowClick: (_, row) => navigate(`/lots/recalls/${row.id}`),
  })

  return (
    <ListPage
      table={table}
      testId="recalls-table"
      title="Recalls"
      subtitle={
        data?.counts
          ? `${data.counts.open ?? 0} open · ${data.counts.closed ?? 0} closed${data.counts.canceled ? ` · ${data.counts.canceled} canceled` : ""}`
          : "Recall cases over lots or single units."
      }
      actions={
        <>
          <DataTable.FilterMenu tooltip="Filter" />
          <DataTable.Search placeholder="Search reference" />
          <Button size="small" variant="secondary" onClick={() => setOpen(true)} data-testid="open-new-recall">
            New recall
          </Button>
        </>
      }
      isError={isError}
      error={error}
      emptyState={{
        empty: { heading: "No recalls", description: "Open a recall of lots when a batch must come back, or of units named by their serials." },
        filtered: { heading: "No recalls match", description: "Change the search or the filters." },
      }}
    >
      <NewRecallModal open={open} onOpenChange={setOpen} />
    </ListPage>
  )
}

export const config = defineRouteConfig({
  label: "Recalls",
  rank: 3,
})

export const handle = {
  breadcrumb: () => "Recalls",
}

export default RecallsPage
