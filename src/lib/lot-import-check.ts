/**
 * CSV import of lots (docs/IMPORT.md): the rows checked against what the
 * database holds (items, locations, policies, lots, stock, unassigned units)
 * and against each other (duplicates, opening balance totals). Pure: the
 * caller reads the facts in a few statements and hands them in.
 */
import { existingLotProblem, newLotProblem } from "./opening-balance"
import type { LotImportMode, ParsedImportRow, RowError } from "./lot-import-rows"

export type ImportItem = { id: string; sku: string | null }
export type ImportLocation = { id: string; name: string | null }
export type ImportPolicy = { tracked: boolean; require_expiry: boolean; serialized: boolean; is_default: boolean }
export type ImportLot = {
  id: string
  inventory_item_id: string
  lot_number: string
  status: string
  manufactured_at: string | null
  expires_at: string | null
  best_before: string | null
  supplier: string | null
  supplier_lot_code: string | null
}

/** What the checks need from the database, read for the whole file at once. */
export type ImportFacts = {
  mode: LotImportMode
  today: string
  allow_expired: boolean
  items: ImportItem[]
  locations: ImportLocation[]
  policies: Map<string, ImportPolicy>
  /** Lots of the file's items with the file's lot numbers. */
  lots: ImportLot[]
  /** Lot stock of those lots, keyed `lot_id:location_id`. */
  stock: Map<string, { stocked: number; reserved: number }>
  /** Opening balance: Medusa stocked minus lot stock, keyed `item:location` (missing: 0). */
  unassigned?: Map<string, number>
  /** Supplier lot codes already used by a lot of the item without a supplier (`item\u0000code`). */
  supplier_codes_taken?: Set<string>
  /** Serial numbers already in use, `item\u0000serial` (the item's scope). */
  serials_taken?: Set<string>
}

/** A valid row, resolved: what the apply needs and nothing else. */
export type ResolvedImportRow = {
  row: number
  inventory_item_id: string
  location_id: string
  /** The existing lot it adds to or counts (null: a new lot). */
  lot_id: string | null
  lot_number: string | null
  supplier_lot_code: string | null
  manufactured_at: string | null
  expires_at: string | null
  best_before: string | null
  quantity: number
  bin: string | null
  serial_numbers: string[] | null
}

export type ImportSummary = {
  units: number
  lots_new: number
  lots_existing: number
  items: number
  locations: number
  by_location: { location_id: string; location_name: string | null; units: number }[]
  ignored_columns: string[]
}

const lotKey = (item: string, lotNumber: string) => `${item}\u0000${lotNumber}`

const COLUMNS_IN_MESSAGES = ["supplier_lot_code", "manufactured_at", "expires_at", "best_before"]

/** The column a rule's message is about (the first column it names; an expiry refusal is about expires_at). */
function columnOf(message: string): string | null {
  if (/expired on/.test(message)) {
    return "expires_at"
  }
  const found = COLUMNS_IN_MESSAGES.map((c) => ({ c, at: message.indexOf(c) })).filter((x) => x.at >= 0)
  return found.length ? found.sort((a, b) => a.at - b.at)[0].c : null
}

function describeItem(r: ParsedImportRow): string {
  return r.sku ? `SKU ${r.sku}` : `inventory item ${r.inventory_item_id}`
}

/**
 * Checks every parsed row; returns the valid ones resolved, the row errors
 * (every one, in row order) and the summary of what the valid rows would do.
 */
