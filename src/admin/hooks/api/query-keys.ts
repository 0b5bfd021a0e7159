import type { QueryClient, QueryKey } from "@tanstack/react-query"

/** Every query of the plugin's admin starts with this, apart from the dashboard's own. */
const ROOT = "lot-tracking"

/**
 * Keys as Medusa's dashboard builds them (`queryKeysFactory`): one root per
 * resource, lists and details below it, so a change can refetch a resource's
 * lists, one detail, or all of it.
 */
function queryKeysFactory<R extends string>(resource: R) {
  const all = [ROOT, resource] as const
  return {
    all,
    lists: () => [...all, "list"] as const,
    list: (query?: unknown) => [...all, "list", { query }] as const,
    details: () => [...all, "detail"] as const,
    detail: (id: string, query?: unknown) => [...all, "detail", id, { query }] as const,
  }
}

const lots = queryKeysFactory("lots")
export const lotsQueryKeys = {
  ...lots,
  movements: (id: string) => [...lots.all, "movements", id] as const,
  trace: (id: string) => [...lots.all, "trace", id] as const,
}
export const recallsQueryKeys = queryKeysFactory("recalls")
export const expiryQueryKeys = queryKeysFactory("expiry")
export const kpisQueryKeys = queryKeysFactory("kpis")
export const policiesQueryKeys = queryKeysFactory("policies")
export const holdsQueryKeys = queryKeysFactory("holds")
const orderLots = queryKeysFactory("order-lots")
export const orderLotsQueryKeys = {
  ...orderLots,
  /** The inventory item of an order line (from its lots, else by SKU). */
  lineItem: (lineItemId: string, sku: string | null) => [...orderLots.all, "line-item", lineItemId, sku] as const,
}
/**
 * Pick lists and packing slips: under the order lots' root, so whatever moves
 * an order's lots (and so invalidates them) refetches the documents too.
 */
export const documentsQueryKeys = {
  pickList: (orderIds: readonly string[]) => [...orderLots.all, "pick-list", [...orderIds].sort()] as const,
  pickableOrders: (query?: unknown) => [...orderLots.all, "pickable-orders", { query }] as const,
  packingSlip: (query: unknown) => [...orderLots.all, "packing-slip", { query }] as const,
}
export const returnLotsQueryKeys = queryKeysFactory("return-lots")
export const reconcileQueryKeys = queryKeysFactory("reconcile")
export const serialsQueryKeys = queryKeysFactory("serials")
/** Units Medusa counts that no lot holds (onboarding: opening balances). */
export const unassignedQueryKeys = queryKeysFactory("unassigned")
/** The plugin's options as the admin needs them (GS1 lot field, time zone, defaults). */
export const settingsQueryKeys = queryKeysFactory("settings")
export const importsQueryKeys = queryKeysFactory("imports")
const core = [ROOT, "core"] as const
export const coreQueryKeys = {
  all: core,
  stockLocations: () => [...core, "stock-locations"] as const,
  inventoryItems: (query?: unknown) => [...core, "inventory-items", { query }] as const,
  variantInventoryItems: (variantId: string) => [...core, "variant-inventory-items", variantId] as const,
}

/**
 * The dashboard's own keys whose figures lot actions change: stock moves
 * Medusa's inventory levels, and the hold (a reservation) moves their
 * reserved and available quantities.
 */
export const dashboardQueryKeys = {
  inventoryItems: ["inventory_items"] as const,
  reservationItems: ["reservation_items"] as const,
}

/**
 * What a change of lot stock moves: the lots, the units no lot holds, their
 * holds (a blocked lot's units are held), the expiry lists, KPIs and drift, recalled lots' stock on
 * hand, orders (new stock fills shortfalls, less stock releases allocations),
 * the serials of serialized lots and Medusa's levels and reservations.
 */
export const LOT_STOCK_VIEWS: QueryKey[] = [
  lotsQueryKeys.all,
  unassignedQueryKeys.all,
  serialsQueryKeys.all,
  holdsQueryKeys.all,
  expiryQueryKeys.all,
  kpisQueryKeys.all,
  reconcileQueryKeys.all,
  recallsQueryKeys.details(),
  orderLotsQueryKeys.all,
  returnLotsQueryKeys.all,
  dashboardQueryKeys.inventoryItems,
  dashboardQueryKeys.reservationItems,
]

/**
 * What a lot's status or attributes move (quarantine, release, edit): the
 * lots, the hold, expiry lists, drift, the orders, recalls and serials that
 * show the lot, and Medusa's reservations.
 */
export const LOT_STATUS_VIEWS: QueryKey[] = [
  lotsQueryKeys.all,
  serialsQueryKeys.all,
  holdsQueryKeys.all,
  expiryQueryKeys.all,
  reconcileQueryKeys.all,
  recallsQueryKeys.details(),
  orderLotsQueryKeys.all,
  returnLotsQueryKeys.all,
  dashboardQueryKeys.reservationItems,
]

/** Refetches the given keys; resolves when the shown ones are fresh (so a drawer closes on new figures). */
export const invalidate = (queryClient: QueryClient, keys: readonly QueryKey[]) =>
  Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined)
