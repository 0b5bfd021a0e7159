import { createHash } from "crypto"

/**
 * EPCIS 2.0 (GS1's event standard, JSON-LD binding) from the lot ledger and
 * the shipments: pure mapping, one function per kind of row. The read model
 * (`src/read-models/epcis-events.ts`) pages the rows and the routes stream the
 * document; docs/RECALLS.md "EPCIS 2.0 export" says which movement becomes
 * which event and how places and parties are named.
 *
 * Vocabulary is CBV 2.0's bare words (`receiving`, `in_transit`, `po`...),
 * which the EPCIS 2.0 JSON-LD context expands.
 */

export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

export type EpcisOptions = {
  /** The plugin's `public_url` (scheme and host, no trailing slash): names what has no GS1 key. */
  public_url: string
  /** The plugin's `time_zone` (IANA): every event's `eventTimeZoneOffset`. */
  time_zone: string
}

/** A lot as the events name it: the GTIN (14 digits) of its item's variant when there is one. */
export type EpcisLot = {
  id: string
  lot_number: string
  inventory_item_id: string
  gtin: string | null
  expires_at?: string | null
  best_before?: string | null
}

/** One line of `lot_movement`, with what the read model joined to it. */
export type EpcisLedgerRow = {
  id: string
  lot_id: string
  type: string
  quantity: number
  location_id: string | null
  reason?: string | null
  reference_type?: string | null
  reference_id?: string | null
  created_at: Date | string
  metadata?: Record<string, unknown> | null
  /** Returns: the order's customer (an id, never a name or an address). */
  customer_id?: string | null
}

/** One shipment: the units of one lot that left in one fulfilment for one order line (`lot_allocation`, fulfilled). */
export type EpcisShipmentRow = {
  allocation_id: string
  lot_id: string
  location_id: string
  order_id: string
  customer_id: string | null
  fulfillment_id: string | null
  quantity: number
  fulfilled_at: Date | string | null
  shipped_at?: Date | string | null
}

/** GLNs of stock locations (from `stock_location.metadata.gln`), by location id. */
export type LocationGlns = ReadonlyMap<string, string>

type Source = { type: "owning_party" | "possessing_party" | "location"; source: string }
type Destination = { type: "owning_party" | "possessing_party" | "location"; destination: string }

export type EpcisObjectEvent = {
  type: "ObjectEvent"
  eventTime: string
  eventTimeZoneOffset: string
  eventID: string
  epcList: string[]
  quantityList?: { epcClass: string; quantity?: number }[]
  action: "ADD" | "OBSERVE" | "DELETE"
  bizStep: string
  disposition?: string
  readPoint?: { id: string }
  bizLocation?: { id: string }
  bizTransactionList?: { type: string; bizTransaction: string }[]
  sourceList?: Source[]
  destinationList?: Destination[]
  ilmd?: Record<string, string>
}

/** RFC 4122 namespace (a v4 UUID chosen once) for the plugin's name-based event ids: never change it. */
const EVENT_ID_NAMESPACE = "6f1c3b4e-8a52-4d0e-9b7a-2f64d1e0c9a3"

/**
 * A name-based (version 5, SHA-1) UUID: the same name always gives the same
 * id, so an event keeps its `eventID` across exports and a receiver can drop
 * the duplicates of a second export.
 */
