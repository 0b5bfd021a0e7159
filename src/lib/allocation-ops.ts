/**
 * The allocation operations the lot tracking module applies in one
 * transaction (its `applyAllocationPlan`). Declared here, with the pure rules
 * that plan them, so that planners and module share one type without
 * src/lib importing the module.
 */
export type LineRef = { order_id: string; line_item_id: string; inventory_item_id: string }
export type Actor = { actor_id?: string | null }

export type AllocationOp =
  | ({
      kind: "reserve"
      lot_id: string
      location_id: string
      quantity: number
      source?: "auto" | "manual"
      /** Why, on the `reserved` movement (e.g. `reconcile`); none for an order's own allocation. */
      reason?: string | null
      /** Serialized items: the units staff picked, reserved for the line with the lot units. */
      serial_numbers?: string[] | null
    } & LineRef &
      Actor)
  | ({ kind: "release"; allocation_id: string; quantity: number; reason?: string | null } & Actor)
  | ({
      kind: "fulfill"
      /** Consume this reserved allocation; without it, take available units of the lot. */
      allocation_id?: string | null
      lot_id: string
      location_id: string
      quantity: number
      fulfillment_id: string
      /** Serialized item: the units shipped are named (`serial_numbers`) or taken by the plugin (reserved for the line first, then lowest number). */
      serialized?: boolean
      serial_numbers?: string[] | null
    } & LineRef &
      Actor)
  | ({ kind: "unfulfill"; allocation_id: string; reason?: string | null } & Actor)
  | ({ kind: "return"; allocation_id: string; quantity: number; location_id: string; return_id: string } & Actor)
  | { kind: "shortfall"; order_id: string; line_item_id: string; inventory_item_id: string; location_id: string; quantity: number }
  /**
   * Returned units of a shipment: counted as returned on the allocation; restocked into its lot at the
   * return's location, or, when `damaged`, not restocked (as Medusa) and recorded as `return_damaged`
   * (quantity 0, units in metadata).
   */
  | ({
      kind: "return_receive"
      allocation_id: string
      quantity: number
      location_id: string
      return_id: string
      damaged: boolean
      metadata?: Record<string, unknown>
      /** Serialized item: which shipped units came back (named, else the lowest shipped on the allocation). */
      serialized?: boolean
      serial_numbers?: string[] | null
    } & Actor)
  /** Returned units whose lot is not known yet: into the item's quarantined "awaiting lot confirmation" lot (damaged: recorded only). */
  | ({
      kind: "return_awaiting_lot"
      lot_id: string
      quantity: number
      location_id: string
      return_id: string
      damaged: boolean
      metadata?: Record<string, unknown>
    } & LineRef &
      Actor)
  /** Staff confirmed the lot of awaiting units: out of the awaiting lot, into the lot of this shipment, counted as returned. */
  | ({
      kind: "return_lot_confirmed"
      allocation_id: string
      from_lot_id: string
      quantity: number
      location_id: string
      return_id: string
      damaged: boolean
      metadata?: Record<string, unknown>
    } & Actor)

  /** New serials of a lot at a location, in stock (the lot stock itself moves in the receipt's stock step). */
  | ({
      kind: "serial_receive"
      lot_id: string
      inventory_item_id: string
      location_id: string
      serial_numbers: string[]
      scope: "item" | "global"
      reference_type?: string | null
      reference_id?: string | null
    } & Actor)
  /** Serials in stock at a location leave it: written off, or moved to another location (transfer). */
  | ({
      kind: "serial_stock_out"
      lot_id: string
      location_id: string
      /** Named units; none: the lowest `quantity` serials in stock there (the plugin's own write-offs). */
      serial_numbers: string[]
      quantity?: number
      to_location_id?: string | null
      reason?: string | null
      reference_type?: string | null
      reference_id?: string | null
    } & Actor)
  /** Recall by serial: the units are blocked (held, never reserved or shipped again). */
  | ({ kind: "serial_block"; serial_ids: string[]; recall_id: string; reason?: string | null } & Actor)

export type AllocationOpKind = AllocationOp["kind"]

/** The operation of one kind. */
export type OpOf<K extends AllocationOpKind> = Extract<AllocationOp, { kind: K }>

/** One inventory item at one stock location. */
export type ItemLocation = { inventory_item_id: string; location_id: string }
