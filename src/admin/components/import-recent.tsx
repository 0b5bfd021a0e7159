import { Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useLotImports } from "../hooks/api/imports"
import { formatDateTime } from "../lib/format"
import { importModeLabel } from "../lib/imports"
import { QueryState, Section, SimpleTable } from "./common"
import { ImportStatusBadge } from "./import-preview"

/** The last imports, newest first: each opens its preview or outcome on the import page. */
export const RecentImports = ({ currentId, limit = 10 }: { currentId: string | null; limit?: number }) => {
  const imports = useLotImports({ limit, offset: 0 })
  return (
    <Section title="Recent imports" subtitle="A preview stays here until it is confirmed or replaced." testId="import-recent">
      <QueryState query={imports} isEmpty={(d) => !d.imports.length} empty="No imports yet.">
        {(d) => (
          <SimpleTable
            testId="import-recent-table"
            head={["File", "Mode", "Status", "Rows", "Errors", "Uploaded"]}
            rows={d.imports.map((imp) => ({
              key: imp.id,
              className: imp.id === currentId ? "bg-ui-bg-highlight" : undefined,
              cells: [
                <Link
                  key="f"
                  to={`/lots/import?id=${encodeURIComponent(imp.id)}`}
                  className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
                  data-testid="import-recent-link"
                >
                  {imp.file_name || imp.id}
                </Link>,
                importModeLabel(imp.mode),
                <ImportStatusBadge key="s" status={imp.status} />,
                imp.total_rows,
                <Text key="e" size="small" className={imp.error_count ? "text-ui-fg-error" : "text-ui-fg-subtle"}>
                  {imp.error_count}
                </Text>,
                <span key="c" className="whitespace-nowrap">
                  {formatDateTime(imp.created_at)}
                </span>,
              ],
            }))}
          />
        )}
      </QueryState>
    </Section>
  )
}
