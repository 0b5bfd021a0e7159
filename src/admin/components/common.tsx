import { Container, Heading, StatusBadge, Text, clx } from "@medusajs/ui"
import type { ReactNode } from "react"
import { Link } from "react-router-dom"
import type { Lot } from "../../types/http"
import { errorMessage } from "../lib/field-errors"
import { formatCalendarDate, lotBadges, relativeDays } from "../lib/format"

/** Status and expiry badges of a lot, as the dashboard's status badges. */
export const LotBadges = ({ lot, className }: { lot: Parameters<typeof lotBadges>[0]; className?: string }) => (
  <div className={clx("flex flex-wrap items-center gap-1", className)} data-testid="lot-badges">
    {lotBadges(lot).map((b) => (
      <StatusBadge key={b.label} color={b.color} className="whitespace-nowrap">
        {b.label}
      </StatusBadge>
    ))}
  </div>
)

/** "31 Dec 2027 · in 21 days" with the expiry colour. */
export const ExpiryText = ({ lot }: { lot: Pick<Lot, "expires_at" | "expired" | "expiring_soon" | "days_until_expiry"> }) => (
  <div className="flex flex-col">
    <Text size="small" leading="compact" className="txt-compact-small whitespace-nowrap">
      {formatCalendarDate(lot.expires_at)}
    </Text>
    {lot.expires_at && (
      <Text
        size="xsmall"
        leading="compact"
        className={clx(
          lot.expired ? "text-ui-fg-error" : lot.expiring_soon ? "text-ui-tag-orange-text" : "text-ui-fg-subtle"
        )}
      >
        {relativeDays(lot.days_until_expiry)}
      </Text>
    )}
  </div>
)

/** A dashboard section: a Container with a header row and a body. */
export const Section = ({
  title,
  subtitle,
  actions,
  children,
  className,
  testId,
}: {
  title: ReactNode
  subtitle?: ReactNode
  actions?: ReactNode
  children?: ReactNode
  className?: string
  testId?: string
}) => (
  <Container className={clx("divide-y p-0", className)} data-testid={testId}>
    <div className="flex items-center justify-between gap-x-4 px-6 py-4">
      <div>
        <Heading level="h2">{title}</Heading>
        {subtitle && (
          <Text size="small" className="text-ui-fg-subtle">
            {subtitle}
          </Text>
        )}
      </div>
      {actions && <div className="flex items-center gap-x-2">{actions}</div>}
    </div>
    {children}
  </Container>
)

/** A label / value row as in the dashboard's general sections. */
export const FieldRow = ({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) => (
  <div className="text-ui-fg-subtle grid grid-cols-2 items-start px-6 py-4" data-testid={testId}>
    <Text size="small" weight="plus" leading="compact">
      {label}
    </Text>
    <div className="txt-small text-ui-fg-base break-words">{children}</div>
  </div>
)

export const Empty = ({ children }: { children: ReactNode }) => (
  <div className="flex items-center justify-center px-6 py-8">
    <Text size="small" className="text-ui-fg-muted">
      {children}
    </Text>
  </div>
)

export const ErrorText = ({ children, testId }: { children?: ReactNode; testId?: string }) =>
  children ? (
    <Text size="small" className="text-ui-fg-error" data-testid={testId}>
      {children}
    </Text>
  ) : null

/** A simple table in the dashboard's style, for nested lists that need no paging. */
export const SimpleTable = ({
  head,
  rows,
  testId,
}: {
  head: ReactNode[]
  rows: { key: string; cells: ReactNode[]; className?: string }[]
  testId?: string
}) => (
  <div className="overflow-x-auto" data-testid={testId}>
    <table className="w-full text-left">
      <thead>
        <tr className="border-ui-border-base border-b">
          {head.map((h, i) => (
            <th key={i} className="txt-compact-small-plus text-ui-fg-subtle px-6 py-2.5 font-medium">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className={clx("border-ui-border-base border-b last:border-b-0", r.className)}>
            {r.cells.map((c, i) => (
              <td key={i} className="txt-compact-small text-ui-fg-base px-6 py-2.5 align-top">
                {c}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  </div>
)

/** What QueryState reads of a react-query result. */
type QueryLike<T> = { data: T | undefined; isLoading: boolean; isError: boolean; error: unknown }

/**
 * The loading and error states of a query, then its data. In a section:
 * the error or "Loading…" (or `empty` when `isEmpty`) in an Empty row. As a
 * `page`: the whole page is a container saying so.
 */
export function QueryState<T>({
  query,
  children,
  empty,
  isEmpty,
  loading = "Loading…",
  errorPrefix = "",
  page,
}: {
  query: QueryLike<T>
  children: (data: T) => ReactNode
  empty?: ReactNode
  isEmpty?: (data: T) => boolean
  loading?: ReactNode
  errorPrefix?: string
  page?: boolean
}) {
  if (page) {
    if (query.isLoading) {
      return (
        <Container>
          <Text size="small">{loading}</Text>
        </Container>
      )
    }
    if (query.isError || query.data === undefined) {
      return (
        <Container>
          <Text size="small" className="text-ui-fg-error">
            {errorPrefix}
            {errorMessage(query.error)}
          </Text>
        </Container>
      )
    }
    return <>{children(query.data)}</>
  }
  if (query.isError) {
    return (
      <Empty>
        {errorPrefix}
        {errorMessage(query.error)}
      </Empty>
    )
  }
  if (query.data !== undefined && !isEmpty?.(query.data)) {
    return <>{children(query.data)}</>
  }
  return <Empty>{query.isLoading ? loading : empty}</Empty>
}

/** A lot number linking to its page. */
export const LotLink = ({ lot }: { lot: { id: string; lot_number: string } }) => (
  <Link to={`/lots/${lot.id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover whitespace-nowrap font-mono">
    {lot.lot_number}
  </Link>
)

type MiniLot = Pick<Lot, "id" | "lot_number" | "status" | "expired" | "expiring_soon" | "expires_at" | "days_until_expiry">

/** The lots of an item in a widget: lot, status and expiry, then the columns the widget adds. */
export function LotMiniTable<L extends MiniLot>({
  lots,
  head,
  cells,
}: {
  lots: L[]
  head: ReactNode[]
  cells: (lot: L) => ReactNode[]
}) {
  return (
    <SimpleTable
      head={["Lot", "Status", "Expires", ...head]}
      rows={lots.map((lot) => ({
        key: lot.id,
        cells: [<LotLink key="l" lot={lot} />, <LotBadges key="s" lot={lot} />, <ExpiryText key="e" lot={lot} />, ...cells(lot)],
      }))}
    />
  )
}
