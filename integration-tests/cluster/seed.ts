import fs from "fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createUsersWorkflow } from "@medusajs/medusa/core-flows"
import { seedDemoStore } from "../../src/scripts/demo/store"
import { createLotWorkflow } from "../../src/workflows/create-lot"

/**
 * `medusa exec ./integration-tests/cluster/seed.ts <out.json> <email> <password>`:
 * the cluster test's store, in one boot of the app before any instance runs.
 *
 *  - the demo store (region, Paris and Rotterdam, shipping options, a
 *    publishable key, the demo products with managed inventory);
 *  - short stock of one tracked item at Paris, in three lots (FEFO order
 *    HC-1, HC-2, HC-3), received through the plugin's receive workflow so
 *    that Medusa's inventory level equals the lot stock;
 *  - an admin user with an emailpass identity (as `medusa user -e -p`).
 *
 * Writes the ids the test needs to <out.json> (outside the repository).
 */
export const CLUSTER_LOTS = [
  { lot_number: "HC-1", expires_in_days: 60, quantity: 12 },
  { lot_number: "HC-2", expires_in_days: 120, quantity: 9 },
  { lot_number: "HC-3", expires_in_days: 240, quantity: 7 },
]

const daysFromToday = (days: number) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10)

export default async function clusterSeed({ container, args }: ExecArgs) {
  const [out, email, password] = args
  if (!out || !email || !password) {
    throw new Error("usage: medusa exec ./integration-tests/cluster/seed.ts <out.json> <email> <password>")
  }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)

  const store = await seedDemoStore(container)
  if (!store.created) {
    throw new Error("the demo store already exists: the cluster test needs a fresh database")
  }
  const paris = store.locations.find((l) => l.name === "Paris Warehouse")
  const cream = store.products.find((p) => p.sku === "CREAM-HYAL-50")
  if (!paris || !cream) {
    throw new Error("the demo store has no Paris Warehouse or CREAM-HYAL-50")
  }

  const lots: { id: string; lot_number: string; quantity: number }[] = []
  for (const lot of CLUSTER_LOTS) {
    const { result } = await createLotWorkflow(container).run({
      input: {
        lot: {
          inventory_item_id: cream.inventoryItemId,
          lot_number: lot.lot_number,
          expires_at: daysFromToday(lot.expires_in_days),
          receive: [{ location_id: paris.id, quantity: lot.quantity }],
        },
      },
    })
    const created = Array.isArray(result) ? result[0] : result
    lots.push({ id: created.id, lot_number: lot.lot_number, quantity: lot.quantity })
  }

  const { result: users } = await createUsersWorkflow(container).run({ input: { users: [{ email }] } })
  const auth = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await auth.register("emailpass", { body: { email, password } } as any)
  if (error || !authIdentity) {
    throw new Error(`cannot register ${email}: ${error}`)
  }
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: users[0].id } })

  fs.writeFileSync(
    out,
    JSON.stringify({
      regionId: store.regionId,
      salesChannelId: store.salesChannelId,
      publishableKey: store.publishableKey,
      parisId: paris.id,
      parisShippingOptionId: store.shippingOptionIds[store.locations.indexOf(paris)],
      product: cream,
      lots,
    })
  )
  logger.info(`Cluster test store seeded: ${lots.length} lots of ${cream.sku} at Paris, admin ${email}`)
}
