/**
 * Store of the serials benchmark, run by `bench/serials.js` through
 * `npx medusa exec ./bench/serials/store.ts` on the benchmark's own database,
 * before its server starts:
 *
 *   - the demo store (`seedDemoStore`): region, Paris + Rotterdam with their
 *     shipping options, publishable key;
 *   - three products with managed inventory that the fulfilment orders buy:
 *     `named` (serialized, capture `required`: staff name each unit),
 *     `auto` (serialized, capture `auto`: the plugin takes the lowest serials)
 *     and `lots` (lot-tracked without serials, the baseline). Their policies
 *     and stock come later through the API (bench/serials.js);
 *   - an admin user with an emailpass identity (the calls `npx medusa user` makes).
 *
 * Input: JSON file named by env BENCH_IN ({ admin: { email, password } }).
 * Output: JSON written to env BENCH_OUT (a file under /tmp).
 */
import fs from "fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, FeatureFlag, Modules, ProductStatus } from "@medusajs/framework/utils"
import { createProductsWorkflow, createUsersWorkflow } from "@medusajs/medusa/core-flows"
import { seedDemoStore } from "../../src/scripts/demo/store"

type Input = { admin: { email: string; password: string } }

const KINDS = ["named", "auto", "lots"] as const

export default async function benchSerialsStore({ container }: ExecArgs) {
  const t0 = Date.now()
  const input: Input = JSON.parse(fs.readFileSync(process.env.BENCH_IN!, "utf8"))
  const out = process.env.BENCH_OUT
  if (!out) {
    throw new Error("BENCH_OUT (output file) is not set")
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)

  const store = await seedDemoStore(container)
  if (!store.created) {
    throw new Error("the demo store already exists: the serials benchmark needs a fresh database")
  }
  const [paris, rotterdam] = store.locations
  const [profile] = await container.resolve(Modules.FULFILLMENT).listShippingProfiles({ name: "Lot demo parcels" })

  const sku = (kind: string) => `BENCH-SERIAL-${kind.toUpperCase()}`
  const { result: created } = await createProductsWorkflow(container).run({
    input: {
      products: KINDS.map((kind, i) => ({
        title: `Bench ${kind === "lots" ? "lot-tracked item" : `serialized device (${kind})`}`,
        handle: sku(kind).toLowerCase(),
        status: ProductStatus.PUBLISHED,
        shipping_profile_id: profile.id,
        options: [{ title: "Format", values: ["Default"] }],
        variants: [
          {
            title: "Default",
            sku: sku(kind),
            options: { Format: "Default" },
            manage_inventory: true,
            prices: [{ currency_code: "eur", amount: 20 + i }],
          },
        ],
        sales_channels: [{ id: store.salesChannelId }],
      })),
    },
  })
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "sku", "product_id", "inventory_items.inventory_item_id"],
    filters: { product_id: created.map((p) => p.id) },
  })
  const products = Object.fromEntries(
    KINDS.map((kind) => {
      const v: any = variants.find((x: any) => x.sku === sku(kind))
      if (!v) {
        throw new Error(`variant ${sku(kind)} was not created`)
      }
      return [kind, { sku: v.sku, productId: v.product_id, variantId: v.id, inventoryItemId: v.inventory_items[0].inventory_item_id }]
    })
  )

  // What `npx medusa user -e -p` does (node_modules/@medusajs/medusa/dist/commands/user.js).
  let roles: string[] = []
  if (FeatureFlag.isFeatureEnabled("rbac")) {
    const superAdmin = await (container.resolve(Modules.RBAC) as any).listRbacRoles({ id: "role_super_admin" })
    roles = superAdmin.map((r: any) => r.id)
  }
  const { result: users } = await createUsersWorkflow(container).run({
    input: { users: [{ email: input.admin.email, ...(roles.length ? { roles } : {}) } as any] },
  })
  const auth = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await auth.register("emailpass", {
    body: { email: input.admin.email, password: input.admin.password },
  } as any)
  if (error || !authIdentity) {
    throw new Error(`admin user: ${error}`)
  }
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: users[0].id } })

  fs.writeFileSync(
    out,
    JSON.stringify({
      regionId: store.regionId,
      salesChannelId: store.salesChannelId,
      publishableKey: store.publishableKey,
      shippingOptionIds: store.shippingOptionIds,
      parisId: paris.id,
      rotterdamId: rotterdam.id,
      products,
      ms: Date.now() - t0,
    })
  )
}
