import { StatusBadge } from "@medusajs/ui"

const RECALL_STATUS = { open: ["orange", "Open"], closed: ["grey", "Closed"], canceled: ["purple", "Canceled"] } as const

export const RecallStatusBadge = ({ status }: { status: string }) => {
  const [color, label] = RECALL_STATUS[status as keyof typeof RECALL_STATUS] ?? RECALL_STATUS.closed
  return (
    <StatusBadge color={color} data-testid="recall-status" data-status={status}>
      {label}
    </StatusBadge>
  )
}

const NOTICE_COLORS = { pending: "grey", sent: "green", failed: "red", acknowledged: "blue", unreachable: "orange", void: "grey" } as const

export const NoticeStatusBadge = ({ status }: { status: keyof typeof NOTICE_COLORS }) => (
  <StatusBadge color={NOTICE_COLORS[status] ?? "grey"} data-testid="notice-status">
    {status.charAt(0).toUpperCase() + status.slice(1)}
  </StatusBadge>
)
