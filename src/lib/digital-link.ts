import { DigitalLink } from "digital-link.js"
import { type CalendarDate } from "./calendar-date"
import { gs1DateToCalendarDate, gtinProblem } from "./gtin"

/**
 * GS1 Digital Link URIs of a product batch: `…/01/{gtin}/10/{lot}[/21/{serial}][?17=YYMMDD]`
 * (GS1 Digital Link standard 1.2). Parsing and building go through GS1's own
 * SDK, digital-link.js, whose grammar check (with the GTIN check digit) is
 * the last word on what is a valid link; the checks before it only say in
 * plain words what is wrong.
 */

/** A Digital Link request as the routes read it: the GTIN as 14 digits, the codes decoded. */
export type DigitalLinkRequest = {
  gtin: string
  lot: string
  serial?: string
  /** The expiry date (AI 17) the link carries, as a calendar date. */
  expires_at?: CalendarDate
}

/**
 * GS1's 82-character set (AI 10 batch/lot, AI 21 serial: 1 to 20 of them):
 * digits, letters and `! " % & ' ( ) * + , - . / : ; < = > ? _`. No blanks.
 */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/
const MAX_CODE_LENGTH = 20

function codeProblem(what: string, value: string): string | null {
  if (!value) {
    return `the ${what} is empty`
  }
  if (value.length > MAX_CODE_LENGTH) {
    return `the ${what} ${value} has ${value.length} characters; a GS1 ${what} has at most ${MAX_CODE_LENGTH}`
  }
  if (!CSET82.test(value)) {
    const bad = [...new Set([...value].filter((c) => !CSET82.test(c)))].map((c) => (c.trim() ? c : "a blank")).join(" ")
    return `the ${what} ${value} contains characters a GS1 code cannot carry (${bad})`
  }
  return null
}

/**
 * A code as a URI path segment: everything but letters, digits, `-`, `.`
 * and `_` percent-encoded, as the Digital Link grammar asks (`!'()*` too,
 * which `encodeURIComponent` leaves as they are). GS1's grammar wants the
 * double quote as it is; a URI cannot carry it so, and a printed link has
 * `%22` (`keepQuote` only for the grammar check).
 */
export const encodeDigitalLinkValue = (value: string, keepQuote = false): string =>
  [...value]
    .map((c) => (/[A-Za-z0-9\-._]/.test(c) || (keepQuote && c === '"') ? c : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`))
    .join("")

type LinkValues = { gtin: string; lot: string; serial?: string; expiry_yymmdd?: string }

function buildLink(base: string, link: LinkValues, keepQuote: boolean) {
  return DigitalLink({
    domain: base.replace(/\/+$/, ""),
    identifier: { "01": link.gtin },
    keyQualifiers: {
      "10": encodeDigitalLinkValue(link.lot, keepQuote),
      ...(link.serial !== undefined ? { "21": encodeDigitalLinkValue(link.serial, keepQuote) } : {}),
    },
    ...(link.expiry_yymmdd ? { attributes: { "17": link.expiry_yymmdd } } : {}),
  })
}

/** The link for these values under a base (`https://id.gs1.org`, or the shop's `{public_url}/lot`). */
export function digitalLinkUrl(base: string, link: LinkValues): string {
  return buildLink(base, link, false).toWebUriString()
}

/**
 * What keeps these values from making a valid GS1 Digital Link, in plain
 * words; null when GS1's grammar accepts the link.
 */
export function digitalLinkProblem(link: LinkValues): string | null {
  const problem =
    gtinProblem(link.gtin) ??
    codeProblem("batch/lot code", link.lot) ??
    (link.serial !== undefined ? codeProblem("serial number", link.serial) : null)
  if (problem) {
    return problem
  }
  // The SDK validates the whole link against GS1's grammar, check digit included.
  if (!DigitalLink(buildLink("https://id.gs1.org", link, true).toWebUriString()).isValid()) {
    return `01/${link.gtin}/10/${link.lot}${link.serial !== undefined ? `/21/${link.serial}` : ""} is not a valid GS1 Digital Link`
  }
  return null
}

export type ParsedDigitalLink = { ok: true; link: DigitalLinkRequest } | { ok: false; error: string }

/**
 * The route parameters (decoded by the router) and query of a Digital Link
 * request, checked: the GTIN (8, 12, 13 or 14 digits, right check digit)
 * becomes 14 digits; `17`, when given, a calendar date (`today` places its
 * century). Other GS1 attributes of the query are left alone.
 */
export function parseDigitalLinkRequest(
  input: { gtin: string; lot: string; serial?: string; query?: Record<string, unknown> },
  today: CalendarDate
): ParsedDigitalLink {
  const gtin = String(input.gtin ?? "")
  const lot = String(input.lot ?? "")
  const serial = input.serial === undefined ? undefined : String(input.serial)
  const rawExpiry = input.query?.["17"]
  let expiry_yymmdd: string | undefined
  let expires_at: CalendarDate | undefined
  if (rawExpiry !== undefined) {
    if (typeof rawExpiry !== "string" || !/^\d{6}$/.test(rawExpiry)) {
      return { ok: false, error: "17 (expiry date) must be one date written YYMMDD, e.g. 271231" }
    }
    const date = gs1DateToCalendarDate(rawExpiry, today)
    if (!date) {
      return { ok: false, error: `17 (expiry date) ${rawExpiry} is not a date (YYMMDD; day 00 is the month's last day)` }
    }
    expiry_yymmdd = rawExpiry
    expires_at = date
  }
  const problem = digitalLinkProblem({ gtin, lot, serial, expiry_yymmdd })
  if (problem) {
    return { ok: false, error: `Not a valid GS1 Digital Link: ${problem}` }
  }
  return {
    ok: true,
    link: {
      gtin: gtin.padStart(14, "0"),
      lot,
      ...(serial !== undefined ? { serial } : {}),
      ...(expires_at !== undefined ? { expires_at } : {}),
    },
  }
}
