import { CheckCircleSolid, XCircleSolid } from "@medusajs/icons"
import { Badge, Button, Hint, StatusBadge, Table, Text } from "@medusajs/ui"
import { useMemo, useState, type ReactNode } from "react"
import { Link } from "react-router-dom"
import { formatDateTime, pluralize } from "../lib/format"
import {
  groupErrorsByColumn,
  importModeLabel,
  importProgress,
  pageOf,
  rowList,
  sortErrors,
  type LotImport,
  type LotImportStatus,
} from "../lib/imports"
import { SimpleTable } from "./common"

const ERRORS_PER_PAGE = 20

export const IMPORT_STATUS: Record<LotImportStatus, { label: string; color: "grey" | "blue" | "green" | "red" }> = {
  preview: { label: "Preview", color: "grey" },
  running: { label: "Importing", color: "blue" },
  done: { label: "Done", color: "green" },
  failed: { label: "Failed", color: "red" },
}

export const ImportStatusBadge = ({ status }: { status: LotImportStatus }) => (
  <StatusBadge color={IMPORT_STATUS[status]?.color ?? "grey"} className="whitespace-nowrap">
    {IMPORT_STATUS[status]?.label ?? status}
  </StatusBadge>
)

const Figure = ({ label, value, testId, tone }: { label: string; value: ReactNode; testId: string; tone?: "error" }) => (
  <div className="flex flex-col gap-y-1 rounded-lg border px-4 py-3" data-testid={testId}>
    <Text size="xsmall" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="xlarge" weight="plus" className={tone === "error" ? "text-ui-fg-error" : undefined} data-testid={`${testId}-value`}>
      {value}
    </Text>
  </div>
)

/** Rows, valid, errors; then what the rows add up to: units, new and existing lots, per location. */
export const ImportSummary = ({ imp }: { imp: LotImport }) => {
  const s = imp.summary
  return (
    <div className="flex flex-col gap-y-4 px-6 py-4" data-testid="import-summary">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6">
        <Figure label="Rows" value={imp.total_rows} testId="import-total-rows" />
        <Figure label="Valid rows" value={imp.valid_rows} testId="import-valid-rows" />
        <Figure label="Errors" value={imp.error_count} testId="import-error-count" tone={imp.error_count ? "error" : undefined} />
        <Figure label="Units" value={s?.units ?? 0} testId="import-units" />
        <Figure label="New lots" value={s?.lots_new ?? 0} testId="import-lots-new" />
        <Figure label="Existing lots" value={s?.lots_existing ?? 0} testId="import-lots-existing" />
      </div>
      {s && (
        <Text size="small" className="text-ui-fg-subtle">
          {pluralize(s.items, "item")} at {pluralize(s.locations, "location")}
          {imp.error_count ? " (valid rows only)" : ""}.
        </Text>
      )}
      {s?.ignored_columns?.length ? (
        <Hint variant="info" data-testid="import-ignored-columns">
          Columns not read by this mode: {s.ignored_columns.join(", ")}.
        </Hint>
      ) : null}
      {s?.by_location.length ? (
        <div className="rounded-lg border">
          <SimpleTable
            testId="import-by-location"
            head={["Location", <span key="u" className="block text-right">Units</span>]}
            rows={s.by_location.map((l) => ({
              key: l.location_id,
              cells: [l.location_name ?? l.location_id, <span key="u" className="block text-right">{l.units}</span>],
            }))}
          />
        </div>
      ) : null}
    </div>
  )
}

