import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { StatusBadge, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { Empty, LotMiniTable, Section } from "../components/common"
import { useVariantInventoryItems, type VariantData } from "../hooks/api/core"
import { useLots } from "../hooks/api/lots"
import { formatCalendarDate, pluralize } from "../lib/format"

const ProductVariantLotsWidget = ({ data: variant }: { data: VariantData }) => {
  const items = useVariantInventoryItems(variant)
  const ids = items.data ?? []
  const lots = useLots({ inventory_item_id: ids, has_stock: "true", order: "expires_at", limit: 100 }, { enabled: ids.length > 0 })
  const all = lots.data?.lots ?? []
  const stocked = all.reduce((s, l) => s + l.stocked_quantity, 0)
  const available = all.filter((l) => l.status === "active" && !l.expired).reduce((s, l) => s + l.available_quantity, 0)
  const expired = all.filter((l) => l.expired)
  const soon = all.filter((l) => l.expiring_soon)
  const blocked = all.filter((l) => l.status !== "active")
  const next = all.find((l) => !l.expired && l.status === "active")

  return (
    <Section
      title="Lots"
      subtitle={ids.length ? `${pluralize(all.length, "lot")} in stock · ${stocked} units · ${available} sellable` : undefined}
      testId="variant-lots-widget"
      actions={
        ids[0] && (
          <Link to={`/inventory/${ids[0]}`} className="txt-compact-small text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
            Inventory item
          </Link>
        )
      }
    >
      {items.isSuccess && !ids.length ? (
        <Empty>This variant has no inventory item, so no lots.</Empty>
      ) : all.length ? (
        <>
          <div className="flex flex-wrap items-center gap-2 px-6 py-3">
            {next && (
              <Text size="small" className="text-ui-fg-subtle">
                Next to ship (FEFO): <span className="font-mono text-ui-fg-base">{next.lot_number}</span>, expires{" "}
                {formatCalendarDate(next.expires_at)}
              </Text>
            )}
            {expired.length > 0 && <StatusBadge color="red">{pluralize(expired.length, "lot")} expired with stock</StatusBadge>}
            {soon.length > 0 && <StatusBadge color="orange">{pluralize(soon.length, "lot")} expiring soon</StatusBadge>}
            {blocked.length > 0 && <StatusBadge color="orange">{pluralize(blocked.length, "lot")} blocked</StatusBadge>}
          </div>
          <LotMiniTable
            lots={all.slice(0, 8)}
            head={["In stock", "Available"]}
            cells={(lot) => [lot.stocked_quantity, lot.available_quantity]}
          />
        </>
      ) : (
        <Empty>{items.isLoading || lots.isLoading ? "Loading…" : "No lot in stock."}</Empty>
      )}
    </Section>
  )
}

export const config = defineWidgetConfig({
  zone: "product_variant.details.after",
})

export default ProductVariantLotsWidget
