import { StatusBadge } from "@medusajs/ui"

export const RecallStatusBadge = ({ status }: { status: string }) => (
  <StatusBadge color={status === "open" ? "orange" : "grey"} data-testid="recall-status">
    {status === "open" ? "Open" : "Closed"}
  </StatusBadge>
)

const NOTICE_COLORS = { pending: "grey", sent: "green", failed: "red", acknowledged: "blue" } as const

export const NoticeStatusBadge = ({ status }: { status: keyof typeof NOTICE_COLORS }) => (
  <StatusBadge color={NOTICE_COLORS[status] ?? "grey"} data-testid="notice-status">
    {status.charAt(0).toUpperCase() + status.slice(1)}
  </StatusBadge>
)
