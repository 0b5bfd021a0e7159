import { Text, clx } from "@medusajs/ui"
import { Link } from "react-router-dom"
import type { SerialHistoryEntry } from "../../types/http"
import { formatDateTime } from "../lib/format"
import { serialHistoryLabel } from "../lib/serials"

const DOT: Record<string, string> = {
  received: "bg-ui-tag-green-icon",
  returned: "bg-ui-tag-green-icon",
  fulfillment_canceled: "bg-ui-tag-green-icon",
  reserved: "bg-ui-tag-purple-icon",
  released: "bg-ui-tag-neutral-icon",
  shipped: "bg-ui-tag-blue-icon",
  transferred: "bg-ui-tag-neutral-icon",
  returned_damaged: "bg-ui-tag-red-icon",
  written_off: "bg-ui-tag-red-icon",
  recalled: "bg-ui-tag-red-icon",
}

const linkClass = "text-ui-fg-interactive hover:text-ui-fg-interactive-hover txt-compact-xsmall"

/** What an entry refers to: its order, its recall, else nothing. */
const Reference = ({ entry }: { entry: SerialHistoryEntry }) => {
  if (entry.order_id) {
    return (
      <Link to={`/orders/${entry.order_id}`} className={linkClass}>
        Order
      </Link>
    )
  }
  if (entry.reference_type === "recall" && entry.reference_id) {
    return (
      <Link to={`/lots/recalls/${entry.reference_id}`} className={linkClass}>
        Recall
      </Link>
    )
  }
  return null
}

/** A unit's life, oldest first (received ... shipped ... returned), drawn like the lot ledger. */
export const SerialHistory = ({
  history,
  locationName,
}: {
  history: SerialHistoryEntry[]
  locationName: (id: string | null) => string | null
}) => (
  <div className="flex flex-col px-6 py-4" data-testid="serial-history">
    {history.map((h, i) => (
      <div key={h.id} className="grid grid-cols-[20px_1fr] items-start gap-x-2" data-testid="serial-history-entry">
        <div className="flex size-full flex-col items-center gap-y-0.5">
          <div className="flex size-5 items-center justify-center">
            <div className="bg-ui-bg-base shadow-borders-base flex size-2.5 items-center justify-center rounded-sm">
              <div className={clx("size-1.5 rounded-sm", DOT[h.type] ?? "bg-ui-tag-neutral-icon")} />
            </div>
          </div>
          {i < history.length - 1 && <div className="bg-ui-border-base w-px flex-1" />}
        </div>
        <div className="flex flex-col pb-4">
          <div className="flex items-center justify-between gap-x-2">
            <Text size="small" leading="compact" weight="plus">
              {serialHistoryLabel(h.type)}
            </Text>
            <Link to={`/lots/${h.lot_id}`} className="text-ui-fg-subtle hover:text-ui-fg-base txt-compact-xsmall font-mono">
              {h.lot_number}
            </Link>
          </div>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {[locationName(h.location_id), h.reason].filter(Boolean).join(" · ")}
          </Text>
          <div className="flex items-center gap-x-2">
            <Text size="xsmall" className="text-ui-fg-muted">
              {formatDateTime(h.created_at)}
            </Text>
            <Reference entry={h} />
          </div>
        </div>
      </div>
    ))}
  </div>
)
