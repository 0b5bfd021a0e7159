import type { CalendarDate } from "../../lib/calendar-date"

import type { LotStatus } from "../../types/http"

export type { LotStatus } from "../../types/http"
export type LotStrategy = "fefo" | "fifo"

/** Plugin options (`plugins: [{ resolve: "medusa-plugin-lot-tracking", options }]`). */
export type LotTrackingOptions = {
  /** Strategy for items whose policy does not choose one. */
  default_strategy?: LotStrategy
  /** Days before expiry at which a lot counts as "expiring soon". */
  expiry_warning_days?: number
  /** Minimum shelf life left (days) for a lot to be allocated or shipped. */
  min_shelf_life_days?: number
  /** Whether tracked items must have an expiry date on every lot. */
  require_expiry?: boolean
  /** Pattern for generated lot numbers: {YYYY} {YY} {MM} {DD} {SEQ} {SEQ:n}. */
  lot_number_pattern?: string
  /** Pattern for generated serial numbers (serialized items without their own): same tokens. Default `SN-{YYYY}-{SEQ:6}`. */
  serial_number_pattern?: string
  /** IANA time zone in which calendar days (expiry) are counted. */
  time_zone?: string
  /**
   * When true, the expiry watch job writes off the unreserved units of
   * expired lots itself (reason `expired`). Off by default: the job then only
   * announces them.
   */
  auto_write_off_expired?: boolean
  /**
   * When true, units of lots below their item's minimum shelf life are held
   * back from sale too. Off by default: allocation skips such lots, but the
   * storefront may still sell their units (the order then waits for fresher
   * stock as a shortfall).
   */
  hold_short_shelf_life?: boolean
  /**
   * How long (seconds) a lot operation waits for the inventory item lock
   * before answering 409 "try again". Default 30.
   */
  lock_timeout_seconds?: number
  /**
   * When false, the plugin registers no handler for Medusa's order hooks
   * (fulfilment created / canceled, order canceled) and the shop calls the
   * exported handlers from its own (Medusa allows one handler per hook).
   * Read at load time by src/workflows/hooks/core-hooks-enabled.ts.
   */
  core_hooks?: boolean
  /**
   * What a GS1 scan's AI 10 (batch/lot) fills on a receipt: false (default)
   * the lot number; true the supplier lot code (when the shop numbers its
   * own lots and keeps the supplier's code beside them).
   */
  gs1_lot_is_supplier_code?: boolean
  /** Hours an `Idempotency-Key` answer is kept (at least 24). Default 48. */
  idempotency_key_hours?: number
  /**
   * The public address of this Medusa server (scheme and host, no trailing
   * slash), used for links the plugin prints or mails: a lot's GS1 Digital
   * Link (`{public_url}/lot/01/{gtin}/10/{lot}`, a page the plugin serves) and
   * a recall notice's acknowledgement link. Default: `MEDUSA_BACKEND_URL`, else
   * `http://localhost:9000`.
   */
  public_url?: string
  /**
   * Where a recall notice's acknowledgement link points, with `{token}` in it:
   * a storefront page that calls `GET/POST /store/lot-recalls/notices/:token`.
   * Default: the page the plugin serves, `{public_url}/lot-recall/{token}`.
   */
  acknowledgement_url_template?: string
}

export type ResolvedLotTrackingOptions = Required<LotTrackingOptions>

export type EffectivePolicy = {
  inventory_item_id: string
  tracked: boolean
  strategy: LotStrategy
  min_shelf_life_days: number
  expiry_warning_days: number
  require_expiry: boolean
  /** Serials (docs/SERIALS.md). */
  serialized: boolean
  serial_pattern: string
  serial_capture: "required" | "auto"
  serial_scope: "item" | "global"
  /** True when no policy row exists and everything comes from the plugin options. */
  is_default: boolean
}

export type { ItemLocation } from "../../lib/allocation-ops"

export type StockChange = {
  lot_id: string
  location_id: string
  /** Signed change of stocked units. */
  stocked: number
  /** Signed change of reserved units. */
  reserved?: number
  /** The shelf the lot's units sit on at the location: set when given (null clears it), else kept. */
  bin?: string | null
}

export type StockRow = {
  id: string
  lot_id: string
  location_id: string
  stocked_quantity: number
  reserved_quantity: number
  /** Only when the change named a bin: the row's bin and units before it (compensation, put-away movements). */
  bin?: string | null
  previous?: { bin: string | null; stocked_quantity: number } | null
}

export type LotListFilters = {
  /** Lot number or supplier lot code contains it (no case). */
  q?: string
  supplier_lot_code?: string[]
  /** Lots with a stock row in one of these bins (at `location_id`, when given). */
  bin?: string[]
  id?: string[]
  inventory_item_id?: string[]
  location_id?: string[]
  status?: LotStatus[]
  expires_before?: CalendarDate
  expires_after?: CalendarDate
  expired?: boolean
  has_stock?: boolean
}

export type LotListConfig = {
  skip: number
  take: number
  order?: string
  today: CalendarDate
}

export type LotWithTotals = {
  id: string
  inventory_item_id: string
  lot_number: string
  manufactured_at: string | null
  expires_at: string | null
  best_before: string | null
  received_at: Date
  supplier: string | null
  supplier_lot_code: string | null
  origin: string | null
  /** Cost of one unit given at receipt, in `unit_cost_currency_code` (the store's default currency then). */
  unit_cost: number | null
  unit_cost_currency_code: string | null
  status: LotStatus
  metadata: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
  stocked_quantity: number
  reserved_quantity: number
  available_quantity: number
}
