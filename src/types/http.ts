/**
 * The HTTP response shapes of the plugin's admin API (see README "Admin API"),
 * written once for the routes that answer them and the admin that reads them.
 * Type-only: nothing here exists at run time, so both sides can import it.
 */
import type { Drift, DriftSummary, RepairableKind } from "../lib/reconcile"
import type { RecallOutcome, RecallScope } from "../lib/recall"
import type { AcknowledgementAction, NoticeStatus, RecallEffectiveness } from "../lib/recall-acknowledgement"
import type { HeldLot } from "../lib/lot-hold"
import type { ReturnUnits } from "../lib/return-lots"

export type { Drift, DriftKind, DriftSummary, RepairableKind } from "../lib/reconcile"

/**
 * An inventory item as responses name it. Medusa sets the item's own title to
 * the variant title ("Default"), so responses add the product and variant
 * titles and `label`, the name a merchant knows (product · variant · SKU).
 */
export type InventoryItemRef = {
  id: string
  sku: string | null
  title: string | null
  product_title?: string | null
  variant_title?: string | null
  label?: string | null
}

/** The name of a flat row's inventory item, beside its `sku` (product · variant · SKU). */
export type ItemLabelField = { item_label?: string | null }

export type LotStatus = "active" | "quarantined" | "recalled"

export type LotStockRow = {
  location_id: string
  location_name: string | null
  stocked_quantity: number
  reserved_quantity: number
  available_quantity: number
  /** The shelf code the lot's units are kept at here (1-32 characters), if any. */
  bin?: string | null
}

export type Lot = {
  id: string
  lot_number: string
  inventory_item_id: string
  inventory_item: InventoryItemRef | null
  manufactured_at: string | null
  expires_at: string | null
  best_before: string | null
  received_at: string
  supplier: string | null
  /** The supplier's own code for the batch, kept beside the lot number (unique per item and supplier). */
  supplier_lot_code?: string | null
  origin: string | null
  /** Cost of one unit given at receipt, in `unit_cost_currency_code` (the store's default currency). */
  unit_cost?: number | null
  unit_cost_currency_code?: string | null
  status: LotStatus
  metadata: Record<string, unknown> | null
  stocked_quantity: number
  reserved_quantity: number
  available_quantity: number
  expired: boolean
  expiring_soon: boolean
  days_until_expiry: number | null
  stock: LotStockRow[]
  /** The lot's item is serialized: its units have serials (`GET /admin/serials?lot_id=`). */
  serialized?: boolean
  created_at?: string
}

/** `GET /admin/lot-tracking/unassigned`: units Medusa counts that no lot holds, per item and location. */
export type UnassignedStock = {
  inventory_item_id: string
  location_id: string
  location_name: string | null
  sku: string | null
  quantity: number
}

/** `POST /admin/lot-tracking/opening-balance` answer: the lots, and what is left unassigned at the location. */
export type OpeningBalanceResponse = {
  lots: Lot[]
  unassigned: { inventory_item_id: string; location_id: string; quantity: number }[]
}

/** `GET /admin/lot-tracking/settings`: the plugin options the admin reads. */
export type LotTrackingSettings = {
  gs1_lot_is_supplier_code: boolean
  time_zone: string
  default_strategy: "fefo" | "fifo"
  require_expiry: boolean
  expiry_warning_days: number
  min_shelf_life_days: number
}

export type ListResponse<K extends string, T> = { [key in K]: T[] } & { count: number; offset: number; limit: number }

export type LotMovement = {
  id: string
  lot_id?: string
  type: string
  location_id: string | null
  quantity: number
  reason: string | null
  note: string | null
  reference_type: string | null
  reference_id: string | null
  actor_id: string | null
  metadata: Record<string, unknown> | null
  created_at: string
}

