import { parseGs1 } from "../gs1"
import { applyScan, emptyReceiveLotForm, receiveLotBody, validateReceiveLotForm } from "../receive-form"

describe("receive lot form", () => {
  const filled = () => ({
    ...emptyReceiveLotForm(),
    inventory_item_id: "iitem_1",
    expires_at: "2027-12-31",
    quantities: { sloc_a: "10", sloc_b: "" },
  })

  it("builds the POST /admin/lots body: empty lot number generated, empty quantities skipped", () => {
    expect(receiveLotBody(filled())).toEqual({
      inventory_item_id: "iitem_1",
      expires_at: "2027-12-31",
      receive: [{ location_id: "sloc_a", quantity: 10 }],
    })
    expect(receiveLotBody({ ...filled(), lot_number: "B-1", supplier: " ACME ", allow_expired: true })).toMatchObject({
      lot_number: "B-1",
      supplier: "ACME",
      allow_expired: true,
    })
  })

  it("checks item, dates and quantities before sending", () => {
    expect(validateReceiveLotForm(filled())).toEqual({})
    expect(validateReceiveLotForm(emptyReceiveLotForm())).toEqual({
      inventory_item_id: expect.any(String),
      receive: "Enter the quantity received at one location at least",
    })
    expect(validateReceiveLotForm({ ...filled(), expires_at: "2027-02-30" })).toEqual({
      expires_at: "expires_at must be a calendar date written YYYY-MM-DD",
    })
    expect(validateReceiveLotForm({ ...filled(), quantities: { sloc_a: "1.5" } })).toHaveProperty("receive")
    expect(validateReceiveLotForm({ ...filled(), quantities: { sloc_a: "0" } })).toHaveProperty("receive")
    expect(validateReceiveLotForm({ ...filled(), lot_number: " A" })).toHaveProperty("lot_number")
  })

  it("fills lot number and dates from a scan, keeping the rest", () => {
    const res = parseGs1("(01)03453120000011(11)250301(17)271231(10)ABC123")
    if (!res.ok) throw new Error(res.error)
    const form = applyScan({ ...filled(), supplier: "ACME" }, res.scan)
    expect(form).toMatchObject({
      lot_number: "ABC123",
      manufactured_at: "2025-03-01",
      expires_at: "2027-12-31",
      supplier: "ACME",
      inventory_item_id: "iitem_1",
    })
  })
})
