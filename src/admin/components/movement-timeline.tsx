import { Text, Tooltip, clx } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { formatDateTime, movementDetail, movementLabel, movementQuantity } from "../lib/format"
import type { LotMovement } from "../../types/http"

const DOT: Record<string, string> = {
  received: "bg-ui-tag-green-icon",
  transferred_in: "bg-ui-tag-green-icon",
  returned: "bg-ui-tag-green-icon",
  return_damaged: "bg-ui-tag-red-icon",
  return_awaiting_lot: "bg-ui-tag-orange-icon",
  return_lot_confirmed: "bg-ui-tag-neutral-icon",
  fulfillment_canceled: "bg-ui-tag-green-icon",
  written_off: "bg-ui-tag-red-icon",
  recalled: "bg-ui-tag-red-icon",
  quarantined: "bg-ui-tag-orange-icon",
  fulfilled: "bg-ui-tag-blue-icon",
  reserved: "bg-ui-tag-purple-icon",
  released: "bg-ui-tag-neutral-icon",
  opening_balance: "bg-ui-tag-green-icon",
  put_away: "bg-ui-tag-neutral-icon",
  edited: "bg-ui-tag-neutral-icon",
}

const Reference = ({ m }: { m: LotMovement }) => {
  if (!m.reference_type || !m.reference_id) {
    return null
  }
  const orderId = m.reference_type === "order" ? m.reference_id : (m.metadata?.order_id as string | undefined)
  if (orderId) {
    return (
      <Link to={`/orders/${orderId}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover txt-compact-xsmall">
        Order
      </Link>
    )
  }
  if (m.reference_type === "recall") {
    return (
      <Link to={`/lots/recalls/${m.reference_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover txt-compact-xsmall">
        {(m.metadata?.reference as string) ?? "Recall"}
      </Link>
    )
  }
  return (
    <Tooltip content={m.reference_id}>
      <span className="txt-compact-xsmall text-ui-fg-muted">{m.reference_type.replace(/_/g, " ")}</span>
    </Tooltip>
  )
}

/** The lot's ledger, newest first, drawn like the dashboard's order activity. */
export const MovementTimeline = ({
  movements,
  locationName,
}: {
  movements: LotMovement[]
  locationName: (id: string | null) => string | null
}) => (
  <div className="flex flex-col px-6 py-4" data-testid="movement-timeline">
    {movements.map((m, i) => (
      <div key={m.id} className="grid grid-cols-[20px_1fr] items-start gap-x-2" data-testid="movement">
        <div className="flex size-full flex-col items-center gap-y-0.5">
          <div className="flex size-5 items-center justify-center">
            <div className="bg-ui-bg-base shadow-borders-base flex size-2.5 items-center justify-center rounded-sm">
              <div className={clx("size-1.5 rounded-sm", DOT[m.type] ?? "bg-ui-tag-neutral-icon")} />
            </div>
          </div>
          {i < movements.length - 1 && <div className="bg-ui-border-base w-px flex-1" />}
        </div>
        <div className="flex flex-col pb-4">
          <div className="flex items-center justify-between gap-x-2">
            <Text size="small" leading="compact" weight="plus">
              {movementLabel(m.type)}
            </Text>
            <Text size="small" leading="compact" className="text-ui-fg-subtle whitespace-nowrap">
              {movementQuantity(m)}
            </Text>
          </div>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {[locationName(m.location_id), movementDetail(m), m.reason, m.note]
              .filter(Boolean)
              .join(" · ")}
          </Text>
          <div className="flex items-center gap-x-2">
            <Text size="xsmall" className="text-ui-fg-muted">
              {formatDateTime(m.created_at)}
            </Text>
            <Reference m={m} />
          </div>
        </div>
      </div>
    ))}
  </div>
)