/** The row errors: one line per mistake repeated (by column), then the table, a page at a time. */
export const ImportErrors = ({ imp }: { imp: LotImport }) => {
  const [pageIndex, setPageIndex] = useState(0)
  const sorted = useMemo(() => sortErrors(imp.errors), [imp.errors])
  const groups = useMemo(() => groupErrorsByColumn(imp.errors), [imp.errors])
  const page = pageOf(sorted, pageIndex, ERRORS_PER_PAGE)
  if (!imp.errors.length) {
    return null
  }
  return (
    <div className="flex flex-col" data-testid="import-errors">
      <div className="flex flex-col gap-y-2 px-6 py-4">
        <Text size="small" weight="plus">
          Row errors
        </Text>
        <div className="flex flex-wrap gap-2" data-testid="import-error-groups">
          {groups.map((g) => (
            <Badge key={g.column ?? ""} size="2xsmall" color="red">
              {g.column ?? "whole row"}: {pluralize(g.count, "error")}, {rowList(g.rows, 4)}
            </Badge>
          ))}
        </div>
        {imp.error_count > imp.errors.length && (
          <Text size="xsmall" className="text-ui-fg-subtle">
            The first {imp.errors.length} of {imp.error_count} errors are listed.
          </Text>
        )}
      </div>
      <Table data-testid="import-errors-table">
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell className="w-[80px]">Row</Table.HeaderCell>
            <Table.HeaderCell className="w-[200px]">Column</Table.HeaderCell>
            <Table.HeaderCell>Problem</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {page.items.map((e, i) => (
            <Table.Row key={`${e.row}-${e.column}-${i}`} data-testid="import-error-row">
              <Table.Cell className="font-mono" data-testid="import-error-row-number">
                {e.row}
              </Table.Cell>
              <Table.Cell className="font-mono" data-testid="import-error-column">
                {e.column ?? "-"}
              </Table.Cell>
              <Table.Cell className="whitespace-normal" data-testid="import-error-message">
                {e.message}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      {page.pageCount > 1 && (
        <Table.Pagination
          count={sorted.length}
          pageSize={ERRORS_PER_PAGE}
          pageIndex={page.pageIndex}
          pageCount={page.pageCount}
          canPreviousPage={page.canPreviousPage}
          canNextPage={page.canNextPage}
          previousPage={() => setPageIndex(page.pageIndex - 1)}
          nextPage={() => setPageIndex(page.pageIndex + 1)}
          data-testid="import-errors-pagination"
        />
      )}
    </div>
  )
}

/** processed / total of a running import. */
export const ImportProgressBar = ({ imp }: { imp: LotImport }) => {
  const pct = importProgress(imp)
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="import-progress">
      <div className="flex items-center justify-between">
        <Text size="small" weight="plus">
          Importing {imp.file_name ?? "the file"}…
        </Text>
        <Text size="small" className="text-ui-fg-subtle" data-testid="import-progress-text">
          {imp.processed} of {imp.total} · {pct}%
        </Text>
      </div>
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full border"
        data-testid="import-progress-bar"
      >
        <div className="bg-ui-fg-interactive h-full transition-[width] duration-500" style={{ width: `${pct}%` }} />
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">
        The import is applied all or nothing: if a row fails now, nothing is changed. You may leave this page; it goes on.
      </Text>
    </div>
  )
}

/** The end of a run: where to see the lots, or why nothing changed. */
export const ImportResult = ({ imp, onAnother }: { imp: LotImport; onAnother: () => void }) => {
  if (imp.status === "done") {
    return (
      <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="import-done">
        <div className="flex items-center gap-x-2">
          <CheckCircleSolid className="text-ui-tag-green-icon" />
          <Text size="small" weight="plus">
            Imported {pluralize(imp.total_rows, "row")} ({importModeLabel(imp.mode).toLowerCase()})
            {imp.summary ? `: ${pluralize(imp.summary.units, "unit")}, ${pluralize(imp.summary.lots_new, "new lot")}` : ""}.
          </Text>
        </div>
        {imp.finished_at && (
          <Text size="xsmall" className="text-ui-fg-subtle">
            Finished {formatDateTime(imp.finished_at)}
          </Text>
        )}
        <div className="flex gap-x-2">
          <Button size="small" asChild>
            <Link to="/lots" data-testid="import-view-lots">
              View lots
            </Link>
          </Button>
          <Button size="small" variant="secondary" onClick={onAnother} data-testid="import-another">
            Import another file
          </Button>
        </div>
      </div>
    )
  }
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="import-failed">
      <div className="flex items-center gap-x-2">
        <XCircleSolid className="text-ui-tag-red-icon" />
        <Text size="small" weight="plus">
          The import failed: nothing was changed.
        </Text>
      </div>
      <Text size="small" className="text-ui-fg-error" data-testid="import-failure">
        {imp.failure ?? "No reason was given."}
      </Text>
      <div>
        <Button size="small" variant="secondary" onClick={onAnother} data-testid="import-another">
          Upload a corrected file
        </Button>
      </div>
    </div>
  )
}
