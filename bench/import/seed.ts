/**
 * Data of the import benchmark, run by `bench/import.js` through
 * `npx medusa exec ./bench/import/seed.ts` before its server starts: the
 * inventory items (SKU `IMP-00001`...) and stock locations the CSV names.
 * Nothing else: the import itself creates the lots, stock and levels.
 *
 * Input: JSON file named by env BENCH_IN ({ items, locations }).
 * Output: JSON written to env BENCH_OUT.
 */
import fs from "fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

type Input = { items: number; locations: number }

export default async function benchImportSeed({ container }: ExecArgs) {
  const t0 = Date.now()
  const input: Input = JSON.parse(fs.readFileSync(process.env.BENCH_IN!, "utf8"))
  const inventory = container.resolve(Modules.INVENTORY)
  const stockLocations = container.resolve(Modules.STOCK_LOCATION)
  const skus: string[] = []
  for (let i = 1; i <= input.items; i++) {
    skus.push(`IMP-${String(i).padStart(5, "0")}`)
  }
  for (let i = 0; i < skus.length; i += 500) {
    await inventory.createInventoryItems(skus.slice(i, i + 500).map((sku) => ({ sku, title: sku })))
  }
  const names = Array.from({ length: input.locations }, (_, i) => `Import warehouse ${i + 1}`)
  await stockLocations.createStockLocations(names.map((name) => ({ name })))
  fs.writeFileSync(process.env.BENCH_OUT!, JSON.stringify({ skus: skus.length, locations: names, ms: Date.now() - t0 }))
}
