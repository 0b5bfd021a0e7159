import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { seedDemoStore } from "./demo/store"
import { seedDemoLots } from "./demo/lots"

/**
 * Demo data for the development app: a small cosmetics and supplements shop
 * with two warehouses and lot-tracked products whose lots expire in the past,
 * soon and far ahead, and one quarantined lot. Safe to run again: it seeds
 * once and then says so.
 */
export default async function seedDemoData({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const store = await seedDemoStore(container)
  if (!store.created) {
    logger.info("Lot tracking demo data is already there; nothing to seed.")
    return
  }
  const lots = await seedDemoLots(container, store)
  logger.info(`Seeded ${store.products.length} lot-tracked products, ${store.locations.length} warehouses and ${lots} lots.`)
  logger.info(`Storefront publishable key: ${store.publishableKey}`)
}
