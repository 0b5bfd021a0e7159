import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import { databaseState, daysFromToday, expectInvariant, receiveLot, seedLotTestStore } from "../helpers/fixtures"
import { fulfillOrder, placeOrder } from "../helpers/orders"
import { waitFor } from "../helpers/race"
import type { DemoStore } from "../../src/scripts/demo/store"
import { lotService } from "../../src/modules/lot_tracking/resolve"

jest.setTimeout(240 * 1000)

/** The shampoo's EAN-13, kept in the variant's barcode field; its Digital Link carries it as a GTIN-14. */
const EAN13 = "4006381333931"
const GTIN14 = "04006381333931"
/** A UPC-A for the product sold only through the wholesale channel. */
const UPC = "036000291452"
const UPC_GTIN14 = "00036000291452"

const INTERNAL_REASON = "Supplier audit 2026-11: Pseudomonas found in tank 3 (do not disclose)"
const PUBLIC_REASON = "Possible contamination <b>& mould</b>"

/** YYMMDD of a calendar date. */
const yymmdd = (date: string) => date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let paris: { id: string }
    let shampoo: DemoStore["products"][number]
    let vitamins: DemoStore["products"][number]
    let pk: Record<string, string>

    const get = (url: string, headers: Record<string, string> = {}) => api.get(url, { headers }).catch((e) => e.response)
    const post = (url: string, body: unknown, headers = admin) => api.post(url, body, { headers }).catch((e) => e.response)
    const check = (path: string, headers = pk) => get(`/store/lot-tracking/digital-link${path}`, headers)

    async function receive(product: DemoStore["products"][number], lot_number: string, expiresIn: number, quantity: number, extra: Record<string, unknown> = {}) {
      return receiveLot(getContainer(), {
        inventory_item_id: product.inventoryItemId,
        lot_number,
        expires_in_days: expiresIn,
        location_id: paris.id,
        quantity,
        ...extra,
      })
    }

    /** The variant's GTIN, set as a merchant does in the product page. */
    async function setVariantCodes(product: { productId: string; variantId: string }, codes: Record<string, string | null>) {
      const res = await post(`/admin/products/${product.productId}/variants/${product.variantId}`, codes)
      expect(res.status).toEqual(200)
    }

    beforeEach(async () => {
      const seeded = await seedLotTestStore(getContainer())
      ;({ store, admin, paris } = seeded)
      shampoo = seeded.product("SHAMPOO-ARGAN-250")
      vitamins = seeded.product("VITC-1000-60")
      pk = { "x-publishable-api-key": store.publishableKey }
      await setVariantCodes(shampoo, { barcode: EAN13 })
    })

    /** A product sold only through a second sales channel, with its own publishable key. */
    async function wholesaleProduct(container: MedusaContainer) {
      const { result: channels } = await createSalesChannelsWorkflow(container).run({ input: { salesChannelsData: [{ name: "Wholesale" }] } })
      const { result: keys } = await createApiKeysWorkflow(container).run({
        input: { api_keys: [{ title: "Wholesale portal", type: "publishable", created_by: "" }] },
      })
      await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: keys[0].id, add: [channels[0].id] } })
      const { result: products } = await createProductsWorkflow(container).run({
        input: {
          products: [
            {
              title: "Bulk Shampoo Refill 5 l",
              status: "published",
              options: [{ title: "Format", values: ["5 l"] }],
              variants: [{ title: "5 l", sku: "SHAMPOO-REFILL-5L", upc: UPC, options: { Format: "5 l" }, manage_inventory: true, prices: [] }],
              sales_channels: [{ id: channels[0].id }],
            },
          ],
        },
      })
      const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
        entity: "product_variant",
        fields: ["id", "inventory_items.inventory_item_id"],
        filters: { product_id: products[0].id },
      })
      return {
        productId: products[0].id,
        variantId: data[0].id as string,
        inventoryItemId: (data[0] as any).inventory_items[0].inventory_item_id as string,
        sku: "SHAMPOO-REFILL-5L",
        key: { "x-publishable-api-key": keys[0].token as string },
      }
    }

    describe("the store route", () => {
      it("finds the product by its GTIN in any length, the lot by number or supplier code, and says whether the batch is recalled — never who bought it", async () => {
        const container = getContainer()
        const good = await receive(shampoo, "SH-OK-1", 100, 10, { supplier_lot_code: "DUR 2026.118" })
        // The bad batch expires first: FEFO ships it to the customer below.
        const bad = await receive(shampoo, "SH-BAD-1", 50, 10)
        const old = await receive(shampoo, "SH-OLD-1", -3, 2, { allow_expired: true })

        // A good batch: the GTIN-13 of the barcode field is found through the GTIN-14 of the link.
        const ok = await check(`/01/${GTIN14}/10/SH-OK-1`)
        expect(ok.status).toEqual(200)
        expect(ok.data).toEqual({
          gtin: GTIN14,
          lot_code: "SH-OK-1",
          status: "ok",
          product: { title: "Argan Repair Shampoo 250 ml", thumbnail: null, variant_title: "Default" },
          lot: { lot_number: "SH-OK-1", expires_at: daysFromToday(100), expired: false, best_before: null },
          recalled: false,
          recall: null,
        })
        // The same GTIN written as 13 digits in the link, and the batch by the supplier's code, exact or as typed.
        expect((await check(`/01/${EAN13}/10/SH-OK-1`)).data.lot.lot_number).toEqual("SH-OK-1")
        expect((await check(`/01/${GTIN14}/10/DUR2026.118`)).data.lot.lot_number).toEqual("SH-OK-1")
        expect((await check(`/01/${GTIN14}/10/sh-ok.1`)).data).toEqual(expect.objectContaining({ lot_code: "sh-ok.1", status: "ok", lot: expect.objectContaining({ lot_number: "SH-OK-1" }) }))
        // The serial form and the expiry attribute.
        const unit = await check(`/01/${GTIN14}/10/SH-OK-1/21/A%2F7?17=${yymmdd(daysFromToday(100))}`)
        expect(unit.status).toEqual(200)
        expect(unit.data).toEqual(expect.objectContaining({ serial: "A/7", status: "ok", expiry_matches: true }))
        const other = await check(`/01/${GTIN14}/10/SH-OK-1?17=${yymmdd(daysFromToday(101))}&3103=000250&linkType=gs1:pip`)
        expect([other.status, other.data.message]).toEqual([200, undefined])
        expect(other.data.expiry_matches).toBe(false)

        // A batch this shop does not know, and an expired one.
        const unknown = await check(`/01/${GTIN14}/10/SH-NOPE`)
        expect(unknown.status).toEqual(200)
        expect(unknown.data).toEqual(expect.objectContaining({ status: "unknown_lot", lot: null, recalled: false, recall: null }))
        const expired = await check(`/01/${GTIN14}/10/SH-OLD-1`)
        expect(expired.data).toEqual(expect.objectContaining({ status: "expired", lot: expect.objectContaining({ expired: true }), recalled: false }))
        expect(old.id).toBeTruthy()

        // A customer received units of the bad batch; then the batch is recalled.
        const email = "camille.digital@lot-tracking.test"
        const order = await placeOrder(api, store, { items: [{ variant_id: shampoo.variantId, quantity: 2 }], email })
        await waitFor(async () => (await get(`/admin/orders/${order.id}/lots`, admin)).data.order_lots.lines[0].reserved_quantity > 0, "the order's lots")
        const shipped = await fulfillOrder(api, admin, order.id, { items: [{ id: order.items[0].id, quantity: 2 }], location_id: paris.id })
        expect(shipped.status).toEqual(200)
        const { data: trace } = await get(`/admin/lots/${bad.id}/trace`, admin)
        expect(trace.shipments.map((s: any) => [s.order.id, s.quantity])).toEqual([[order.id, 2]])
        const opened = await post("/admin/recalls", { lot_ids: [bad.id], reason: INTERNAL_REASON, public_reason: PUBLIC_REASON, classification: "II" })
        expect(opened.status).toEqual(201)
        const reference = opened.data.recall.reference

        const recalled = await check(`/01/${GTIN14}/10/SH-BAD-1?17=${yymmdd(daysFromToday(50))}`)
        expect(recalled.status).toEqual(200)
        expect(recalled.data).toEqual({
          gtin: GTIN14,
          lot_code: "SH-BAD-1",
          status: "recalled",
          product: { title: "Argan Repair Shampoo 250 ml", thumbnail: null, variant_title: "Default" },
          lot: { lot_number: "SH-BAD-1", expires_at: daysFromToday(50), expired: false, best_before: null },
          expiry_matches: true,
          recalled: true,
          recall: { reference, public_reason: PUBLIC_REASON, instructions: expect.stringMatching(/^Stop using this product/), opened_at: expect.any(String) },
        })
        const body = JSON.stringify(recalled.data)
        for (const secret of ["Pseudomonas", email, "@", order.id, "cus_", "order"]) {
          expect([secret, body.includes(secret)]).toEqual([secret, false])
        }
        // The good batch of the same product is not concerned.
        expect((await check(`/01/${GTIN14}/10/SH-OK-1`)).data.status).toEqual("ok")
        expect(good.id).toBeTruthy()

        await expectInvariant(container, shampoo.inventoryItemId)
      })

      it("refuses what is not a GS1 Digital Link with a 400 that says what is wrong, and changes nothing", async () => {
        const container = getContainer()
        await receive(shampoo, "SH-OK-1", 100, 5)
        const before = await databaseState(container)
        const cases: [string, RegExp][] = [
          [`/01/04006381333932/10/SH-OK-1`, /GTIN 04006381333932 has a wrong check digit \(the last digit should be 1\)/],
          [`/01/123/10/SH-OK-1`, /GTIN 123 has 3 digits; a GTIN has 8, 12, 13 or 14/],
          [`/01/40063813339x1/10/SH-OK-1`, /GTIN 40063813339x1 must be digits only/],
          [`/01/${GTIN14}/10/ABCDEFGHIJKLMNOPQRSTU`, /batch\/lot code ABCDEFGHIJKLMNOPQRSTU has 21 characters; a GS1 batch\/lot code has at most 20/],
          [`/01/${GTIN14}/10/SH%20OK`, /batch\/lot code SH OK contains characters a GS1 code cannot carry \(a blank\)/],
          [`/01/${GTIN14}/10/SH-OK-1/21/%C3%A9t%C3%A9`, /serial number été contains characters a GS1 code cannot carry/],
          [`/01/${GTIN14}/10/SH-OK-1?17=271340`, /17 \(expiry date\) 271340 is not a date/],
          [`/01/${GTIN14}/10/SH-OK-1?17=2712`, /17 \(expiry date\) must be one date written YYMMDD/],
        ]
        for (const [path, message] of cases) {
          const res = await check(path)
          expect([path, res.status, res.data.message]).toEqual([path, 400, expect.stringMatching(message)])
        }
        // Every /store route needs a publishable key.
        const noKey = await get(`/store/lot-tracking/digital-link/01/${GTIN14}/10/SH-OK-1`)
        expect(noKey.status).toEqual(400)
        expect(noKey.data.message).toMatch(/Publishable API key required/)
        expect(await databaseState(container)).toEqual(before)
        await expectInvariant(container, shampoo.inventoryItemId)
      })

      it("does not disclose products outside the key's sales channels: they answer as unknown GTINs", async () => {
        const container = getContainer()
        const wholesale = await wholesaleProduct(container)
        await receiveLot(container, { inventory_item_id: wholesale.inventoryItemId, lot_number: "RF-1", expires_in_days: 300, location_id: paris.id, quantity: 4 })

        const hidden = await check(`/01/${UPC_GTIN14}/10/RF-1`)
        const nothing = await check(`/01/00000096385074/10/RF-1`) // a valid GTIN-8 no product has
        expect([hidden.status, nothing.status]).toEqual([404, 404])
        expect(hidden.data.message).toEqual(`No product with GTIN ${UPC_GTIN14} is sold in this store`)
        expect(nothing.data.message).toEqual("No product with GTIN 00000096385074 is sold in this store")
        expect(JSON.stringify(hidden.data)).not.toMatch(/Refill|RF-1/)

        // The wholesale portal's key sees it (UPC-A in the upc field, GTIN-12 in the link).
        const seen = await check(`/01/${UPC}/10/RF-1`, wholesale.key)
        expect(seen.status).toEqual(200)
        expect(seen.data).toEqual(expect.objectContaining({ gtin: UPC_GTIN14, status: "ok", product: expect.objectContaining({ title: "Bulk Shampoo Refill 5 l" }) }))
        // And the wholesale key does not see the shop's shampoo.
        expect((await check(`/01/${GTIN14}/10/SH-OK-1`, wholesale.key)).status).toEqual(404)
        // The page (no key) answers for the store's default channel only.
        expect((await get(`/lot/01/${UPC_GTIN14}/10/RF-1`)).status).toEqual(404)

        await expectInvariant(container, wholesale.inventoryItemId)
      })
    })

    describe("the batch-check page", () => {
      it("shows a recalled batch in red with the public reason and what to do, a good batch in green, escaped, for the default sales channel", async () => {
        const container = getContainer()
        const bad = await receive(shampoo, "SH-BAD-2", 200, 6)
        await receive(shampoo, "SH-OK-2", 120, 6)
        const opened = await post("/admin/recalls", { lot_ids: [bad.id], reason: INTERNAL_REASON, public_reason: PUBLIC_REASON })
        expect(opened.status).toEqual(201)

        const page = await get(`/lot/01/${GTIN14}/10/SH-BAD-2`)
        expect(page.status).toEqual(200)
        expect(page.headers["content-type"]).toMatch(/^text\/html; charset=utf-8/)
        expect(page.headers["cache-control"]).toEqual("no-store")
        expect(page.headers["content-security-policy"]).toMatch(/default-src 'none'/)
        const html: string = page.data
        expect(html).toMatch(/^<!doctype html>\n<html lang="en">/)
        expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
        expect(html).toContain("This batch is recalled — do not use")
        expect(html).toContain("Possible contamination &lt;b&gt;&amp; mould&lt;/b&gt;")
        expect(html).not.toContain("<b>")
        expect(html).toContain(`Recall ${opened.data.recall.reference}`)
        expect(html).toContain("What to do")
        expect(html).not.toContain("Pseudomonas")
        expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org)/)

        const good = await get(`/lot/01/${EAN13}/10/SH-OK-2?17=${yymmdd(daysFromToday(120))}`)
        expect(good.status).toEqual(200)
        expect(good.data).toContain("No recall for this batch")
        expect(good.data).toContain("Argan Repair Shampoo 250 ml")
        expect(good.data).not.toContain("expiry-mismatch")
        const mismatch = await get(`/lot/01/${GTIN14}/10/SH-OK-2/21/U-1?17=${yymmdd(daysFromToday(90))}`)
        expect(mismatch.status).toEqual(200)
        expect(mismatch.data).toContain('data-testid="expiry-mismatch"')
        expect(mismatch.data).toContain("<dt>Serial number</dt><dd>U-1</dd>")

        const unknownLot = await get(`/lot/01/${GTIN14}/10/SH-%3Cb%3E`)
        expect(unknownLot.status).toEqual(200)
        expect(unknownLot.data).toContain("No batch SH-&lt;b&gt; of this product is on record")

        const badCode = await get(`/lot/01/04006381333932/10/SH-OK-2`)
        expect(badCode.status).toEqual(400)
        expect(badCode.headers["content-type"]).toMatch(/^text\/html/)
        expect(badCode.data).toContain("wrong check digit")
        const noProduct = await get(`/lot/01/00000096385074/10/SH-OK-2`)
        expect(noProduct.status).toEqual(404)
        expect(noProduct.data).toContain("Product not found")

        // A product the store does not sell in its default channel: not found either (the vitamins have no GTIN).
        expect(vitamins.sku).toEqual("VITC-1000-60")
        await expectInvariant(container, shampoo.inventoryItemId)
      })
    })

    describe("the admin's Digital Link", () => {
      it("gives a lot's Digital Link under the shop's public URL with its QR code, and says why when there is none", async () => {
        const container = getContainer()
        const { public_url } = await lotService(container).getOptions()
        const lot = await receive(shampoo, "SH-QR-1", 150, 3)

        const res = await get(`/admin/lots/${lot.id}/digital-link`, admin)
        expect(res.status).toEqual(200)
        expect(res.data).toEqual({
          url: `${public_url}/lot/01/${GTIN14}/10/SH-QR-1`,
          gtin: GTIN14,
          lot_code: "SH-QR-1",
          gtin_field: "barcode",
          variant_id: shampoo.variantId,
          svg: expect.stringMatching(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"[\s\S]*<path[\s\S]*<\/svg>\s*$/),
        })
        // The link opens the page of that batch.
        const page = await get(new URL(res.data.url).pathname)
        expect(page.status).toEqual(200)
        expect(page.data).toContain("No recall for this batch")

        // A code with characters a link cannot carry; an item whose variant has no GTIN; an unknown lot.
        const spaced = await receive(shampoo, "SH QR 2", 150, 1)
        const noCarry = await get(`/admin/lots/${spaced.id}/digital-link`, admin)
        expect(noCarry.status).toEqual(409)
        expect(noCarry.data.message).toMatch(/Lot SH QR 2 has no GS1 Digital Link: the batch\/lot code SH QR 2 contains characters a GS1 code cannot carry \(a blank\)/)
        const vitaminLot = await receive(vitamins, "VC-1", 150, 1)
        await setVariantCodes(vitamins, { barcode: "INT-0042" })
        const noGtin = await get(`/admin/lots/${vitaminLot.id}/digital-link`, admin)
        expect(noGtin.status).toEqual(409)
        expect(noGtin.data.message).toEqual(
          "Lot VC-1 has no GS1 Digital Link: its product variant has no valid GTIN (barcode: GTIN INT-0042 must be digits only). " +
            "Enter the product's GTIN (8, 12, 13 or 14 digits) as the variant's barcode, EAN or UPC."
        )
        // The EAN field holds the GTIN: it is used.
        await setVariantCodes(vitamins, { ean: "96385074" })
        const eight = await get(`/admin/lots/${vitaminLot.id}/digital-link`, admin)
        expect(eight.data).toEqual(expect.objectContaining({ gtin: "00000096385074", gtin_field: "ean", url: `${public_url}/lot/01/00000096385074/10/VC-1` }))
        expect((await get(`/admin/lots/lot_nope/digital-link`, admin)).status).toEqual(404)
        expect((await get(`/admin/lots/${lot.id}/digital-link?size=3`, admin)).status).toEqual(400)
        expect((await get(`/admin/lots/${lot.id}/digital-link`)).status).toEqual(401)

        await expectInvariant(container, shampoo.inventoryItemId)
        await expectInvariant(container, vitamins.inventoryItemId)
      })
    })
  },
})
