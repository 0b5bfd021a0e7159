import { lotService } from "../modules/lot_tracking/resolve"
import type { Resolver } from "./pg"
import { listShipmentsByAllocation, type Shipment } from "./shipments"

/**
 * The shipments that carried some of these units (a recall by serial): each
 * with only those units (`serial_numbers`, `quantity`), and only while they
 * are out with the customer.
 */
export async function listShipmentsOfSerials(container: Resolver, serialIds: readonly string[]): Promise<Shipment[]> {
  if (!serialIds.length) {
    return []
  }
  // The units themselves are the module's rows.
  const units = await lotService(container).listLotSerials(
    { id: [...serialIds], status: "shipped" },
    { select: ["serial_number", "lot_id", "allocation_id"], order: { serial_number: "ASC" } }
  )
  const byShipment = new Map<string, string[]>()
  for (const u of units) {
    const list = u.allocation_id ? byShipment.get(u.allocation_id) : undefined
    if (list) {
      list.push(u.serial_number)
    } else if (u.allocation_id) {
      byShipment.set(u.allocation_id, [u.serial_number])
    }
  }
  return (await listShipmentsByAllocation(container, [...byShipment.keys()]))
    .filter((s) => byShipment.has(s.allocation_id))
    .map((s) => {
      const serial_numbers = byShipment.get(s.allocation_id)!
      return { ...s, quantity: serial_numbers.length, returned_quantity: 0, serial_numbers }
    })
}
