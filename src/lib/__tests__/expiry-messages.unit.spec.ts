import { classifyExpiry as classify } from "../expiry"
import { expiryMessage, planNotifications, type ExpiryMessageInput } from "../expiry-messages"

const base: ExpiryMessageInput = {
  lot_number: "B-1001",
  state: "expiring",
  expires_at: "2026-07-10",
  days_until_expiry: 9,
  status: "active",
  sku: "SHAMPOO-250",
  title: "Argan shampoo",
  stocked_quantity: 7,
  reserved_quantity: 0,
  stock: [
    { location_name: "Paris", stocked_quantity: 5 },
    { location_name: "Lyon", stocked_quantity: 2 },
  ],
  written_off: 0,
}

describe("expiry watch classification", () => {
  it("uses the one expiry rule: the expiry day is expiring, the day after is expired", () => {
    expect(classify("2026-07-01", "2026-07-01", 30)).toEqual("expiring")
    expect(classify("2026-07-01", "2026-07-02", 30)).toEqual("expired")
    expect(classify("2026-07-31", "2026-07-01", 30)).toEqual("expiring")
    expect(classify("2026-08-01", "2026-07-01", 30)).toBeNull()
    expect(classify("2026-07-01", "2026-07-01", 0)).toEqual("expiring")
  })
})

describe("expiry notification text", () => {
  it("says when an expiring lot expires and where its units are", () => {
    expect(expiryMessage(base)).toEqual({
      title: "Lot B-1001 expires in 9 days",
      description: "SHAMPOO-250 · Argan shampoo: 7 units on hand (Paris 5, Lyon 2).\nFit for use through 2026-07-10.",
    })
    expect(expiryMessage({ ...base, days_until_expiry: 0 }).title).toEqual("Lot B-1001 expires today")
    expect(expiryMessage({ ...base, days_until_expiry: 1 }).title).toEqual("Lot B-1001 expires tomorrow")
  })

  it("says an expired lot has expired, what is reserved, its status, and what was written off", () => {
    const m = expiryMessage({
      ...base,
      state: "expired",
      days_until_expiry: -1,
      status: "quarantined",
      reserved_quantity: 2,
      written_off: 5,
      sku: "SHAMPOO-250",
      title: "SHAMPOO-250",
      stocked_quantity: 7,
      stock: [{ location_name: "Paris", stocked_quantity: 7 }],
    })
    expect(m.title).toEqual("Lot B-1001 has expired")
    expect(m.description.split("\n")).toEqual([
      "SHAMPOO-250: 7 units on hand (Paris 7), 2 reserved for orders.",
      "Expired: 2026-07-10 was its last day of use.",
      "The lot is quarantined.",
      "5 units written off automatically (reason: expired); 2 units left.",
    ])
    expect(expiryMessage({ ...base, stocked_quantity: 1, stock: [], written_off: 1, state: "expired", days_until_expiry: -1 }).description).toContain(
      "1 unit written off automatically (reason: expired); 0 units left."
    )
    expect(expiryMessage({ ...base, state: "expired", days_until_expiry: -3 }).description).toContain(
      "Expired units are never allocated or shipped"
    )
  })
})

describe("notifications per run", () => {
  const lot = (n: number, state: "expired" | "expiring") => ({
    lot_number: `L-${String(n).padStart(2, "0")}`,
    state,
    expires_at: `2026-07-${String(n).padStart(2, "0")}`,
    stocked_quantity: 2,
  })

  it("gives each lot its own notification up to the cap, soonest first, and sums up the rest per state", () => {
    const expiring = Array.from({ length: 25 }, (_, i) => lot(25 - i, "expiring"))
    const expired = [lot(3, "expired"), lot(1, "expired")]
    const { single, digests } = planNotifications([...expiring, ...expired], 20)
    expect(single.filter((a) => a.state === "expired").map((a) => a.lot_number)).toEqual(["L-01", "L-03"])
    expect(single.filter((a) => a.state === "expiring").map((a) => a.lot_number)).toEqual(
      Array.from({ length: 20 }, (_, i) => `L-${String(i + 1).padStart(2, "0")}`)
    )
    expect(digests).toEqual([
      {
        state: "expiring",
        lots: expiring.slice(0, 5).reverse(),
        title: "5 more lots expire soon",
        description: "10 units on hand in lots L-21, L-22, L-23, L-24, L-25.\nThe Expiry page lists every lot with its stock per location and expiry date.",
      },
    ])
  })

  it("names ten lots of a long digest and counts the others", () => {
    const many = Array.from({ length: 15 }, (_, i) => lot(i + 1, "expired"))
    const { single, digests } = planNotifications(many, 2)
    expect(single).toHaveLength(2)
    expect(digests[0].title).toEqual("13 more lots have expired")
    expect(digests[0].description).toContain("L-03, L-04, L-05, L-06, L-07, L-08, L-09, L-10, L-11, L-12 and 3 more.")
  })
})