export function uuidV5(name: string, namespace = EVENT_ID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex")
  const hash = createHash("sha1").update(Buffer.concat([ns, Buffer.from(name, "utf8")])).digest()
  const b = hash.subarray(0, 16)
  b[6] = (b[6] & 0x0f) | 0x50
  b[8] = (b[8] & 0x3f) | 0x80
  const hex = b.toString("hex")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * `urn:uuid:` from the row the event comes from. Not `ni:///sha-256;...`: in
 * CBV 2.0 that form is the hash of the event's canonical content, which
 * these ids are not (a shipment's time may still change when it is marked
 * shipped).
 */
export function eventId(kind: "movement" | "shipment", rowId: string): string {
  return `urn:uuid:${uuidV5(`lot_tracking:${kind}:${rowId}`)}`
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>()

/** The UTC offset (`+01:00`) of a time zone at an instant: daylight saving makes it depend on the instant. */
export function timeZoneOffset(instant: Date, timeZone: string): string {
  let format = offsetFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    offsetFormats.set(timeZone, format)
  }
  const name = format.formatToParts(instant).find((p) => p.type === "timeZoneName")?.value ?? "GMT"
  const m = /GMT([+-])(\d{1,2})(?::?(\d{2}))?/.exec(name)
  if (!m) {
    return "+00:00"
  }
  return `${m[1]}${m[2].padStart(2, "0")}:${m[3] ?? "00"}`
}

/**
 * The class of a lot's units: GS1's lot-level class as a Digital Link
 * (`https://id.gs1.org/01/{gtin}/10/{lot}`) when the item's variant has a
 * GTIN; else a URI of the item's lot under the shop's address (a receiver
 * cannot resolve it as a GS1 key).
 */
export function epcClassOf(lot: EpcisLot, options: EpcisOptions): string {
  const lotPart = encodeURIComponent(lot.lot_number)
  return lot.gtin
    ? `https://id.gs1.org/01/${lot.gtin}/10/${lotPart}`
    : `${options.public_url}/items/${encodeURIComponent(lot.inventory_item_id)}/lots/${lotPart}`
}

/**
 * A stock location: its GLN as a Digital Link (`https://id.gs1.org/414/{gln}`)
 * when the location's metadata carries one, else `{public_url}/locations/{id}`.
 */
export function locationUri(locationId: string, options: EpcisOptions, glns?: LocationGlns): string {
  const gln = glns?.get(locationId)
  return gln ? `https://id.gs1.org/414/${gln}` : `${options.public_url}/locations/${encodeURIComponent(locationId)}`
}

/** A GLN as stored by a merchant: 13 digits with a valid check digit, else null. */
export function normalizeGln(value: unknown): string | null {
  const v = typeof value === "string" ? value.trim() : ""
  if (!/^\d{13}$/.test(v)) {
    return null
  }
  let sum = 0
  for (let i = 11, w = 3; i >= 0; i--, w = 4 - w) {
    sum += Number(v[i]) * w
  }
  return (10 - (sum % 10)) % 10 === Number(v[12]) ? v : null
}

/** The merchant as a party (owner of the goods until they ship): the shop's address. */
const shopParty = (options: EpcisOptions) => options.public_url

/**
 * A customer as a party: an opaque URI of the customer's id (a guest: of the
 * order), never a name, an email or an address.
 */
export function customerParty(customerId: string | null | undefined, orderId: string | null | undefined, options: EpcisOptions): string | null {
  if (customerId) {
    return `${options.public_url}/customers/${encodeURIComponent(customerId)}`
  }
  return orderId ? `${options.public_url}/orders/${encodeURIComponent(orderId)}/customer` : null
}

const orderUri = (orderId: string, options: EpcisOptions) => `${options.public_url}/orders/${encodeURIComponent(orderId)}`

const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value))

function base(
  instant: Date | string,
  id: string,
  lot: EpcisLot,
  quantity: number | null,
  options: EpcisOptions
): Pick<EpcisObjectEvent, "type" | "eventTime" | "eventTimeZoneOffset" | "eventID" | "epcList" | "quantityList"> {
  const at = toDate(instant)
  const element: { epcClass: string; quantity?: number } = { epcClass: epcClassOf(lot, options) }
  if (quantity !== null) {
    element.quantity = quantity
  }
  return {
    type: "ObjectEvent",
    eventTime: at.toISOString(),
    eventTimeZoneOffset: timeZoneOffset(at, options.time_zone),
    eventID: id,
    epcList: [],
    quantityList: [element],
  }
}

/** Where it happened, as both read point and business location. */
function at(locationId: string | null, options: EpcisOptions, glns?: LocationGlns) {
  if (!locationId) {
    return {}
  }
  const id = locationUri(locationId, options, glns)
  return { readPoint: { id }, bizLocation: { id } }
}

/** The lot's instance/lot master data on the event that brings its units in (CBV master data attributes). */
function lotIlmd(lot: EpcisLot): Record<string, string> {
  const ilmd: Record<string, string> = { "cbvmda:lotNumber": lot.lot_number }
  if (lot.expires_at) {
    ilmd["cbvmda:itemExpirationDate"] = lot.expires_at
  }
  if (lot.best_before) {
    ilmd["cbvmda:bestBeforeDate"] = lot.best_before
  }
  return ilmd
}

