import {
  canonicalJson,
  idempotencyKeyProblem,
  isKeptAnswer,
  keyExpiresAt,
  normalizePath,
  requestFingerprint,
} from "../idempotency-key"

describe("idempotencyKeyProblem", () => {
  it("accepts 1-255 printable ASCII characters", () => {
    expect(idempotencyKeyProblem("a")).toBeNull()
    expect(idempotencyKeyProblem("wms-receipt 2026-12-01/#42")).toBeNull()
    expect(idempotencyKeyProblem("x".repeat(255))).toBeNull()
    expect(idempotencyKeyProblem("8f14e45f-ceea-467a-9575-4ad0d4ae0b51")).toBeNull()
  })

  it("refuses empty, too long, non-printable and repeated headers, saying why", () => {
    expect(idempotencyKeyProblem("")).toMatch(/must not be empty/)
    expect(idempotencyKeyProblem(undefined)).toMatch(/must not be empty/)
    expect(idempotencyKeyProblem("x".repeat(256))).toMatch(/at most 255 characters \(got 256\)/)
    expect(idempotencyKeyProblem("tab\there")).toMatch(/printable ASCII/)
    expect(idempotencyKeyProblem("clé")).toMatch(/printable ASCII/)
    expect(idempotencyKeyProblem(["a", "b"])).toMatch(/one Idempotency-Key header/)
  })
})

describe("canonicalJson", () => {
  it("sorts object keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}')
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]))
  })

  it("leaves out undefined members, as JSON does", () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }))
    expect(canonicalJson(undefined)).toBe("null")
  })
})

describe("requestFingerprint", () => {
  const base = { method: "POST", path: "/admin/lots/lot_1/receive", body: { location_id: "sloc_1", quantity: 5 } }

  it("is the same for the same request with keys in another order, a trailing slash or a lower-case method", () => {
    const same = requestFingerprint({ method: "post", path: "/admin/lots/lot_1/receive/", body: { quantity: 5, location_id: "sloc_1" } })
    expect(same).toBe(requestFingerprint(base))
  })

  it("differs when the body, the path, the method or the query differs", () => {
    const fp = requestFingerprint(base)
    expect(requestFingerprint({ ...base, body: { location_id: "sloc_1", quantity: 6 } })).not.toBe(fp)
    expect(requestFingerprint({ ...base, path: "/admin/lots/lot_2/receive" })).not.toBe(fp)
    expect(requestFingerprint({ ...base, method: "PUT" })).not.toBe(fp)
    expect(requestFingerprint({ ...base, query: { fields: "id" } })).not.toBe(fp)
    // A number and its string are different requests.
    expect(requestFingerprint({ ...base, body: { location_id: "sloc_1", quantity: "5" } })).not.toBe(fp)
  })

  it("treats a missing, null or empty body as {}", () => {
    const empty = requestFingerprint({ method: "POST", path: "/admin/lot-tracking/imports/imp_1/confirm", body: {} })
    expect(requestFingerprint({ method: "POST", path: "/admin/lot-tracking/imports/imp_1/confirm" })).toBe(empty)
    expect(requestFingerprint({ method: "POST", path: "/admin/lot-tracking/imports/imp_1/confirm", body: null })).toBe(empty)
    expect(requestFingerprint({ method: "POST", path: "/admin/lot-tracking/imports/imp_1/confirm", body: "" })).toBe(empty)
    expect(requestFingerprint({ method: "POST", path: "/admin/lot-tracking/imports/imp_1/confirm", query: {} })).toBe(empty)
  })
})

describe("isKeptAnswer", () => {
  it("keeps successes and the request's own refusals", () => {
    for (const s of [200, 201, 204, 400, 401, 403, 404, 422]) {
      expect(isKeptAnswer(s)).toBe(true)
    }
  })

  it("lets a retry run again after a transient 409 or 429, a 5xx, or anything else", () => {
    for (const s of [409, 429, 500, 502, 503, 301, 100]) {
      expect(isKeptAnswer(s)).toBe(false)
    }
  })
})

describe("normalizePath and keyExpiresAt", () => {
  it("drops trailing slashes but keeps the root", () => {
    expect(normalizePath("/admin/lots//")).toBe("/admin/lots")
    expect(normalizePath("/")).toBe("/")
  })

  it("keeps a key the given hours, never less than 24", () => {
    const now = new Date("2026-12-01T00:00:00Z")
    expect(keyExpiresAt(now, 48).toISOString()).toBe("2026-12-03T00:00:00.000Z")
    expect(keyExpiresAt(now, 1).toISOString()).toBe("2026-12-02T00:00:00.000Z")
  })
})
