import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { StatusBadge, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { Link } from "react-router-dom"
import { Empty, ExpiryText, LotBadges, Section, SimpleTable } from "../components/common"
import { get, useLots } from "../lib/api"
import { formatCalendarDate, pluralize } from "../lib/format"

type Variant = {
  id: string
  product_id?: string
  inventory_items?: { inventory_item_id?: string; inventory?: { id: string } }[]
}

/** Inventory items behind the variant (from the page's data, else fetched). */
const useVariantInventoryItems = (variant: Variant) =>
  useQuery({
    queryKey: ["lot-tracking", "variant-items", variant.id],
    queryFn: async () => {
      const known = (variant.inventory_items ?? []).map((i) => i.inventory_item_id ?? i.inventory?.id).filter(Boolean) as string[]
      if (known.length || !variant.product_id) {
        return known
      }
      const { variant: v } = await get<{ variant: Variant }>(`/admin/products/${variant.product_id}/variants/${variant.id}`, {
        fields: "id,inventory_items.inventory_item_id",
      })
      return (v.inventory_items ?? []).map((i) => i.inventory_item_id).filter(Boolean) as string[]
    },
  })

const ProductVariantLotsWidget = ({ data: variant }: { data: Variant }) => {
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
          <SimpleTable
            head={["Lot", "Status", "Expires", "In stock", "Available"]}
            rows={all.slice(0, 8).map((lot) => ({
              key: lot.id,
              cells: [
                <Link key="l" to={`/lots/${lot.id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover font-mono">
                  {lot.lot_number}
                </Link>,
                <LotBadges key="s" lot={lot} />,
                <ExpiryText key="e" lot={lot} />,
                lot.stocked_quantity,
                lot.available_quantity,
              ],
            }))}
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