/** Both ends of a transfer, from its reference (`{from}>{to}`, see the transfer workflow). */
export function transferEnds(referenceId: string | null | undefined): { from: string; to: string } | null {
  const [from, to, ...rest] = (referenceId ?? "").split(">")
  return from && to && !rest.length ? { from, to } : null
}

/** The ledger types that become events; the others (reservations, counts, bins, edits, status changes) do not. */
export const EPCIS_LEDGER_TYPES = [
  "received",
  "opening_balance",
  "transferred_out",
  "transferred_in",
  "written_off",
  "returned",
  "return_damaged",
  "return_awaiting_lot",
  "recalled",
] as const

/**
 * One ledger line as an event, or null for the lines that are no movement of
 * goods in EPCIS terms. Shipments are not read from the ledger but from the
 * shipments themselves (`shipmentEvent`): a canceled fulfilment never left.
 */
export function ledgerEvent(row: EpcisLedgerRow, lot: EpcisLot, options: EpcisOptions, glns?: LocationGlns): EpcisObjectEvent | null {
  const id = eventId("movement", row.id)
  const units = Math.abs(Number(row.quantity))
  switch (row.type) {
    case "received":
      return {
        ...base(row.created_at, id, lot, units, options),
        action: "ADD",
        bizStep: "receiving",
        disposition: "in_progress",
        ...at(row.location_id, options, glns),
        ilmd: lotIlmd(lot),
      }
    case "opening_balance":
      // Units already on the shelf when the item started to be tracked: counted into the books, not delivered.
      return {
        ...base(row.created_at, id, lot, units, options),
        action: "ADD",
        bizStep: "stock_taking",
        disposition: "in_progress",
        ...at(row.location_id, options, glns),
        ilmd: lotIlmd(lot),
      }
    case "transferred_out":
    case "transferred_in": {
      const ends = transferEnds(row.reference_id)
      const out = row.type === "transferred_out"
      const here = row.location_id
      const event: EpcisObjectEvent = {
        ...base(row.created_at, id, lot, units, options),
        action: "OBSERVE",
        bizStep: out ? "departing" : "receiving",
        disposition: out ? "in_transit" : "in_progress",
        ...(out ? (here ? { readPoint: { id: locationUri(here, options, glns) } } : {}) : at(here, options, glns)),
      }
      if (ends) {
        event.sourceList = [{ type: "location", source: locationUri(ends.from, options, glns) }]
        event.destinationList = [{ type: "location", destination: locationUri(ends.to, options, glns) }]
      }
      return event
    }
    case "written_off":
      return {
        ...base(row.created_at, id, lot, units, options),
        action: "DELETE",
        bizStep: "destroying",
        disposition: "destroyed",
        ...at(row.location_id, options, glns),
      }
    case "returned":
    case "return_damaged":
    case "return_awaiting_lot": {
      // Damaged returns move no stock: their units are in the metadata.
      const returnedUnits = row.type === "return_damaged" ? Math.abs(Number(row.metadata?.units ?? 0)) : units
      const orderId = typeof row.metadata?.order_id === "string" ? row.metadata.order_id : null
      const event: EpcisObjectEvent = {
        ...base(row.created_at, id, lot, returnedUnits || null, options),
        action: "OBSERVE",
        bizStep: "receiving",
        disposition: row.type === "return_damaged" ? "damaged" : "returned",
        ...at(row.location_id, options, glns),
      }
      const transactions: { type: string; bizTransaction: string }[] = []
      if (orderId) {
        transactions.push({ type: "po", bizTransaction: orderUri(orderId, options) })
      }
      if (row.reference_type === "return" && row.reference_id) {
        transactions.push({ type: "rma", bizTransaction: `${options.public_url}/returns/${encodeURIComponent(row.reference_id)}` })
      }
      if (transactions.length) {
        event.bizTransactionList = transactions
      }
      const customer = customerParty(row.customer_id, orderId, options)
      if (customer) {
        event.sourceList = [{ type: "owning_party", source: customer }]
        event.destinationList = [{ type: "owning_party", destination: shopParty(options) }]
      }
      return event
    }
    case "recalled":
      // The lot is held under a recall: the whole class, so no quantity.
      return {
        ...base(row.created_at, id, lot, null, options),
        action: "OBSERVE",
        bizStep: "holding",
        disposition: "recalled",
        ...at(row.location_id, options, glns),
      }
    default:
      return null
  }
}