export function checkImportRows(
  rows: ParsedImportRow[],
  facts: ImportFacts,
  ignoredColumns: string[] = []
): { valid: ResolvedImportRow[]; errors: RowError[]; summary: ImportSummary } {
  const { mode } = facts
  const errors: RowError[] = []
  const itemById = new Map(facts.items.map((i) => [i.id, i]))
  const itemsBySku = new Map<string, ImportItem[]>()
  for (const i of facts.items) {
    if (i.sku) {
      itemsBySku.set(i.sku, [...(itemsBySku.get(i.sku) ?? []), i])
    }
  }
  const locationById = new Map(facts.locations.map((l) => [l.id, l]))
  const locationsByName = new Map<string, ImportLocation[]>()
  for (const l of facts.locations) {
    const name = (l.name ?? "").trim().toLowerCase()
    if (name) {
      locationsByName.set(name, [...(locationsByName.get(name) ?? []), l])
    }
  }
  const lotByKey = new Map(facts.lots.map((l) => [lotKey(l.inventory_item_id, l.lot_number), l]))

  type Candidate = ResolvedImportRow & { label: string; lot: ImportLot | null }
  const candidates: Candidate[] = []

  for (const r of rows) {
    const rowErrors: RowError[] = []
    const fail = (column: string | null, message: string) => rowErrors.push({ row: r.row, column, message })

    // The item: by id, else by SKU (exact); both given must agree.
    let item: ImportItem | undefined
    if (r.inventory_item_id) {
      item = itemById.get(r.inventory_item_id)
      if (!item) {
        fail("inventory_item_id", `Unknown inventory item ${r.inventory_item_id}`)
      } else if (r.sku && item.sku !== r.sku) {
        fail("sku", `SKU ${r.sku} is not the SKU of inventory item ${item.id} (${item.sku ?? "no SKU"})`)
      }
    } else if (r.sku) {
      const found = itemsBySku.get(r.sku) ?? []
      if (!found.length) {
        fail("sku", `Unknown SKU ${r.sku}: no inventory item has it`)
      } else if (found.length > 1) {
        fail("sku", `${found.length} inventory items have SKU ${r.sku}; give the inventory_item_id instead`)
      } else {
        item = found[0]
      }
    }

    // The location: by id, else by name (case-insensitive, must name one).
    let location: ImportLocation | undefined = locationById.get(r.location)
    if (!location) {
      const named = locationsByName.get(r.location.trim().toLowerCase()) ?? []
      if (named.length > 1) {
        fail("location", `${named.length} stock locations are named ${r.location}; give the location's id (${named.map((l) => l.id).join(", ")})`)
      } else if (!named.length) {
        fail("location", `Unknown location ${r.location}: no stock location has this name or id`)
      } else {
        location = named[0]
      }
    }

    if (!item || !location) {
      errors.push(...rowErrors)
      continue
    }
    const policy = facts.policies.get(item.id) ?? { tracked: false, require_expiry: false, serialized: false, is_default: true }
    const lot = r.lot_number ? lotByKey.get(lotKey(item.id, r.lot_number)) ?? null : null
    const label = `${describeItem(r)}${r.lot_number ? `, lot ${r.lot_number}` : ""}`

    if (mode === "count") {
      const stock = lot ? facts.stock.get(`${lot.id}:${location.id}`) : undefined
      if (policy.serialized) {
        fail(null, `${describeItem(r)} is serialized: counts of serialized items are done by serial (receive the found units or write off the missing ones by serial number)`)
      } else if (!lot) {
        fail("lot_number", `Lot ${r.lot_number} of ${describeItem(r)} does not exist; a count only sets the stock of existing lots: use mode receive to bring new lots in`)
      } else if (!stock) {
        fail("lot_number", `Lot ${r.lot_number} of ${describeItem(r)} has no stock at ${location.name ?? location.id}; a count only sets the stock of lots already there: use mode receive`)
      } else if (r.quantity < stock.reserved) {
        fail("quantity", `Cannot count ${r.quantity} units: ${stock.reserved} units of lot ${r.lot_number} are reserved for orders at ${location.name ?? location.id}`)
      }
    } else {
      // Receive and opening balance: new lots (the create-lot rules), or more units of an existing one
      // (its attributes must agree; not recalled; expired only when allowed): the opening balance's rules.
      const problem = lot
        ? existingLotProblem(
            {
              quantity: r.quantity,
              supplier_lot_code: r.supplier_lot_code,
              manufactured_at: r.manufactured_at,
              expires_at: r.expires_at,
              best_before: r.best_before,
            },
            lot,
            facts.today,
            { allow_expired: facts.allow_expired }
          )
        : newLotProblem(
            {
              inventory_item_id: item.id,
              lot_number: r.lot_number,
              manufactured_at: r.manufactured_at,
              expires_at: r.expires_at,
              receiving: true,
              allow_expired: facts.allow_expired,
            },
            facts.today,
            policy
          )
      if (problem) {
        fail(columnOf(problem), problem.replace(`inventory item ${item.id}`, describeItem(r)))
      }
      if (policy.serialized && !r.serial_numbers) {
        fail("serial_numbers", `${describeItem(r)} is serialized: give one serial number per unit (separated by | or spaces)`)
      } else if (!policy.serialized && r.serial_numbers) {
        fail("serial_numbers", `${describeItem(r)} is not serialized; leave serial_numbers empty (or turn serials on in its policy first)`)
      } else if (r.serial_numbers && facts.serials_taken) {
        const taken = r.serial_numbers.filter((s) => facts.serials_taken!.has(`${item!.id}\u0000${s}`))
        if (taken.length) {
          fail("serial_numbers", `Serial numbers already in use: ${taken.slice(0, 5).join(", ")}${taken.length > 5 ? ", ..." : ""}`)
        }
      }
      if (!lot && r.supplier_lot_code && facts.supplier_codes_taken?.has(`${item.id}\u0000${r.supplier_lot_code}`)) {
        fail("supplier_lot_code", `Supplier lot code ${r.supplier_lot_code} is already used by another lot of ${describeItem(r)}`)
      }
    }

    if (rowErrors.length) {
      errors.push(...rowErrors)
      continue
    }
    candidates.push({
      row: r.row,
      inventory_item_id: item.id,
      location_id: location.id,
      lot_id: lot?.id ?? null,
      lot_number: r.lot_number,
      supplier_lot_code: lot ? null : r.supplier_lot_code,
      manufactured_at: lot ? null : r.manufactured_at,
      expires_at: lot ? null : r.expires_at,
      best_before: lot ? null : r.best_before,
      quantity: r.quantity,
      bin: r.bin,
      serial_numbers: r.serial_numbers,
      label,
      lot,
    })
  }

  // Across rows: duplicates, one new lot's attributes, serials, opening balance totals.
  const rejected = new Set<number>()
  const reject = (c: Candidate, column: string | null, message: string) => {
    errors.push({ row: c.row, column, message })
    rejected.add(c.row)
  }
  const seenRow = new Map<string, number>()
  const newLotFirst = new Map<string, Candidate>()
  const supplierCodeLot = new Map<string, string>()
  const serialRow = new Map<string, number>()
  for (const c of candidates) {
    // One row per lot and location (in count mode the same; a lot may appear at several locations).
    const dupKey = `${c.inventory_item_id}\u0000${c.lot_number ?? `#${c.row}`}\u0000${c.location_id}`
    const first = seenRow.get(dupKey)
    if (first !== undefined) {
      reject(c, "lot_number", `Duplicate: ${c.label} at this location is already on row ${first}; give one row per lot and location`)
      continue
    }
    seenRow.set(dupKey, c.row)
    if (mode === "count") {
      continue
    }
    if (!c.lot_id && c.lot_number) {
      // The same new lot at several locations: its dates and supplier code must agree.
      const key = lotKey(c.inventory_item_id, c.lot_number)
      const firstOfLot = newLotFirst.get(key)
      if (firstOfLot) {
        const differs = (["manufactured_at", "expires_at", "best_before", "supplier_lot_code"] as const).find(
          (col) => c[col] !== firstOfLot[col]
        )
        if (differs) {
          reject(c, differs, `Lot ${c.lot_number} is on row ${firstOfLot.row} too, with ${differs} ${firstOfLot[differs] ?? "empty"}; one lot has one ${differs}`)
          continue
        }
      } else {
        newLotFirst.set(key, c)
      }
    }
    if (!c.lot_id && c.supplier_lot_code) {
      const key = `${c.inventory_item_id}\u0000${c.supplier_lot_code}`
      const lotOfCode = c.lot_number ?? `#${c.row}`
      const other = supplierCodeLot.get(key)
      if (other !== undefined && other !== lotOfCode) {
        reject(c, "supplier_lot_code", `Supplier lot code ${c.supplier_lot_code} is given to two lots of this item in the file (${other} and ${lotOfCode})`)
        continue
      }
      supplierCodeLot.set(key, lotOfCode)
    }
    if (c.serial_numbers) {
      const twice = c.serial_numbers.find((s) => serialRow.has(`${c.inventory_item_id}\u0000${s}`))
      if (twice) {
        reject(c, "serial_numbers", `Serial number ${twice} is already on row ${serialRow.get(`${c.inventory_item_id}\u0000${twice}`)}`)
        continue
      }
      for (const s of c.serial_numbers) {
        serialRow.set(`${c.inventory_item_id}\u0000${s}`, c.row)
      }
    }
  }

  if (mode === "opening_balance") {
    const byPair = new Map<string, Candidate[]>()
    for (const c of candidates) {
      if (!rejected.has(c.row)) {
        const key = `${c.inventory_item_id}:${c.location_id}`
        byPair.set(key, [...(byPair.get(key) ?? []), c])
      }
    }
    for (const [key, group] of byPair) {
      const units = group.reduce((s, c) => s + c.quantity, 0)
      const unassigned = Math.max(0, facts.unassigned?.get(key) ?? 0)
      if (units > unassigned) {
        const where = locationById.get(group[0].location_id)?.name ?? group[0].location_id
        for (const c of group) {
          reject(
            c,
            "quantity",
            `The file puts ${units} units of ${c.label.split(", lot ")[0]} at ${where} into lots, but only ${unassigned} units there are not in any lot yet (Medusa's stocked quantity minus lot stock); use mode receive for new stock`
          )
        }
      }
    }
  }

  errors.sort((a, b) => a.row - b.row)
  const valid: ResolvedImportRow[] = []
  const byLocation = new Map<string, number>()
  const items = new Set<string>()
  const newLots = new Set<string>()
  const existingLots = new Set<string>()
  let units = 0
  for (const c of candidates) {
    if (rejected.has(c.row)) {
      continue
    }
    const { label: _label, lot: _lot, ...row } = c
    valid.push(row)
    units += c.quantity
    items.add(c.inventory_item_id)
    byLocation.set(c.location_id, (byLocation.get(c.location_id) ?? 0) + c.quantity)
    if (c.lot_id) {
      existingLots.add(c.lot_id)
    } else {
      newLots.add(c.lot_number ? lotKey(c.inventory_item_id, c.lot_number) : `#${c.row}`)
    }
  }
  return {
    valid,
    errors,
    summary: {
      units,
      lots_new: newLots.size,
      lots_existing: existingLots.size,
      items: items.size,
      locations: byLocation.size,
      by_location: [...byLocation].map(([location_id, u]) => ({
        location_id,
        location_name: locationById.get(location_id)?.name ?? null,
        units: u,
      })),
      ignored_columns: ignoredColumns,
    },
  }
}