export type TrackingPolicy = {
  inventory_item_id: string
  tracked: boolean
  strategy: "fefo" | "fifo"
  min_shelf_life_days: number
  expiry_warning_days: number
  require_expiry: boolean
  /** Serials (docs/SERIALS.md): one identity per unit, on top of lots. */
  serialized: boolean
  serial_pattern: string
  serial_capture: "required" | "auto"
  serial_scope: "item" | "global"
  is_default: boolean
}

export type SerialStatus = "in_stock" | "reserved" | "shipped" | "returned" | "written_off"

/** One unit (`GET /admin/serials`, docs/SERIALS.md). */
export type Serial = {
  id: string
  serial_number: string
  inventory_item_id: string
  item_label: string | null
  lot_id: string
  lot_number: string
  expires_at: string | null
  location_id: string | null
  status: SerialStatus
  /** Recalled by serial: held, never sold. */
  blocked: boolean
  order_id: string | null
  order_display_id: number | null
  line_item_id: string | null
  fulfillment_id: string | null
  shipped_at: string | null
  customer: { id: string | null; email: string | null; name: string | null } | null
  created_at: string
}

export type SerialHistoryType =
  | "received"
  | "reserved"
  | "released"
  | "shipped"
  | "fulfillment_canceled"
  | "returned"
  | "returned_damaged"
  | "written_off"
  | "transferred"
  | "recalled"

/** One movement of a unit, oldest first in `history`. */
export type SerialHistoryEntry = {
  id: string
  type: SerialHistoryType
  lot_id: string
  lot_number: string
  location_id: string | null
  reference_type: string | null
  reference_id: string | null
  order_id: string | null
  reason: string | null
  actor_id: string | null
  created_at: string
}

export type SerialDetail = Serial & { history: SerialHistoryEntry[] }

export type OrderLotAllocation = {
  id: string
  lot_id: string
  lot_number: string
  expires_at: string | null
  lot_status?: LotStatus
  inventory_item_id?: string
  location_id: string
  quantity: number
  returned_quantity?: number
  status: "reserved" | "fulfilled" | "released" | "returned"
  source?: "auto" | "manual"
  fulfillment_id: string | null
  fulfilled_at?: string | null
}

export type OrderLotLine = {
  line_item_id: string
  title: string
  sku: string | null
  quantity: number
  reserved_quantity: number
  fulfilled_quantity: number
  returned_quantity: number
  shortfall: number
  /** "order", or the claim / exchange whose outbound item this line is. */
  source?: { type: "order" | "claim" | "exchange"; id: string; display_id: number | null }
  /** Inventory units per part (kits: line quantity x required_quantity). */
  inventory_items?: { inventory_item_id: string; required_quantity: number; quantity: number }[]
  allocations: OrderLotAllocation[]
  /** Serialized items: the units reserved for or shipped to the line. */
  serials?: { serial_number: string; lot_id: string; lot_number: string; status: SerialStatus; inventory_item_id: string }[]
}

export type OrderLots = { order_id: string; display_id: number | null; lines: OrderLotLine[] }

export type StockLocation = { id: string; name: string }

/** A core inventory item as the admin lists it (names added from its variant when known). */
export type InventoryItem = InventoryItemRef

export type Address = {
  name: string | null
  company: string | null
  address_1: string | null
  address_2: string | null
  city: string | null
  postal_code: string | null
  province: string | null
  country_code: string | null
  phone: string | null
}

/** One shipment of a lot (`GET /admin/lots/:id/trace`): units of one order line in one fulfilment. */
export type TraceShipment = {
  allocation_id: string
  lot: { id: string; lot_number: string; supplier: string | null; origin: string | null }
  inventory_item: InventoryItemRef
  product: { title: string | null; variant_title: string | null; sku: string | null }
  order: { id: string; display_id: number | null }
  line_item_id: string
  customer: { id: string | null; name: string | null; email: string | null; phone: string | null }
  ship_to: Address | null
  ship_from: { location_id: string; name: string | null }
  quantity: number
  returned_quantity: number
  fulfillment_id: string | null
  fulfilled_at: string | null
  shipped_at: string | null
  delivered_at: string | null
  /** Serialized items: the units that left on this shipment (shipped, or back damaged), by number. */
  serial_numbers?: string[]
}

