import { keepPreviousData, useQuery } from "@tanstack/react-query"
import type { InventoryItem, StockLocation } from "../../../types/http"
import { withItemNames, type CoreInventoryItem } from "../../lib/item-names"
import { sdk } from "../../lib/sdk"
import { coreQueryKeys } from "./query-keys"

/** Medusa's stock locations (id and name), for pickers and to name ids. */
export const useStockLocations = () =>
  useQuery({
    queryKey: coreQueryKeys.stockLocations(),
    queryFn: async () => {
      const { stock_locations } = await sdk.admin.stockLocation.list({ limit: 100, fields: "id,name" })
      return { stock_locations: stock_locations.map((l): StockLocation => ({ id: l.id, name: l.name })) }
    },
    staleTime: 60_000,
  })

/** The fields that name an inventory item as a merchant knows it (product · variant · SKU). */
const NAMED_ITEM_FIELDS = "id,sku,title,variants.title,variants.product.title"

/** Inventory items matching a search (title or SKU), each with its product and variant names. */
export const useInventoryItemSearch = (q: string) =>
  useQuery({
    queryKey: coreQueryKeys.inventoryItems({ q }),
    queryFn: async () => {
      const { inventory_items } = await sdk.admin.inventoryItem.list({ q: q || undefined, limit: 20, fields: NAMED_ITEM_FIELDS })
      return { inventory_items: (inventory_items as CoreInventoryItem[]).map((i): InventoryItem => withItemNames(i)) }
    },
    placeholderData: keepPreviousData,
  })

/** The inventory item with this SKU, if any. */
export async function inventoryItemIdBySku(sku: string): Promise<string | null> {
  const { inventory_items } = await sdk.admin.inventoryItem.list({ sku, limit: 1, fields: "id,sku" })
  return inventory_items[0]?.id ?? null
}

type VariantWithItems = {
  sku?: string | null
  title?: string | null
  barcode?: string | null
  ean?: string | null
  upc?: string | null
  product?: { title?: string | null } | null
  inventory_items?: { inventory_item_id?: string; inventory?: { id?: string; title?: string | null; sku?: string | null } | null }[] | null
}

/** Finds the inventory item of a scanned GTIN through the variants' barcode / EAN / UPC. */
export async function inventoryItemForGtin(gtin: string): Promise<InventoryItem | null> {
  const short = gtin.replace(/^0+/, "")
  try {
    const { variants } = await sdk.admin.productVariant.list({
      q: short,
      limit: 5,
      fields:
        "id,sku,title,barcode,ean,upc,product.title,inventory_items.inventory_item_id,inventory_items.inventory.title,inventory_items.inventory.sku",
    })
    const match = (variants as VariantWithItems[]).find((v) =>
      [v.barcode, v.ean, v.upc].some((code) => code && code.replace(/^0+/, "") === short)
    )
    const link = match?.inventory_items?.[0]
    if (!match || !link?.inventory_item_id) {
      return null
    }
    return withItemNames({
      id: link.inventory_item_id,
      sku: link.inventory?.sku ?? match.sku ?? null,
      title: link.inventory?.title ?? null,
      variants: [{ title: match.title, product: match.product }],
    })
  } catch {
    return null
  }
}

/** The variant as a widget gets it: its inventory items may or may not be loaded. */
export type VariantData = {
  id: string
  product_id?: string
  inventory_items?: { inventory_item_id?: string; inventory?: { id: string } }[]
}

/** Inventory items behind a variant (from the page's data, else fetched). */
export const useVariantInventoryItems = (variant: VariantData) =>
  useQuery({
    queryKey: coreQueryKeys.variantInventoryItems(variant.id),
    queryFn: async () => {
      const known = (variant.inventory_items ?? []).map((i) => i.inventory_item_id ?? i.inventory?.id).filter(Boolean) as string[]
      if (known.length || !variant.product_id) {
        return known
      }
      const { variant: v } = await sdk.admin.product.retrieveVariant(variant.product_id, variant.id, {
        fields: "id,inventory_items.inventory_item_id",
      })
      return (v.inventory_items ?? []).map((i) => i.inventory_item_id).filter(Boolean) as string[]
    },
  })
