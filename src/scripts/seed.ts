import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { seedDemoStore } from "./demo/store"
import { seedDemoLots } from "./demo/lots"

/**
 * Demo data for the development app: a small cosmetics and supplements shop
 * with two warehouses and lot-tracked products whose lots expire in the past,
 * soon and far ahead, and one quarantined lot. Safe to run again: it seeds
 * once and then says so.
 */
/**
 * EAN-13s for the demo products (the 200 prefix is GS1's range for numbers
 * used inside one company, so these clash with no real product): the admin
 * lot page shows each lot's GS1 Digital Link and QR code from them.
 */
const DEMO_EANS: Record<string, string> = {
  "SHAMPOO-ARGAN-250": "2001234000017",
  "VITC-1000-60": "2001234000024",
  "CREAM-HYAL-50": "2001234000031",
  "OMEGA3-120": "2001234000048",
}

export default async function seedDemoData({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const store = await seedDemoStore(container)
  if (!store.created) {
    logger.info("Lot tracking demo data is already there; nothing to seed.")
    return
  }
  const productModule = container.resolve(Modules.PRODUCT)
  for (const p of store.products) {
    if (DEMO_EANS[p.sku]) {
      await productModule.updateProductVariants(p.variantId, { ean: DEMO_EANS[p.sku] })
    }
  }
  const lots = await seedDemoLots(container, store)
  logger.info(`Seeded ${store.products.length} lot-tracked products, ${store.locations.length} warehouses and ${lots} lots.`)
  logger.info(`Storefront publishable key: ${store.publishableKey}`)
}