export type TraceSummary = {
  shipments: number
  orders: number
  /** Distinct customers (not every version of the API counts them). */
  customers?: number
  units_shipped: number
  units_returned: number
  first_shipped_at: string | null
  last_shipped_at: string | null
}

export type LotTrace = {
  lot: Lot
  origin: {
    supplier: string | null
    origin: string | null
    manufactured_at: string | null
    received_at: string
    receipts: { movement_id: string; received_at: string; location_id: string | null; location_name: string | null; quantity: number; note: string | null }[]
  }
  summary: TraceSummary
  shipments: TraceShipment[]
  count: number
  offset: number
  limit: number
}

export type RecallNotice = {
  id: string
  order_id: string
  order_display_id: number | null
  customer_id: string | null
  email: string | null
  name: string | null
  phone: string | null
  ship_to: Record<string, unknown> | null
  lines: { lot_id: string; lot_number: string; quantity: number; shipped_at?: string | null; serial_numbers?: string[] }[]
  quantity: number
  returned_quantity: number
  first_shipped_at: string | null
  status: NoticeStatus
  notified_at: string | null
  /** Send attempts so far (Notify and resends) and the last attempt's error (null once a send succeeds). */
  send_attempts: number
  last_error: string | null
  /** The customer's link (plugin option `acknowledgement_url_template` with the notice's token). */
  acknowledgement_url: string | null
  /** What the customer answered, and when they first answered. */
  acknowledgement: AcknowledgementAction | null
  acknowledged_at: string | null
}

export type { AcknowledgementAction, NoticeStatus, RecallEffectiveness } from "../lib/recall-acknowledgement"

/**
 * `GET /store/lot-recalls/notices/:token` (and the page at `/lot-recall/:token`): the notice as its customer
 * sees it: the recall's public side and their own order's lots, never the internal reason or anyone else's data.
 */
export type CustomerRecallNotice = {
  recall: { reference: string; classification: string | null; public_reason: string | null; opened_at: string; status: string }
  instructions: string
  order: { display_id: number | null }
  items: { product_title: string | null; sku: string | null; lot_number: string; quantity: number; shipped_at: string | null; serial_numbers?: string[] }[]
  quantity: number
  status: NoticeStatus
  acknowledgement: AcknowledgementAction | null
  acknowledged_at: string | null
  /** Whether an answer can still be recorded (not on a canceled recall). */
  can_acknowledge: boolean
}

/** The notices of a recall, counted by status. */
export type NoticeCounts = {
  notice_count: number
  /** Distinct customers (guest orders counted by email, else by order). */
  customers: number
  pending: number
  sent: number
  failed: number
  acknowledged: number
  /** No email address: not reachable by email (staff use the phone); they do not hold back `all_notified_at`. */
  unreachable: number
  /** Not sent before the recall was canceled. */
  void: number
  without_email: number
  units: number
  /** Acknowledged notices by the customer's answer. */
  by_acknowledgement: Record<AcknowledgementAction, number>
}

export type RecallClass = "I" | "II" | "III"

type RecallFields = {
  id: string
  reference: string
  reason: string
  public_reason: string | null
  classification: RecallClass | null
  status: "open" | "closed" | "canceled"
  /** Partial scope (docs/RECALLS.md, Lifecycle); null for the whole lot. */
  scope: RecallScope | null
  opened_by: string | null
  opened_at: string
  affected_listed_at: string | null
  recall_time_ms: number | null
  all_notified_at: string | null
  closed_by: string | null
  closed_at: string | null
  outcome: RecallOutcome | null
  /** A recall opened by mistake and canceled: who, when, why (the record stays). */
  canceled_by: string | null
  canceled_at: string | null
  cancel_reason: string | null
  created_at: string
  /** Acknowledged / notified, and what customers did (rules in src/lib/recall-acknowledgement.ts). */
  effectiveness?: RecallEffectiveness
}

