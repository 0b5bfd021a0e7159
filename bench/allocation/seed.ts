/**
 * Seed for the allocation benchmark, run by `bench/allocation.js` through
 * `npx medusa exec ./bench/allocation/seed.ts` (never while `medusa develop` runs).
 *
 *   - the demo store (`seedDemoStore`): region, Paris + Rotterdam, shipping
 *     options, publishable key, 4 products with managed inventory;
 *   - BENCH_ORDER_PRODUCTS more products (managed inventory) that orders use;
 *   - BENCH_UNTRACKED_PRODUCTS products with managed inventory and stock but
 *     no lots and no tracking policy (the fulfilment baseline);
 *   - two "hot" products for the checkout parity bursts: one tracked (4 lots
 *     of `hotStock / 4` units received through the plugin's create-lot
 *     workflow) and one untracked with `hotStock` units, same price and shape;
 *   - BENCH_BULK_ITEMS extra inventory items without products;
 *   - for every tracked item (the 4 demo items, the order products' items and
 *     the bulk items): BENCH_LOTS_PER_ITEM lots, their lot stock, a tracking
 *     policy, a `received` movement per lot stock row and Medusa inventory
 *     levels equal to the lot stock sums (the plugin's invariant), in SQL;
 *   - an admin user with an emailpass identity (same calls as `npx medusa user`).
 *
 * Input: JSON file named by env BENCH_IN (all keys optional). Output: JSON written to env BENCH_OUT
 * (a file under /tmp: nothing is written inside the repository).
 */
import fs from "fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, FeatureFlag, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  addShippingMethodToCartWorkflow,
  createCartWorkflow,
  createInventoryLevelsWorkflow,
  createOrderWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  createProductsWorkflow,
  createUsersWorkflow,
} from "@medusajs/medusa/core-flows"
import { seedDemoStore } from "../../src/scripts/demo/store"
import { allocateOrderLotsWorkflow } from "../../src/workflows/allocate-order-lots"
import { createLotWorkflow } from "../../src/workflows/create-lot"
import { FR_ADDRESS } from "../../integration-tests/helpers/store-client"
import { pool } from "../lib/stats"

type SeedConfig = {
  prefix: string
  orderProducts: number
  untrackedProducts: number
  bulkItems: number
  lotsPerItem: number
  untrackedStock: number
  /** Units of each hot product (the tracked one in 4 lots). */
  hotStock: number
  /** Admin user to create, the way `npx medusa user -e -p` does (saves booting Medusa once more). */
  admin?: { email: string; password: string }
  /**
   * `carts`: carts prepared with the workflows the store routes run (create with
   * items, shipping method, payment collection, `pp_system_default` session),
   * left for the benchmark to complete through the store API.
   * `orders`: orders created directly with core's `createOrderWorkflow` (items,
   * addresses, a shipping method from Paris) plus one Medusa reservation per
   * line at Paris, as cart completion's reserve step makes them; much cheaper
   * than five cart workflows each. With `allocate`, the plugin's
   * allocate-order-lots workflow (what its order.placed subscriber runs)
   * reserves their lots, one order at a time.
   * Lines name products by index: { tracked: i } or { untracked: i }, or a hot
   * product: { hot: "tracked" } or { hot: "untracked" }.
   */
  carts?: CartSpec[]
  orders?: (CartSpec & { kind: string; allocate?: boolean })[]
  concurrency?: number
}

type LineSpec = { tracked?: number; untracked?: number; hot?: "tracked" | "untracked"; quantity: number }
type CartSpec = { lines: LineSpec[] }

const DEFAULTS: SeedConfig = {
  prefix: "",
  orderProducts: 20,
  untrackedProducts: 2,
  bulkItems: 1000,
  lotsPerItem: 10,
  untrackedStock: 100000,
  hotStock: 4000,
}

