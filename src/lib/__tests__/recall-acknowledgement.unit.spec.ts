import {
  acknowledgementRefusal,
  acknowledgementUpdate,
  acknowledgementUrl,
  allReachableNotified,
  isAcknowledgementToken,
  newAcknowledgementToken,
  noticeAfterSend,
  notificationErrors,
  recallEffectiveness,
  resendRefusal,
  sendIdempotencyKey,
} from "../recall-acknowledgement"

const now = new Date("2026-12-01T10:00:00.000Z")
const earlier = new Date("2026-11-30T08:00:00.000Z")

describe("acknowledgement tokens and links", () => {
  it("makes unguessable URL-safe tokens of one shape, and recognises only that shape", () => {
    const tokens = new Set(Array.from({ length: 200 }, newAcknowledgementToken))
    expect(tokens.size).toBe(200)
    for (const t of tokens) {
      expect(isAcknowledgementToken(t)).toBe(true)
    }
    for (const bad of ["", "abc", "x".repeat(31), "x".repeat(33), `${"x".repeat(31)}/`, `${"x".repeat(31)}.`, "rclntc_01JABCDEFGHJKMNPQRSTVWXYZ0"]) {
      expect(isAcknowledgementToken(bad)).toBe(false)
    }
  })

  it("fills the template's {token} (every occurrence), and gives no link without a token", () => {
    expect(acknowledgementUrl("https://shop.test/lot-recall/{token}", "abc_-1")).toBe("https://shop.test/lot-recall/abc_-1")
    expect(acknowledgementUrl("https://shop.test/recall?t={token}&again={token}", "T")).toBe("https://shop.test/recall?t=T&again=T")
    expect(acknowledgementUrl("https://shop.test/{token}", null)).toBeNull()
  })
})

describe("sending a notice", () => {
  it("keys the first attempt by the notice id and each later one apart", () => {
    expect(sendIdempotencyKey("rclntc_1", 1)).toBe("rclntc_1")
    expect(sendIdempotencyKey("rclntc_1", 2)).toBe("rclntc_1:2")
    expect(sendIdempotencyKey("rclntc_1", 7)).toBe("rclntc_1:7")
  })

  it("records a success as sent with the first notification time, and a failure with its error", () => {
    const pending = { status: "pending" as const, send_attempts: 0, notified_at: null }
    expect(noticeAfterSend(pending, { ok: true, error: null }, now)).toEqual({ status: "sent", send_attempts: 1, notified_at: now, last_error: null })
    expect(noticeAfterSend(pending, { ok: false, error: "SMTP down" }, now)).toEqual({ status: "failed", send_attempts: 1, notified_at: null, last_error: "SMTP down" })
    expect(noticeAfterSend(pending, { ok: false, error: null }, now).last_error).toBe("the notification provider did not confirm the send")
    const failed = { status: "failed" as const, send_attempts: 1, notified_at: null }
    expect(noticeAfterSend(failed, { ok: true, error: null }, now)).toEqual({ status: "sent", send_attempts: 2, notified_at: now, last_error: null })
  })

  it("keeps a sent notice sent (and its first time) when a resend fails or succeeds", () => {
    const sent = { status: "sent" as const, send_attempts: 1, notified_at: earlier.toISOString() }
    expect(noticeAfterSend(sent, { ok: false, error: "bounced" }, now)).toEqual({ status: "sent", send_attempts: 2, notified_at: earlier, last_error: "bounced" })
    expect(noticeAfterSend(sent, { ok: true, error: null }, now)).toEqual({ status: "sent", send_attempts: 2, notified_at: earlier, last_error: null })
  })

  it("resends pending, failed and sent notices; refuses void, acknowledged and those without an email", () => {
    for (const status of ["pending", "failed", "sent"] as const) {
      expect(resendRefusal({ status, email: "a@b.test" }, "RCL-1")).toBeNull()
    }
    expect(resendRefusal({ status: "void", email: "a@b.test" }, "RCL-1")).toMatch(/void/)
    expect(resendRefusal({ status: "acknowledged", email: "a@b.test" }, "RCL-1")).toMatch(/already answered/)
    expect(resendRefusal({ status: "unreachable", email: null }, "RCL-1")).toMatch(/no email address: contact them by phone/)
  })

  it("counts every reachable customer notified when nothing is pending or failed; unreachable ones do not hold it back", () => {
    expect(allReachableNotified({ pending: 0, failed: 0, sent: 2, acknowledged: 1 })).toBe(true)
    expect(allReachableNotified({ pending: 1, failed: 0, sent: 2, acknowledged: 0 })).toBe(false)
    expect(allReachableNotified({ pending: 0, failed: 1, sent: 2, acknowledged: 0 })).toBe(false)
    // Nobody told at all (all unreachable or void): not "all notified".
    expect(allReachableNotified({ pending: 0, failed: 0, sent: 0, acknowledged: 0 })).toBe(false)
  })

  it("reads each notification's own error out of the Notification Module's aggregated message", () => {
    const message = "Failed to send notification with id noti_1:\nmailbox full\nFailed to send notification with id noti_2:\nrelay refused\nline two"
    expect(notificationErrors(message)).toEqual(new Map([["noti_1", "mailbox full"], ["noti_2", "relay refused\nline two"]]))
    expect(notificationErrors("SMTP relay unreachable").size).toBe(0)
  })
})

describe("acknowledgements and effectiveness", () => {
  it("refuses answers on a void notice (410) and a canceled recall (409), takes them on open and closed recalls", () => {
    expect(acknowledgementRefusal({ status: "void" }, { reference: "RCL-1", status: "canceled" })).toEqual({ status: 410, message: "This recall notice was withdrawn: recall RCL-1 was canceled" })
    expect(acknowledgementRefusal({ status: "sent" }, { reference: "RCL-1", status: "canceled" })?.status).toBe(409)
    expect(acknowledgementRefusal({ status: "sent" }, { reference: "RCL-1", status: "open" })).toBeNull()
    expect(acknowledgementRefusal({ status: "acknowledged" }, { reference: "RCL-1", status: "closed" })).toBeNull()
  })

  it("keeps the time of the first answer when the customer changes it", () => {
    expect(acknowledgementUpdate({ acknowledged_at: null }, "kept", now)).toEqual({ acknowledgement: "kept", status: "acknowledged", acknowledged_at: now })
    expect(acknowledgementUpdate({ acknowledged_at: earlier.toISOString() }, "returned", now)).toEqual({ acknowledgement: "returned", status: "acknowledged", acknowledged_at: earlier })
  })

  it("measures acknowledged over notified (sent + acknowledged), null while nobody was notified", () => {
    expect(recallEffectiveness({ sent: 0, acknowledged: 0 })).toEqual({ notified: 0, acknowledged: 0, rate: null, returned: 0, destroyed: 0, kept: 0 })
    expect(recallEffectiveness({ sent: 2, acknowledged: 1, by_acknowledgement: { returned: 1, destroyed: 0, kept: 0 } })).toEqual({
      notified: 3,
      acknowledged: 1,
      rate: 0.3333,
      returned: 1,
      destroyed: 0,
      kept: 0,
    })
    expect(recallEffectiveness({ sent: 0, acknowledged: 4, by_acknowledgement: { returned: 2, destroyed: 1, kept: 1 } }).rate).toBe(1)
  })
})