/** What a recall is limited to (defined with its rule in src/lib/recall.ts). */
export type { RecallScope } from "../lib/recall"

/** Units of a recalled lot in a fulfilment made but not yet shipped: to stop before it leaves. */
export type UnshippedFulfillment = {
  order_id: string
  order_display_id: number | null
  fulfillment_id: string
  lot_id: string
  lot_number: string
  quantity: number
  location_id: string
  location_name: string | null
  fulfilled_at: string | null
}

/** What a closed recall accounted for (defined with its rule in src/lib/recall.ts). */
export type { RecallOutcome } from "../lib/recall"

/** A row of `GET /admin/recalls`. */
export type RecallListItem = RecallFields &
  NoticeCounts & { lot_count: number; lot_numbers: string[]; /** A recall by serial: the units it names. */ serial_count?: number }

/** A unit under a recall by serial, with its status when the recall opened and now. */
export type RecallSerial = {
  serial_id: string
  serial_number: string
  inventory_item_id: string
  lot_id: string
  lot_number: string
  status_at_open: string
  status: SerialStatus | null
  location_id: string | null
}

/** `GET /admin/recalls/:id` (also answered by create and close). */
export type RecallDetail = {
  recall: RecallFields & {
    reallocation: Record<string, unknown> | null
    lots: {
      lot_id: string
      lot_number: string
      inventory_item_id: string
      inventory_item?: InventoryItemRef | null
      previous_status: string
      status: LotStatus | null
      expires_at: string | null
      stock_on_hand: { location_id: string; stocked_quantity: number; reserved_quantity: number }[]
      stocked_quantity: number
    }[]
    /** A recall by serial (docs/SERIALS.md): the units it names (its `lots` are then empty). */
    serials?: RecallSerial[]
    summary: TraceSummary & { lots: number; notices: NoticeCounts }
  }
  /** Fulfilments of the recalled lots (within scope) not yet shipped: stop them before they leave. */
  stop_before_shipping: UnshippedFulfillment[]
  notices: RecallNotice[]
  count: number
  offset: number
  limit: number
}

/** `POST /admin/recalls/:id/notify`: what this call sent. */
export type NotifyResult = {
  recall_id: string
  /** Notices of the recall. */
  total: number
  /** Sent by this call. */
  sent: number
  /** Attempted by this call and failed (they stay `failed`: resend them one by one, Notify does not retry them). */
  failed: number
  /** Failed before this call: not retried by Notify (`POST /admin/recalls/:id/notices/:notice_id/resend`). */
  failed_earlier: number
  /** Without an email address (status `unreachable`): not reachable by email, contact them by phone or post. */
  unreachable: number
  /** Sent (or acknowledged) before this call: skipped. */
  already_sent: number
  /** Without an email address: cannot be sent by email, to contact by phone or post. */
  without_email: number
  all_notified_at: string | null
}

/** `POST /admin/recalls/:id/notices/:notice_id/resend`: the notice after the attempt and what the attempt gave. */
export type ResendNoticeResult = {
  notice: RecallNotice
  sent: boolean
  error: string | null
  all_notified_at: string | null
}

/** Why a lot's free units are held, and a lot whose free units a hold keeps out of sale (rules in src/lib/lot-hold.ts). */
export type { HeldLot, HoldReason } from "../lib/lot-hold"

/** One hold reservation (`GET /admin/lot-tracking/holds`): units of an item kept out of sale at a location. */
export type LotHold = {
  inventory_item_id: string
  inventory_item?: InventoryItemRef | null
  location_id: string
  location_name: string | null
  quantity: number
  reservation_id: string
  description: string | null
  lots: HeldLot[]
}

/** Units of a returned line (or of one inventory item of it): restocked and received as damaged. */
export type { ReturnUnits } from "../lib/return-lots"

