import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { unitCostProblem } from "../lib/kpi-formulas"

type StoreWithCurrencies = { created_at?: string | Date; supported_currencies?: { currency_code: string; is_default?: boolean }[] }

/**
 * The store's default currency (the `is_default` entry of its supported
 * currencies; the oldest store when there are several), or null without one.
 */
export async function storeDefaultCurrency(container: MedusaContainer): Promise<string | null> {
  const stores = (await container
    .resolve(Modules.STORE)
    .listStores({}, { relations: ["supported_currencies"], order: { created_at: "ASC" } } as any)) as StoreWithCurrencies[]
  for (const store of stores) {
    const currency = store.supported_currencies?.find((c) => c.is_default)
    if (currency) {
      return currency.currency_code.toLowerCase()
    }
  }
  return null
}

/**
 * A unit cost given at receipt (or corrected), as the lot keeps it: the
 * amount with the store's default currency. `undefined` leaves both fields
 * alone, null clears both. Refuses (400) an amount finer than the currency's
 * minor unit, or any amount when the store has no default currency.
 */
export async function lotUnitCost(
  container: MedusaContainer,
  unitCost: number | null | undefined,
  currency?: string | null
): Promise<{ unit_cost: number | null; unit_cost_currency_code: string | null } | undefined> {
  if (unitCost === undefined) {
    return undefined
  }
  if (unitCost === null) {
    return { unit_cost: null, unit_cost_currency_code: null }
  }
  const code = currency === undefined ? await storeDefaultCurrency(container) : currency
  if (!code) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "unit_cost needs the store's default currency, and the store has none: set one in Settings > Store"
    )
  }
  const problem = unitCostProblem(unitCost, code)
  if (problem) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, problem)
  }
  return { unit_cost: unitCost, unit_cost_currency_code: code }
}
