import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"

export const DEMO_COUNTRIES = ["fr", "de", "it", "es", "nl", "be"]

export const DEMO_PRODUCTS = [
  { handle: "argan-repair-shampoo", title: "Argan Repair Shampoo 250 ml", sku: "SHAMPOO-ARGAN-250", price: 12.9 },
  { handle: "vitamin-c-1000", title: "Vitamin C 1000 mg, 60 tablets", sku: "VITC-1000-60", price: 14.5 },
  { handle: "hyaluronic-day-cream", title: "Hyaluronic Day Cream 50 ml", sku: "CREAM-HYAL-50", price: 29 },
  { handle: "omega-3-fish-oil", title: "Omega-3 Fish Oil, 120 capsules", sku: "OMEGA3-120", price: 19.9 },
] as const

export type DemoStore = {
  created: boolean
  regionId: string
  salesChannelId: string
  publishableKey: string
  locations: { id: string; name: string }[]
  shippingOptionIds: string[]
  products: { sku: string; productId: string; variantId: string; inventoryItemId: string }[]
}

/**
 * A store that can take orders: region, taxes, two warehouses each with a
 * delivery fulfillment set and shipping option, a publishable key, and the
 * demo products with managed inventory. Returns `created: false` when the
 * demo products already exist.
 */
export async function seedDemoStore(container: MedusaContainer, options: { prefix?: string } = {}): Promise<DemoStore> {
  const prefix = options.prefix ?? ""
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const salesChannels = container.resolve(Modules.SALES_CHANNEL)
  const storeModule = container.resolve(Modules.STORE)

  const existing = await container.resolve(Modules.PRODUCT).listProducts({ handle: `${prefix}${DEMO_PRODUCTS[0].handle}` })
  if (existing.length) {
    return { created: false, regionId: "", salesChannelId: "", publishableKey: "", locations: [], shippingOptionIds: [], products: [] }
  }

  let [channel] = await salesChannels.listSalesChannels({ name: "Default Sales Channel" })
  if (!channel) {
    const { result } = await createSalesChannelsWorkflow(container).run({
      input: { salesChannelsData: [{ name: "Default Sales Channel" }] },
    })
    channel = result[0]
  }
  const [store] = await storeModule.listStores()
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: [{ currency_code: "eur", is_default: true }],
        default_sales_channel_id: channel.id,
      },
    },
  })

  const { result: regions } = await createRegionsWorkflow(container).run({
    input: {
      regions: [{ name: `${prefix}Europe`, currency_code: "eur", countries: DEMO_COUNTRIES, payment_providers: ["pp_system_default"] }],
    },
  })
  const region = regions[0]
  const existingTaxRegions = await container.resolve(Modules.TAX).listTaxRegions({ country_code: DEMO_COUNTRIES })
  const taxed = new Set(existingTaxRegions.map((t) => t.country_code))
  const missingTax = DEMO_COUNTRIES.filter((c) => !taxed.has(c))
  if (missingTax.length) {
    await createTaxRegionsWorkflow(container).run({
      input: missingTax.map((country_code) => ({ country_code, provider_id: "tp_system" })),
    })
  }

  const { result: profiles } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: `${prefix}Lot demo parcels`, type: "default" }] },
  })
  const profile = profiles[0]

  const { result: locations } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: [
        { name: `${prefix}Paris Warehouse`, address: { city: "Paris", country_code: "FR", address_1: "12 rue des Entrepôts" } },
        { name: `${prefix}Rotterdam Warehouse`, address: { city: "Rotterdam", country_code: "NL", address_1: "Havenweg 4" } },
      ],
    },
  })

  const shippingOptionIds: string[] = []
  for (const location of locations) {
    await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [channel.id] } })
    const set = await fulfillment.createFulfillmentSets({
      name: `${location.name} delivery`,
      type: "shipping",
      service_zones: [{ name: `${location.name} zone`, geo_zones: DEMO_COUNTRIES.map((country_code) => ({ country_code, type: "country" as const })) }],
    })
    await link.create([
      { [Modules.STOCK_LOCATION]: { stock_location_id: location.id }, [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" } },
      { [Modules.STOCK_LOCATION]: { stock_location_id: location.id }, [Modules.FULFILLMENT]: { fulfillment_set_id: set.id } },
    ])
    const { result: options } = await createShippingOptionsWorkflow(container).run({
      input: [
        {
          name: `Standard from ${location.name}`,
          price_type: "flat",
          provider_id: "manual_manual",
          service_zone_id: set.service_zones[0].id,
          shipping_profile_id: profile.id,
          type: { label: "Standard", description: "2-3 days", code: "standard" },
          prices: [
            { currency_code: "eur", amount: 4.9 },
            { region_id: region.id, amount: 4.9 },
          ],
          rules: [
            { attribute: "enabled_in_store", value: "true", operator: "eq" },
            { attribute: "is_return", value: "false", operator: "eq" },
          ],
        },
      ],
    })
    shippingOptionIds.push(options[0].id)
  }

  const { result: keys } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: `${prefix}Lot demo storefront`, type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: keys[0].id, add: [channel.id] } })

  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: DEMO_PRODUCTS.map((p) => ({
        title: p.title,
        handle: `${prefix}${p.handle}`,
        status: ProductStatus.PUBLISHED,
        shipping_profile_id: profile.id,
        options: [{ title: "Format", values: ["Default"] }],
        variants: [
          {
            title: "Default",
            sku: `${prefix}${p.sku}`,
            options: { Format: "Default" },
            manage_inventory: true,
            prices: [{ currency_code: "eur", amount: p.price }],
          },
        ],
        sales_channels: [{ id: channel.id }],
      })),
    },
  })

  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "sku", "product_id", "inventory_items.inventory_item_id"],
    filters: { product_id: products.map((p) => p.id) },
  })

  return {
    created: true,
    regionId: region.id,
    salesChannelId: channel.id,
    publishableKey: keys[0].token,
    locations: locations.map((l) => ({ id: l.id, name: l.name })),
    shippingOptionIds,
    products: DEMO_PRODUCTS.map((p) => {
      const v = variants.find((x: any) => x.sku === `${prefix}${p.sku}`)!
      return {
        sku: p.sku,
        productId: v.product_id!,
        variantId: v.id,
        inventoryItemId: (v as any).inventory_items[0].inventory_item_id,
      }
    }),
  }
}