/** One inventory item of a returned line (`GET /admin/returns/:id/lots`); a kit line has several. */
export type ReturnLotsItem = {
  inventory_item_id: string
  /** The part as merchants name it (a kit line has several parts). */
  inventory_item?: InventoryItemRef | null
  required_quantity: number
  shipped: { allocation_id: string; lot_id: string; lot_number: string; lot_status: LotStatus; quantity: number; returned_quantity: number }[]
  returned: { lot_id: string; lot_number: string; quantity: number; damaged: boolean }[]
  receiving: ReturnUnits | null
  named: { lot_id: string; lot_number: string; quantity: number; damaged: boolean; serial_numbers?: string[] }[]
  awaiting: (ReturnUnits & { lot_id: string; location_id: string | null }) | null
}

/** `GET /admin/returns/:id/lots`: the lots of a return, line by line. */
export type ReturnLots = {
  return_id: string
  order_id: string
  status: string
  location_id: string | null
  receipt: { order_change_id: string; status: string } | null
  awaiting_lot_confirmation: number
  lines: {
    line_item_id: string
    title: string | null
    sku: string | null
    quantity: number
    received: ReturnUnits
    receiving: ReturnUnits | null
    items: ReturnLotsItem[]
  }[]
}

/** A difference as `GET /admin/lot-tracking/reconcile` lists it, with names staff recognise. */
export type DescribedDrift = Drift &
  ItemLabelField & {
    sku: string | null
    item_title: string | null
    location_name: string | null
    order_display_id: number | null
  }

/** `GET /admin/lot-tracking/reconcile`. */
export type DriftReport = {
  as_of: string
  grace_seconds: number
  summary: DriftSummary
  drift: DescribedDrift[]
  count: number
  offset: number
  limit: number
}

/** `POST /admin/lot-tracking/reconcile` → `reconcile`. */
export type ReconcileRun = {
  kinds: RepairableKind[]
  repaired: Record<RepairableKind, number>
  total_repaired: number
  failed_syncs: { failure_id: string; event: string; key: string; ok: boolean; message: string | null }[]
  line_repairs: { order_id: string; ok: boolean; message: string | null }[]
  remaining: { as_of: string; summary: DriftSummary; count: number; drift: DescribedDrift[] }
}

/** `GET /admin/lot-tracking/kpis` */
export type LotKpis = {
  period: { from: string; to: string; days: number; time_zone: string; start: string; end: string }
  kpis: {
    traceability_rate: {
      rate: number | null
      units_with_lot: number
      shipped_units: number
      fulfillments: number
      untraced_items: (ItemLabelField & { inventory_item_id: string; sku: string | null; shipped_units: number; units_with_lot: number })[]
    }
    lot_accuracy_rate: {
      rate: number | null
      matching_pairs: number
      pairs: number
      mismatched_pairs: number
      mismatched_units: number
      mismatched_reserved_units: number
      as_of: string
      mismatches: (ItemLabelField & {
        inventory_item_id: string
        sku: string | null
        location_id: string
        location_name: string | null
        lot_stocked: number
        level_stocked: number
        unassigned: number
        lot_reserved: number
        level_reserved: number
        unexplained_reserved: number
      })[]
    }
    inventory_accuracy_rate: {
      rate: number | null
      matched_counts: number
      counts: number
      absolute_variance: number
      net_variance: number
    }
    expiration_loss: {
      rate: number | null
      expired_units: number
      expired_on_hand_units: number
      written_off_units: number
      available_units: number
      on_hand_at_start: number
      received_units: number
      value: {
        amount: number | null
        currency_code: string | null
        amounts: { currency_code: string; amount: number }[]
        at_cost_units: number
        at_price_units: number
        unvalued_units: number
      }
      items: (ItemLabelField & {
        inventory_item_id: string
        sku: string | null
        expired_units: number
        expired_on_hand_units: number
        written_off_units: number
        available_units: number
        rate: number | null
        at_cost_units: number
        at_price_units: number
        unvalued_units: number
        unit_price: number | null
        amounts: { currency_code: string; amount: number }[]
      })[]
    }
    recall_time: {
      recalls: number
      listed: number
      median_recall_time_ms: number | null
      max_recall_time_ms: number | null
      notified: number
      median_time_to_notify_ms: number | null
      max_time_to_notify_ms: number | null
      awaiting_notification: number
      none_reachable: number
    }
  }
}

