import * as gs1Parser from "gs1-barcode-parser-mod"

// The package is CommonJS (`exports.parseBarcode = ...`): depending on the
// bundler's interop the function is a named export or sits on `default`.
const parseBarcode: typeof gs1Parser.parseBarcode =
  (gs1Parser as { parseBarcode?: typeof gs1Parser.parseBarcode }).parseBarcode ??
  (gs1Parser as unknown as { default: { parseBarcode: typeof gs1Parser.parseBarcode } }).default.parseBarcode

/**
 * GS1-128 / GS1 DataMatrix scans for the "Receive lot" form.
 *
 * Parsing is done by gs1-barcode-parser-mod (scanned form with FNC1 = ASCII
 * GS 0x1D, optional symbology identifier such as `]C1` / `]d2`, or the
 * human-readable form `(01)...(17)...(10)...`; YYMMDD dates with the GS1
 * sliding century window; day `00` = last day of the month). This module
 * adds what a form needs around it:
 *
 * - clean-up of what keyboard-wedge scanners and people actually type (a
 *   leading FNC1, trailing line breaks, `<GS>` / `{GS}` / `␝` written for the
 *   separator);
 * - refusal of impossible dates (the library rolls 31 June over into 1 July);
 * - the GTIN check digit (a mistyped GTIN is reported as a warning);
 * - the fields of a lot: AI 10 lot, 11 production date, 17 expiry date,
 *   15 best before, 21 serial, 01 GTIN.
 */

export type Gs1Element = { ai: string; title: string; value: string }

export type Gs1Scan = {
  gtin?: string
  lot_number?: string
  manufactured_at?: string
  expires_at?: string
  best_before?: string
  serial?: string
  /** Every element read, in order, for display. */
  elements: Gs1Element[]
  warnings: string[]
}

export type Gs1Result = { ok: true; scan: Gs1Scan } | { ok: false; error: string }

export const GS = "\u001d"

const GS_PLACEHOLDERS = /<GS>|\{GS\}|\[GS\]|<FNC1>|\{FNC1\}|\u241d/gi

/** What a scanner or a person typed, made ready for the parser. */
export function normalizeScan(input: string): string {
  let s = input.replace(/[\r\n\t]/g, "").replace(GS_PLACEHOLDERS, GS).trim()
  // An FNC1 in first position only says "this is GS1": drop it (and any
  // separators at the very end, which some scanners append).
  s = s.replace(/^\u001d+/, "").replace(/\u001d+$/, "")
  return s
}

/**
 * Does the text look like a GS1 element string rather than a plain lot
 * number? (Used to decide whether a value typed into the scan field should
 * be parsed.) Human-readable form, symbology identifier, or a separator.
 */
export function looksLikeGs1(input: string): boolean {
  const s = normalizeScan(input)
  return /^\(\d{2,4}\)/.test(s) || /^\][A-Za-z]\d/.test(s) || s.includes(GS) || /^(01\d{14}|02\d{14}|00\d{18})/.test(s)
}

/** Mod-10 check digit of GTIN-8/12/13/14 (the last digit). */
export function isValidGtin(gtin: string): boolean {
  if (!/^\d{8}$|^\d{12,14}$/.test(gtin)) {
    return false
  }
  const digits = gtin.split("").map(Number)
  const check = digits.pop()!
  let sum = 0
  digits.reverse().forEach((d, i) => {
    sum += d * (i % 2 === 0 ? 3 : 1)
  })
  return (10 - (sum % 10)) % 10 === check
}

const DATE_AIS = new Set(["11", "12", "13", "15", "16", "17"])

/** The raw YYMMDD must name the day the library computed (it rolls impossible days over). */
function dateProblem(ai: string, raw: string, iso: string): string | null {
  if (!/^\d{6}$/.test(raw) || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    return `(${ai}) ${raw} is not a date written YYMMDD`
  }
  const [mm, dd] = [raw.slice(2, 4), raw.slice(4, 6)]
  if (iso.slice(5, 7) !== mm || (dd !== "00" && iso.slice(8, 10) !== dd)) {
    return `(${ai}) ${raw} is not a valid date: month ${mm} has no day ${dd}`
  }
  return null
}

function describeParserError(e: unknown): string {
  const text = typeof e === "string" ? e : e instanceof Error ? e.message : String(e)
  return `Not a GS1 code this form can read (${text}). Expected e.g. (01)03453120000011(17)271231(10)ABC123`
}

export function parseGs1(input: string): Gs1Result {
  const code = normalizeScan(input)
  if (!code) {
    return { ok: false, error: "The scan is empty" }
  }
  let parsed
  try {
    parsed = parseBarcode(code)
  } catch (e) {
    return { ok: false, error: describeParserError(e) }
  }
  const scan: Gs1Scan = { elements: [], warnings: [] }
  for (const el of parsed.parsedCodeItems) {
    const isDate = DATE_AIS.has(el.ai)
    if (isDate) {
      const problem = dateProblem(el.ai, el.raw, el.isoDate)
      if (problem) {
        return { ok: false, error: problem }
      }
    }
    const value = isDate ? el.isoDate : String(el.data)
    scan.elements.push({ ai: el.ai, title: el.dataTitle, value })
    switch (el.ai) {
      case "01":
        scan.gtin = value
        if (!isValidGtin(value)) {
          scan.warnings.push(`GTIN ${value} has a wrong check digit: was it scanned or typed correctly?`)
        }
        break
      case "10":
        scan.lot_number = value
        break
      case "11":
        scan.manufactured_at = value
        break
      case "15":
        scan.best_before = value
        break
      case "17":
        scan.expires_at = value
        break
      case "21":
        scan.serial = value
        break
    }
  }
  if (!scan.elements.length) {
    return { ok: false, error: describeParserError("no element found") }
  }
  return { ok: true, scan }
}

/** Which field of a lot a scan's batch/lot element (AI 10) fills. */
export type Gs1LotTarget = "lot_number" | "supplier_lot_code"

/**
 * The plugin option `gs1_lot_is_supplier_code` says whose code AI 10 carries:
 * the supplier's (their labels, kept beside the merchant's own lot number,
 * which is then generated or typed) or the merchant's lot number itself.
 */
export const gs1LotTarget = (lotIsSupplierCode: boolean | undefined): Gs1LotTarget =>
  lotIsSupplierCode ? "supplier_lot_code" : "lot_number"

/** The lot fields a scan fills: AI 10 under the field the option names, nothing when the scan has none. */
export function scanLotFields(
  scan: Pick<Gs1Scan, "lot_number">,
  lotIsSupplierCode: boolean | undefined
): Partial<Record<Gs1LotTarget, string>> {
  return scan.lot_number === undefined ? {} : { [gs1LotTarget(lotIsSupplierCode)]: scan.lot_number }
}