export default async function benchAllocationSeed({ container }: ExecArgs) {
  const t0 = Date.now()
  const cfg: SeedConfig = {
    ...DEFAULTS,
    ...(process.env.BENCH_IN ? JSON.parse(fs.readFileSync(process.env.BENCH_IN, "utf8")) : {}),
  }
  const out = process.env.BENCH_OUT
  if (!out) {
    throw new Error("BENCH_OUT (output file) is not set")
  }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any

  const store = await seedDemoStore(container, { prefix: cfg.prefix })
  if (!store.created) {
    throw new Error(`the demo store with prefix "${cfg.prefix}" already exists: the benchmark needs a fresh database`)
  }
  const [paris, rotterdam] = store.locations
  const tDemo = Date.now()

  const [profile] = await container
    .resolve(Modules.FULFILLMENT)
    .listShippingProfiles({ name: `${cfg.prefix}Lot demo parcels` })

  const productInput = (kind: "tracked" | "untracked" | "hot-tracked" | "hot-untracked", i: number) => {
    const n = String(i + 1).padStart(2, "0")
    const sku = `${cfg.prefix}BENCH-${kind.toUpperCase()}-${n}`
    return {
      title: `Bench ${kind} product ${n}`,
      handle: sku.toLowerCase(),
      status: ProductStatus.PUBLISHED,
      shipping_profile_id: profile.id,
      options: [{ title: "Format", values: ["Default"] }],
      variants: [
        {
          title: "Default",
          sku,
          options: { Format: "Default" },
          manage_inventory: true,
          prices: [{ currency_code: "eur", amount: kind.startsWith("hot") ? 25 : 10 + i }],
        },
      ],
      sales_channels: [{ id: store.salesChannelId }],
    }
  }
  const { result: created } = await createProductsWorkflow(container).run({
    input: {
      products: [
        ...Array.from({ length: cfg.orderProducts }, (_, i) => productInput("tracked", i)),
        ...Array.from({ length: cfg.untrackedProducts }, (_, i) => productInput("untracked", i)),
        productInput("hot-tracked", 0),
        productInput("hot-untracked", 0),
      ],
    },
  })
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "sku", "product_id", "inventory_items.inventory_item_id"],
    filters: { product_id: created.map((p) => p.id) },
  })
  const variantOf = (sku: string) => {
    const v: any = variants.find((x: any) => x.sku === sku)
    if (!v) {
      throw new Error(`variant ${sku} was not created`)
    }
    return { sku, variantId: v.id as string, productId: v.product_id as string, inventoryItemId: v.inventory_items[0].inventory_item_id as string }
  }
  const trackedProducts = [
    ...store.products.map((p) => ({ sku: p.sku, variantId: p.variantId, productId: p.productId, inventoryItemId: p.inventoryItemId })),
    ...Array.from({ length: cfg.orderProducts }, (_, i) => variantOf(productInput("tracked", i).variants[0].sku)),
  ]
  const untrackedProducts = Array.from({ length: cfg.untrackedProducts }, (_, i) => variantOf(productInput("untracked", i).variants[0].sku))

  // Untracked baseline: stock through Medusa's own workflow, no lots, no policy.
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: untrackedProducts.map((p) => ({
        inventory_item_id: p.inventoryItemId,
        location_id: paris.id,
        stocked_quantity: cfg.untrackedStock,
      })),
    },
  })
  // Hot products: the same product twice, one with lots (received as a merchant does), one without.
  const hot = { tracked: variantOf(productInput("hot-tracked", 0).variants[0].sku), untracked: variantOf(productInput("hot-untracked", 0).variants[0].sku) }
  await createInventoryLevelsWorkflow(container).run({
    input: { inventory_levels: [{ inventory_item_id: hot.untracked.inventoryItemId, location_id: paris.id, stocked_quantity: cfg.hotStock }] },
  })
  for (let j = 0; j < 4; j++) {
    const expires = new Date(Date.now() + (200 + j * 90) * 86400_000).toISOString().slice(0, 10)
    await createLotWorkflow(container).run({
      input: {
        lot: {
          inventory_item_id: hot.tracked.inventoryItemId,
          lot_number: `${cfg.prefix}HOT-${j + 1}`,
          expires_at: expires,
          receive: [{ location_id: paris.id, quantity: Math.floor(cfg.hotStock / 4) }],
        },
      } as any,
    })
  }
  const tProducts = Date.now()

  // Bulk: everything else in SQL, in one transaction.
  const counts = await knex.transaction(async (trx: any) => {
    await trx.raw(`CREATE TEMP TABLE bench_item (idx int PRIMARY KEY, id text NOT NULL, order_item boolean NOT NULL) ON COMMIT DROP`)
    await trx.raw(
      `INSERT INTO bench_item (idx, id, order_item) SELECT x.idx - 1, x.id, true FROM unnest(?::text[]) WITH ORDINALITY AS x(id, idx)`,
      [trackedProducts.map((p) => p.inventoryItemId)]
    )
    const base = trackedProducts.length
    await trx.raw(
      `INSERT INTO inventory_item (id, sku, title, requires_shipping)
       SELECT 'iitem_bench_' || lpad(g::text, 5, '0'), ? || 'BENCH-BULK-' || lpad(g::text, 5, '0'), 'Bench bulk item ' || g, true
         FROM generate_series(1, ?) g`,
      [cfg.prefix, cfg.bulkItems]
    )
    await trx.raw(
      `INSERT INTO bench_item (idx, id, order_item)
       SELECT ? + g - 1, 'iitem_bench_' || lpad(g::text, 5, '0'), false FROM generate_series(1, ?) g`,
      [base, cfg.bulkItems]
    )
    // Lots: j = 0 is expired for every 5th item, j = lots-1 quarantined for every 7th;
    // expiry spread over the next ~2 years; stock 10..60 units at Paris, and at
    // Rotterdam too for even lots of bulk items (order items only at Paris, so
    // that Medusa reserves and the plugin allocates there).
    await trx.raw(
      `CREATE TEMP TABLE bench_lot ON COMMIT DROP AS
       SELECT 'lot_bench_' || lpad(i.idx::text, 5, '0') || '_' || lpad(j::text, 3, '0') AS id,
              i.id AS inventory_item_id, i.idx, j, i.order_item,
              'B' || lpad(i.idx::text, 5, '0') || '-' || lpad(j::text, 3, '0') AS lot_number,
              to_char(current_date - 400 + j * 20, 'YYYY-MM-DD') AS manufactured_at,
              CASE WHEN j = 0 AND i.idx % 5 = 0 THEN to_char(current_date - 5, 'YYYY-MM-DD')
                   ELSE to_char(current_date + 40 + j * 45 + (i.idx % 17), 'YYYY-MM-DD') END AS expires_at,
              now() - make_interval(days => 380 - j * 20) AS received_at,
              CASE WHEN j = ? - 1 AND i.idx % 7 = 0 THEN 'quarantined' ELSE 'active' END AS status,
              10 + ((i.idx * 31 + j * 17) % 51) AS paris_qty,
              CASE WHEN NOT i.order_item AND j % 2 = 0 THEN 5 + ((i.idx * 13 + j * 7) % 31) ELSE 0 END AS rotterdam_qty
         FROM bench_item i CROSS JOIN generate_series(0, ? - 1) j`,
      [cfg.lotsPerItem, cfg.lotsPerItem]
    )
    await trx.raw(
      `INSERT INTO lot (id, inventory_item_id, lot_number, manufactured_at, expires_at, received_at, supplier, status)
       SELECT id, inventory_item_id, lot_number, manufactured_at, expires_at, received_at, 'Bench Supplies', status FROM bench_lot`
    )
    await trx.raw(
      `CREATE TEMP TABLE bench_stock ON COMMIT DROP AS
       SELECT 'lotstk_' || l.id || '_p' AS id, l.id AS lot_id, l.inventory_item_id, ?::text AS location_id, l.paris_qty AS qty, l.received_at FROM bench_lot l
       UNION ALL
       SELECT 'lotstk_' || l.id || '_r', l.id, l.inventory_item_id, ?::text, l.rotterdam_qty, l.received_at FROM bench_lot l WHERE l.rotterdam_qty > 0`,
      [paris.id, rotterdam.id]
    )
    await trx.raw(
      `INSERT INTO lot_stock (id, lot_id, location_id, stocked_quantity, reserved_quantity)
       SELECT id, lot_id, location_id, qty, 0 FROM bench_stock`
    )
    await trx.raw(
      `INSERT INTO lot_movement (id, lot_id, inventory_item_id, location_id, type, quantity, note, created_at, updated_at)
       SELECT 'lotmov_' || s.id, s.lot_id, s.inventory_item_id, s.location_id, 'received', s.qty, 'Bench seed', s.received_at, s.received_at
         FROM bench_stock s`
    )
    await trx.raw(
      `INSERT INTO lot_tracking_policy (id, inventory_item_id, tracked, strategy)
       SELECT 'lotpol_bench_' || lpad(idx::text, 5, '0'), id, true, CASE WHEN idx % 4 = 3 THEN 'fifo' ELSE 'fefo' END FROM bench_item`
    )
    await trx.raw(
      `INSERT INTO inventory_level (id, inventory_item_id, location_id, stocked_quantity, reserved_quantity, incoming_quantity,
                                    raw_stocked_quantity, raw_reserved_quantity, raw_incoming_quantity)
       SELECT 'ilev_bench_' || md5(inventory_item_id || location_id), inventory_item_id, location_id, sum(qty), 0, 0,
              jsonb_build_object('value', sum(qty)::text, 'precision', 20),
              jsonb_build_object('value', '0', 'precision', 20),
              jsonb_build_object('value', '0', 'precision', 20)
         FROM bench_stock GROUP BY inventory_item_id, location_id`
    )
    const { rows } = await trx.raw(
      `SELECT (SELECT count(*) FROM bench_item)::int AS items, (SELECT count(*) FROM bench_lot)::int AS lots,
              (SELECT count(*) FROM bench_stock)::int AS lot_stock_rows, (SELECT coalesce(sum(qty), 0) FROM bench_stock)::int AS units`
    )
    return rows[0]
  })
  await knex.raw(`ANALYZE lot, lot_stock, lot_movement, lot_tracking_policy, inventory_item, inventory_level`)
  const tSql = Date.now()

  if (cfg.admin) {
    // What `npx medusa user -e -p` does (node_modules/@medusajs/medusa/dist/commands/user.js).
    let roles: string[] = []
    if (FeatureFlag.isFeatureEnabled("rbac")) {
      const superAdmin = await (container.resolve(Modules.RBAC) as any).listRbacRoles({ id: "role_super_admin" })
      roles = superAdmin.map((r: any) => r.id)
    }
    const { result: users } = await createUsersWorkflow(container).run({ input: { users: [{ email: cfg.admin.email, ...(roles.length ? { roles } : {}) } as any] } })
    const auth = container.resolve(Modules.AUTH)
    const { authIdentity, error } = await auth.register("emailpass", { body: { email: cfg.admin.email, password: cfg.admin.password } } as any)
    if (error || !authIdentity) {
      throw new Error(`admin user: ${error}`)
    }
    await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: users[0].id } })
  }

  // Carts, through the same workflows as the store API routes.
  const tCartsStart = Date.now()
  const variantFor = (l: LineSpec) =>
    l.hot
      ? hot[l.hot]
      : l.tracked !== undefined
        ? trackedProducts[l.tracked % trackedProducts.length]
        : untrackedProducts[(l.untracked ?? 0) % untrackedProducts.length]
  let seq = 0
  const prepareCart = async (spec: CartSpec): Promise<string> => {
    const { result: cart } = await createCartWorkflow(container).run({
      input: {
        region_id: store.regionId,
        sales_channel_id: store.salesChannelId,
        email: `bench-${++seq}@lot-tracking.test`,
        shipping_address: FR_ADDRESS,
        billing_address: FR_ADDRESS,
        items: spec.lines.map((l) => ({ variant_id: variantFor(l).variantId, quantity: l.quantity })),
      } as any,
    })
    await addShippingMethodToCartWorkflow(container).run({ input: { cart_id: cart.id, options: [{ id: store.shippingOptionIds[0] }] } })
    const { result: collection } = await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } as any })
    await createPaymentSessionsWorkflow(container).run({ input: { payment_collection_id: collection.id, provider_id: "pp_system_default" } })
    return cart.id
  }
  const concurrency = cfg.concurrency ?? 4
  const checkoutCartIds = await pool(cfg.carts ?? [], concurrency, prepareCart)
  const tCarts = Date.now()

  // Orders: core's createOrderWorkflow + reservations like cart completion's.
  const inventory = container.resolve(Modules.INVENTORY)
  const orderSpecs = cfg.orders ?? []
  const orders = await pool(orderSpecs, concurrency, async (spec) => {
    const { result: order } = await createOrderWorkflow(container).run({
      input: {
        region_id: store.regionId,
        sales_channel_id: store.salesChannelId,
        email: `bench-${++seq}@lot-tracking.test`,
        currency_code: "eur",
        shipping_address: FR_ADDRESS,
        billing_address: FR_ADDRESS,
        items: spec.lines.map((l) => ({ variant_id: variantFor(l).variantId, quantity: l.quantity })),
        shipping_methods: [{ name: "Standard", shipping_option_id: store.shippingOptionIds[0], amount: 4.9 }],
      } as any,
    })
    const items = ((order as any).items ?? []).map((it: any) => {
      const line = spec.lines.find((l) => variantFor(l).variantId === it.variant_id)!
      const product = variantFor(line)
      return { id: it.id as string, quantity: line.quantity, inventory_item_id: product.inventoryItemId, tracked: line.tracked !== undefined }
    })
    return { kind: spec.kind, id: (order as any).id as string, items, allocate: Boolean(spec.allocate) }
  })
  // One call for every reservation: concurrent createReservationItems calls without core's
  // item lock lose updates of inventory_level.reserved_quantity (read-modify-write).
  await inventory.createReservationItems(
    orders.flatMap((o) =>
      o.items.map((it) => ({ line_item_id: it.id, inventory_item_id: it.inventory_item_id, location_id: paris.id, quantity: it.quantity }))
    )
  )
  const tOrders = Date.now()
  let allocated = 0
  for (const o of orders.filter((x) => x.allocate)) {
    await allocateOrderLotsWorkflow(container).run({ input: { order_id: o.id } })
    allocated++
  }
  const tAllocated = Date.now()

  const result = {
    regionId: store.regionId,
    salesChannelId: store.salesChannelId,
    publishableKey: store.publishableKey,
    shippingOptionIds: store.shippingOptionIds,
    locations: store.locations,
    parisId: paris.id,
    rotterdamId: rotterdam.id,
    trackedProducts,
    untrackedProducts,
    hotProducts: hot,
    counts: { ...counts, tracked_order_products: trackedProducts.length, untracked_products: untrackedProducts.length },
    checkoutCartIds,
    orders: orders.map(({ allocate: _a, ...o }) => o),
    allocated_orders: allocated,
    timings_ms: {
      demo_store: tDemo - t0,
      products: tProducts - tDemo,
      sql: tSql - tProducts,
      carts: tCarts - tCartsStart,
      carts_count: checkoutCartIds.length,
      orders: tOrders - tCarts,
      orders_count: orders.length,
      allocate_orders: tAllocated - tOrders,
      total: tAllocated - t0,
    },
  }
  fs.writeFileSync(out, JSON.stringify(result, null, 2))
  logger.info(
    `bench seed: ${counts.items} tracked items, ${counts.lots} lots, ${counts.lot_stock_rows} lot stock rows, ` +
      `${trackedProducts.length} tracked + ${untrackedProducts.length} untracked products, ` +
      `${checkoutCartIds.length} carts, ${orders.length} orders in ${((tAllocated - t0) / 1000).toFixed(1)} s`
  )
}
