import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Serial } from "../types/http"
import type { Resolver } from "./pg"

/** What a serial shows of the order it is reserved for or shipped to. */
export type SerialOrder = {
  display_id: number | null
  customer: NonNullable<Serial["customer"]>
}

const fullName = (first: unknown, last: unknown): string | null =>
  [first, last].filter((x) => typeof x === "string" && x.trim()).join(" ") || null

/**
 * The orders of a page of serials, by id: the number staff know the order by
 * and who the customer is (a guest order has the order's email and the
 * shipping address's name, no customer id). One `query.graph` call whatever
 * the number of orders.
 */
export async function serialOrders(container: Resolver, orderIds: readonly (string | null | undefined)[]): Promise<Map<string, SerialOrder>> {
  const ids = [...new Set(orderIds.filter((id): id is string => !!id))]
  if (!ids.length) {
    return new Map()
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "display_id",
      "email",
      "customer_id",
      "customer.id",
      "customer.email",
      "customer.first_name",
      "customer.last_name",
      "shipping_address.first_name",
      "shipping_address.last_name",
    ],
    filters: { id: ids },
  })
  return new Map(
    (data as any[]).map((o): [string, SerialOrder] => [
      o.id,
      {
        display_id: o.display_id ?? null,
        customer: {
          id: o.customer?.id ?? o.customer_id ?? null,
          email: o.customer?.email ?? o.email ?? null,
          name:
            fullName(o.customer?.first_name, o.customer?.last_name) ??
            fullName(o.shipping_address?.first_name, o.shipping_address?.last_name),
        },
      },
    ])
  )
}
