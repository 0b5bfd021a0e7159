import { Container, DataTable, Heading, Text, type DataTableEmptyStateProps, type UseDataTableReturn } from "@medusajs/ui"
import type { ReactNode } from "react"
import { errorMessage } from "../lib/field-errors"

/**
 * A list page as the dashboard's: a DataTable in a container, its toolbar
 * with the heading and the actions (filter menu, search, buttons), the
 * query's error, the rows and the pagination.
 */
export function ListPage<T>({
  table,
  testId,
  title,
  subtitle,
  actions,
  isError,
  error,
  emptyState,
  children,
}: {
  table: UseDataTableReturn<T>
  testId: string
  title: ReactNode
  subtitle: ReactNode
  actions: ReactNode
  isError: boolean
  error: unknown
  emptyState: DataTableEmptyStateProps
  /** Drawers and modals the page opens. */
  children?: ReactNode
}) {
  return (
    <Container className="flex flex-col divide-y p-0" data-testid={testId}>
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
          <div>
            <Heading>{title}</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              {subtitle}
            </Text>
          </div>
          <div className="flex items-center gap-2">{actions}</div>
        </DataTable.Toolbar>
        {isError && (
          <Text size="small" className="text-ui-fg-error px-6 py-4">
            {errorMessage(error)}
          </Text>
        )}
        <DataTable.Table emptyState={emptyState} />
        <DataTable.Pagination />
      </DataTable>
      {children}
    </Container>
  )
}
