import { Button, Text } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { useSerials } from "../hooks/api/serials"
import { QueryState, Section, SimpleTable } from "./common"
import { SerialBadges } from "./serial-badges"

const PAGE_SIZE = 20
const linkClass = "text-ui-fg-interactive hover:text-ui-fg-interactive-hover"

/** The units of a serialized lot, a page at a time: where each is and which order has it. */
export const LotSerialsSection = ({ lotId, locationName }: { lotId: string; locationName: (id: string | null) => string | null }) => {
  const [page, setPage] = useState(0)
  const serials = useSerials({ lot_id: lotId, limit: PAGE_SIZE, offset: page * PAGE_SIZE })
  const count = serials.data?.count ?? 0
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE))
  const shown = serials.data?.serials.length ?? 0

  return (
    <Section
      title="Serials"
      subtitle={serials.data ? `${count} unit${count === 1 ? "" : "s"} of this lot, each with its serial.` : "The units of this lot."}
      testId="lot-serials"
    >
      <QueryState query={serials} isEmpty={(d) => !d.serials.length} empty="No serial recorded for this lot.">
        {(d) => (
          <SimpleTable
            testId="lot-serials-table"
            head={["Serial", "Status", "Location", "Order", "Customer"]}
            rows={d.serials.map((s) => ({
              key: s.id,
              cells: [
                <Link key="s" to={`/lots/serials/${s.id}`} className={`${linkClass} font-mono`}>
                  {s.serial_number}
                </Link>,
                <SerialBadges key="b" serial={s} />,
                locationName(s.location_id) ?? "-",
                s.order_id ? (
                  <Link key="o" to={`/orders/${s.order_id}`} className={linkClass}>
                    #{s.order_display_id ?? s.order_id}
                  </Link>
                ) : (
                  "-"
                ),
                s.customer?.email ?? "-",
              ],
            }))}
          />
        )}
      </QueryState>
      {count > PAGE_SIZE && (
        <div className="flex items-center justify-between px-6 py-3" data-testid="lot-serials-pages">
          <Text size="small" className="text-ui-fg-subtle">
            {page * PAGE_SIZE + 1} – {page * PAGE_SIZE + shown} of {count}
          </Text>
          <div className="flex items-center gap-x-2">
            <Button size="small" variant="secondary" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
              Prev
            </Button>
            <Button size="small" variant="secondary" disabled={page + 1 >= pages} onClick={() => setPage((p) => p + 1)}>
              Next
            </Button>
          </div>
        </div>
      )}
    </Section>
  )
}
