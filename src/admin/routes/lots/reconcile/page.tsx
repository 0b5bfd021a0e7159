import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container, Heading, Select, StatusBadge, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { DRIFT_KINDS } from "../../../../lib/reconcile"
import type { DescribedDrift, DriftKind } from "../../../../types/http"
import { QueryState, Section, SimpleTable } from "../../../components/common"
import { useLotDrift, useRepairLotDrift } from "../../../hooks/api/reconcile"
import { errorMessage } from "../../../lib/field-errors"
import { formatDateTime, pluralize } from "../../../lib/format"
import { rowItemName } from "../../../lib/item-names"

const KIND_LABELS: Record<DriftKind, string> = {
  failed_sync: "Failed sync",
  orphaned_allocation: "Orphaned allocation",
  line_mismatch: "Line differs",
  covered_shortfall: "Shortfall now covered",
  hold_mismatch: "Hold differs",
  stock_mismatch: "Stock differs",
  reserved_mismatch: "Reserved differs",
}

const figureText = (figures: Record<string, number>) =>
  Object.entries(figures)
    .map(([k, v]) => `${k.replace(/_/g, " ")}: ${v}`)
    .join(" · ")

const DriftTable = ({ drift }: { drift: DescribedDrift[] }) => (
  <SimpleTable
    testId="drift-table"
    head={["Difference", "Item", "Location", "Order", "Figures", "What it is", ""]}
    rows={drift.map((d) => ({
      key: d.id,
      cells: [
        <span key="k" className="whitespace-nowrap" data-testid={`drift-${d.kind}`}>
          {KIND_LABELS[d.kind]}
        </span>,
        d.inventory_item_id ? (
          <Link key="i" to={`/inventory/${d.inventory_item_id}`} className="text-ui-fg-interactive">
            {rowItemName(d)}
          </Link>
        ) : (
          "-"
        ),
        d.location_name ?? d.location_id ?? "-",
        d.order_id ? (
          <Link key="o" to={`/orders/${d.order_id}`} className="text-ui-fg-interactive whitespace-nowrap">
            {d.order_display_id ? `#${d.order_display_id}` : d.order_id}
          </Link>
        ) : (
          "-"
        ),
        <span key="f" className="text-ui-fg-subtle txt-compact-xsmall">
          {figureText(d.figures)}
        </span>,
        <Text key="m" size="xsmall" className="max-w-[420px]">
          {d.message}
        </Text>,
        <StatusBadge key="r" color={d.repairable ? "orange" : "grey"} className="whitespace-nowrap">
          {d.repairable ? "Repairable" : "Reported"}
        </StatusBadge>,
      ],
    }))}
  />
)

const ReconcilePage = () => {
  const [kind, setKind] = useState<string>("all")
  const drift = useLotDrift({ kind: kind === "all" ? undefined : kind, limit: 500 })
  const repair = useRepairLotDrift()
  const { data } = drift
  const summary = data?.summary

  const runRepair = () =>
    repair.mutate(
      {},
      {
        onSuccess: (run) => {
          const left = run.remaining.summary
          toast.success(`${pluralize(run.total_repaired, "difference")} repaired`, {
            description: left.total
              ? `${pluralize(left.total, "difference")} left: ${left.repairable ? `${left.repairable} still changing, repaired by a later run; ` : ""}the others need staff.`
              : "The lot books match Medusa's.",
          })
        },
        onError: (e) => toast.error("Repair failed", { description: errorMessage(e) }),
      }
    )

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex flex-col gap-y-4 px-6 py-4" data-testid="reconcile-header">
        <div className="flex flex-col justify-between gap-4 md:flex-row md:items-center">
          <div>
            <Heading>Reconcile</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Where lot stock, lot reservations and the hold differ from Medusa's inventory levels and reservations
              {data ? ` (as of ${formatDateTime(data.as_of)})` : ""}. Repair fixes what follows from the facts; the rest
              needs a count, a receipt or a decision.
            </Text>
          </div>
          <div className="flex items-center gap-x-2">
            <Select value={kind} onValueChange={setKind}>
              <Select.Trigger className="w-[220px]" data-testid="drift-kind">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="all">Every difference</Select.Item>
                {DRIFT_KINDS.map((k) => (
                  <Select.Item key={k} value={k}>
                    {KIND_LABELS[k]}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
            <Button
              size="small"
              onClick={runRepair}
              isLoading={repair.isPending}
              disabled={!summary?.repairable}
              data-testid="reconcile-repair"
            >
              Repair
            </Button>
          </div>
        </div>
        {summary && (
          <div className="flex flex-wrap gap-2" data-testid="drift-summary">
            <StatusBadge color={summary.total ? "red" : "green"}>
              {summary.total ? pluralize(summary.total, "difference") : "No differences"}
            </StatusBadge>
            {summary.repairable ? <StatusBadge color="orange">{summary.repairable} repairable</StatusBadge> : null}
            {DRIFT_KINDS.filter((k) => summary.by_kind[k].count).map((k) => (
              <StatusBadge key={k} color="grey">
                {KIND_LABELS[k]}: {summary.by_kind[k].count}
              </StatusBadge>
            ))}
          </div>
        )}
      </Container>
      <Section title="Drift" subtitle="Repairable differences first, by kind." testId="drift-section">
        <QueryState query={drift} isEmpty={(d) => !d.drift.length} empty="The lot books match Medusa's.">
          {(d) => <DriftTable drift={d.drift} />}
        </QueryState>
      </Section>
    </div>
  )
}

export const config = defineRouteConfig({
  label: "Reconcile",
  rank: 5,
})

export const handle = {
  breadcrumb: () => "Reconcile",
}

export default ReconcilePage