/** A lot of `GET /admin/lot-tracking/expiry`: expired or expiring, with stock on hand. */
export type ExpiryLot = {
  id: string
  lot_number: string
  inventory_item_id: string
  inventory_item: InventoryItemRef | null
  status: LotStatus
  expires_at: string
  state: "expired" | "expiring"
  days_until_expiry: number
  warning_days: number
  stocked_quantity: number
  reserved_quantity: number
  available_quantity: number
  stock: LotStockRow[]
  announced: { expiring: string | null; expired: string | null }
}

/** `GET /admin/lot-tracking/expiry` */
export type ExpiryResponse = {
  today: string
  time_zone: string
  days: number | null
  summary: { expired: { lots: number; stocked_quantity: number }; expiring: { lots: number; stocked_quantity: number } }
  lots: ExpiryLot[]
  count: number
}

// Documents (docs/DOCUMENTS.md): pick lists and packing slips.
export type { PickList, PickListLine, PickListOrder, PickListShortfall } from "../lib/pick-list"

/** An order of `GET /admin/lot-tracking/pick-list/orders`: lots reserved, not shipped yet. */
export type PickListCandidateOrder = {
  id: string
  display_id: number | null
  email: string | null
  created_at: string
  reserved_quantity: number
  line_count: number
  shortfall_quantity: number
  location_names: string[]
}

/** Units of one lot on a packing slip line: shipped, or (order slip, not shipped yet) reserved. */
export type PackingSlipLot = {
  lot_id: string
  lot_number: string
  expires_at: string | null
  quantity: number
  status: "shipped" | "reserved"
  serial_numbers?: string[]
}

export type PackingSlipLine = {
  line_item_id: string
  product_title: string | null
  variant_title: string | null
  sku: string | null
  /** Ordered units (order slip) or units in the fulfilment (fulfilment slip). */
  quantity: number
  fulfilled_quantity: number
  lots: PackingSlipLot[]
}

export type PackingSlipAddress = {
  name: string | null
  company: string | null
  lines: string[]
  city: string | null
  postal_code: string | null
  province: string | null
  country_code: string | null
  phone: string | null
}

/** `GET /admin/lot-tracking/packing-slip` */
export type PackingSlip = {
  generated_at: string
  shop: { name: string | null }
  order: {
    id: string
    display_id: number | null
    created_at: string
    email: string | null
    status: string | null
    shipping_address: PackingSlipAddress | null
  }
  fulfillment: {
    id: string
    created_at: string
    packed_at: string | null
    shipped_at: string | null
    location_id: string
    location_name: string | null
  } | null
  lines: PackingSlipLine[]
}

/** One problem of one row of a CSV import: `row` as a spreadsheet numbers it (header = 1), `column` null for the whole row. */
export type LotImportRowError = { row: number; column: string | null; message: string }

/** `POST /admin/lot-tracking/imports`, `GET /admin/lot-tracking/imports/:id` (`import`), docs/IMPORT.md. */
export type LotImportResponse = {
  id: string
  mode: "receive" | "opening_balance" | "count"
  status: "preview" | "running" | "done" | "failed"
  file_name: string | null
  allow_expired: boolean
  total_rows: number
  valid_rows: number
  error_count: number
  /** The first 1000 row errors, in row order (error_count counts them all). */
  errors: LotImportRowError[]
  summary: {
    units: number
    lots_new: number
    lots_existing: number
    items: number
    locations: number
    by_location: { location_id: string; location_name: string | null; units: number }[]
    ignored_columns: string[]
  } | null
  /** Rows applied so far (running), of `total` (the valid rows). */
  processed: number
  total: number
  /** Why the apply failed (a failed import changed nothing). */
  failure: string | null
  created_at: string
  confirmed_at: string | null
  finished_at: string | null
}
