import { StatusBadge, clx } from "@medusajs/ui"
import type { Serial } from "../../types/http"
import { serialStatus } from "../lib/serials"

/** A unit's status, and "Recalled" when a recall by serial blocks it (held, never sold). */
export const SerialBadges = ({ serial, className }: { serial: Pick<Serial, "status"> & { blocked?: boolean }; className?: string }) => {
  const { label, color } = serialStatus(serial.status)
  return (
    <div className={clx("flex flex-wrap items-center gap-1", className)} data-testid="serial-status">
      <StatusBadge color={color} className="whitespace-nowrap">
        {label}
      </StatusBadge>
      {serial.blocked && (
        <StatusBadge color="red" className="whitespace-nowrap">
          Recalled
        </StatusBadge>
      )}
    </div>
  )
}
