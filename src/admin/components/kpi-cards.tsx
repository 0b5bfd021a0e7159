import { InformationCircle } from "@medusajs/icons"
import { Container, Heading, Text, Tooltip, clx } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useLotKpis } from "../hooks/api/kpis"
import { errorMessage } from "../lib/field-errors"
import { formatCalendarDate } from "../lib/format"
import { kpiCards, type KpiCard } from "../lib/kpi-display"
import type { Query } from "../lib/sdk"

const TONE: Record<string, string> = {
  good: "text-ui-tag-green-text",
  watch: "text-ui-tag-orange-text",
  bad: "text-ui-tag-red-text",
}

const Card = ({ card, compact }: { card: KpiCard; compact?: boolean }) => (
  <div className="bg-ui-bg-base flex flex-col gap-y-1 px-4 py-3" data-testid={`kpi-${card.key}`}>
    <div className="flex items-center gap-x-1">
      <Text size="small" weight="plus" className="text-ui-fg-subtle">
        {card.title}
      </Text>
      <Tooltip content={<span className="block max-w-[280px]">{card.definition}</span>} maxWidth={300}>
        <span className="text-ui-fg-muted cursor-help" aria-label={`What is ${card.title}?`} data-testid="kpi-info">
          <InformationCircle />
        </span>
      </Tooltip>
    </div>
    <Heading level={compact ? "h2" : "h1"} className={clx(card.tone ? TONE[card.tone] : "text-ui-fg-base")}>
      {card.value}
    </Heading>
    <Text size="xsmall" className="text-ui-fg-subtle">
      {card.basis}
    </Text>
  </div>
)

/** The five lot KPIs, each with its definition on hover. */
export const KpiCards = ({ compact, query = {} }: { compact?: boolean; query?: Query }) => {
  const { data, isLoading, isError, error } = useLotKpis(query)
  if (isError) {
    return compact ? null : (
      <Container>
        <Text size="small" className="text-ui-fg-error">
          KPIs are not available: {errorMessage(error)}
        </Text>
      </Container>
    )
  }
  return (
    <Container className="divide-y p-0" data-testid="kpi-cards">
      <div className="flex items-center justify-between px-6 py-3">
        <div>
          <Heading level="h2">Lot KPIs</Heading>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {data
              ? `${formatCalendarDate(data.period.from)} – ${formatCalendarDate(data.period.to)} (${data.period.days} days, ${data.period.time_zone})`
              : isLoading
                ? "Loading…"
                : ""}
          </Text>
        </div>
        {compact && (
          <Link to="/lots/kpis" className="txt-compact-small text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
            Details
          </Link>
        )}
      </div>
      <div className="bg-ui-border-base grid grid-cols-1 gap-px sm:grid-cols-2 lg:grid-cols-5">
        {data && kpiCards(data).map((c) => <Card key={c.key} card={c} compact={compact} />)}
      </div>
    </Container>
  )
}
