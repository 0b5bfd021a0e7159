import type { MedusaContainer } from "@medusajs/framework/types"
import { addDays } from "../../lib/calendar-date"
import { lotService } from "../../modules/lot_tracking/resolve"
import { createLotWorkflow } from "../../workflows/create-lot"
import { setLotStatusWorkflow } from "../../workflows/set-lot-status"
import { upsertTrackingPolicyWorkflow } from "../../workflows/upsert-tracking-policy"
import type { DemoStore } from "./store"

type DemoLot = {
  sku: string
  lot_number: string
  made: number
  expires: number
  supplier: string
  paris: number
  rotterdam: number
  quarantine?: boolean
}

// Days relative to today, so the demo always shows expired, expiring and fresh lots.
const LOTS: DemoLot[] = [
  { sku: "SHAMPOO-ARGAN-250", lot_number: "SH-24-0917", made: -420, expires: -12, supplier: "Laboratoires Durand", paris: 14, rotterdam: 0 },
  { sku: "SHAMPOO-ARGAN-250", lot_number: "SH-25-0311", made: -250, expires: 21, supplier: "Laboratoires Durand", paris: 60, rotterdam: 25 },
  { sku: "SHAMPOO-ARGAN-250", lot_number: "SH-25-1102", made: -20, expires: 700, supplier: "Laboratoires Durand", paris: 240, rotterdam: 120 },
  { sku: "VITC-1000-60", lot_number: "VC2504A", made: -300, expires: 45, supplier: "NutriPharm GmbH", paris: 80, rotterdam: 40 },
  { sku: "VITC-1000-60", lot_number: "VC2509B", made: -90, expires: 460, supplier: "NutriPharm GmbH", paris: 300, rotterdam: 150 },
  { sku: "VITC-1000-60", lot_number: "VC2510C", made: -40, expires: 520, supplier: "NutriPharm GmbH", paris: 90, rotterdam: 0, quarantine: true },
  { sku: "CREAM-HYAL-50", lot_number: "HC-0425", made: -200, expires: 9, supplier: "Cosmétiques Alpins", paris: 18, rotterdam: 6 },
  { sku: "CREAM-HYAL-50", lot_number: "HC-0825", made: -100, expires: 265, supplier: "Cosmétiques Alpins", paris: 75, rotterdam: 40 },
  { sku: "OMEGA3-120", lot_number: "OM3-7781", made: -150, expires: 400, supplier: "Nordic Marine Oils", paris: 50, rotterdam: 50 },
  { sku: "OMEGA3-120", lot_number: "OM3-7815", made: -60, expires: 610, supplier: "Nordic Marine Oils", paris: 120, rotterdam: 80 },
]

/** Lots through the plugin's own workflows, so the demo keeps the invariant and fills the ledger. */
export async function seedDemoLots(container: MedusaContainer, store: DemoStore): Promise<number> {
  const today = await lotService(container).today()
  const [paris, rotterdam] = store.locations
  const itemBySku = new Map(store.products.map((p) => [p.sku, p.inventoryItemId]))

  await upsertTrackingPolicyWorkflow(container).run({
    input: { inventory_item_id: itemBySku.get("OMEGA3-120")!, tracked: true, strategy: "fifo", min_shelf_life_days: 90 },
  })
  await upsertTrackingPolicyWorkflow(container).run({
    input: { inventory_item_id: itemBySku.get("CREAM-HYAL-50")!, tracked: true, expiry_warning_days: 60, min_shelf_life_days: 7 },
  })

  for (const lot of LOTS) {
    const receive = [
      { location_id: paris.id, quantity: lot.paris },
      { location_id: rotterdam.id, quantity: lot.rotterdam },
    ].filter((r) => r.quantity > 0)
    const { result } = await createLotWorkflow(container).run({
      input: {
        lot: {
          inventory_item_id: itemBySku.get(lot.sku)!,
          lot_number: lot.lot_number,
          manufactured_at: addDays(today, lot.made),
          expires_at: addDays(today, lot.expires),
          supplier: lot.supplier,
          received_at: new Date(Date.parse(addDays(today, lot.made + 14))).toISOString(),
          receive,
          note: "Demo receipt",
          allow_expired: lot.expires < 0,
        },
      },
    })
    if (lot.quarantine) {
      await setLotStatusWorkflow(container).run({
        input: { lot_id: result.id, action: "quarantine", reason: "Awaiting QC release: dissolution test pending" },
      })
    }
  }
  return LOTS.length
}