/**
 * One unit of a lot (a serialized item): SGTIN as a Digital Link
 * (`https://id.gs1.org/01/{gtin}/21/{serial}`) with a GTIN, else a URI under
 * the shop's address.
 */
export function unitUri(lot: EpcisLot, serialNumber: string, options: EpcisOptions): string {
  const serial = encodeURIComponent(serialNumber)
  return lot.gtin
    ? `https://id.gs1.org/01/${lot.gtin}/21/${serial}`
    : `${options.public_url}/items/${encodeURIComponent(lot.inventory_item_id)}/serials/${serial}`
}

/**
 * A recall by serial holds units, not the lot (the ledger has no line for
 * it): one event per lot at the recall's opening, listing its units.
 */
export function serialRecallEvent(
  input: { recall_id: string; opened_at: Date | string; serial_numbers: string[] },
  lot: EpcisLot,
  options: EpcisOptions
): EpcisObjectEvent {
  const { quantityList: _whole, ...event } = base(input.opened_at, eventId("movement", `serial-recall:${input.recall_id}:${lot.id}`), lot, null, options)
  return {
    ...event,
    epcList: [...new Set(input.serial_numbers)].map((n) => unitUri(lot, n, options)),
    action: "OBSERVE",
    bizStep: "holding",
    disposition: "recalled",
  }
}

/** When a shipment left: when it was marked shipped, else when it was fulfilled (packed for shipping). */
export function shipmentTime(row: Pick<EpcisShipmentRow, "fulfilled_at" | "shipped_at">): Date | null {
  const t = row.shipped_at ?? row.fulfilled_at
  return t ? toDate(t) : null
}

/** A shipment to a customer: units of the lot leave the shop's location for the customer. */
export function shipmentEvent(row: EpcisShipmentRow, lot: EpcisLot, options: EpcisOptions, glns?: LocationGlns): EpcisObjectEvent | null {
  const when = shipmentTime(row)
  if (!when) {
    return null
  }
  const event: EpcisObjectEvent = {
    ...base(when, eventId("shipment", row.allocation_id), lot, Number(row.quantity), options),
    action: "OBSERVE",
    bizStep: "shipping",
    disposition: "in_transit",
    readPoint: { id: locationUri(row.location_id, options, glns) },
    bizTransactionList: [
      { type: "po", bizTransaction: orderUri(row.order_id, options) },
      ...(row.fulfillment_id
        ? [{ type: "desadv", bizTransaction: `${options.public_url}/fulfillments/${encodeURIComponent(row.fulfillment_id)}` }]
        : []),
    ],
    sourceList: [
      { type: "owning_party", source: shopParty(options) },
      { type: "location", source: locationUri(row.location_id, options, glns) },
    ],
  }
  const customer = customerParty(row.customer_id, row.order_id, options)
  if (customer) {
    event.destinationList = [{ type: "owning_party", destination: customer }]
  }
  return event
}

/** The time an event sorts by (its `eventTime`). */
export const eventInstant = (event: EpcisObjectEvent): number => Date.parse(event.eventTime)

/** The document around the events, split where the event list goes so that the events can be streamed between. */
export function epcisDocumentFrame(creationDate: Date): { head: string; tail: string } {
  const head = {
    "@context": [EPCIS_CONTEXT],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate: creationDate.toISOString(),
  }
  const json = JSON.stringify(head)
  return { head: `${json.slice(0, -1)},"epcisBody":{"eventList":[`, tail: "]}}" }
}

/** A whole document (tests, small exports): the same bytes the stream writes. */
export function epcisDocument(events: EpcisObjectEvent[], creationDate: Date): Record<string, unknown> {
  const { head, tail } = epcisDocumentFrame(creationDate)
  return JSON.parse(head + events.map((e) => JSON.stringify(e)).join(",") + tail)
}

/** A file name for the download from a lot number or recall reference: letters, digits, dot, dash, underscore. */
export function epcisFileName(kind: "lot" | "recall", name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(0, 80) || kind
  return `${kind}-${safe}.epcis.jsonld`
}
