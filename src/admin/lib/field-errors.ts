/**
 * Puts an API error next to the input it concerns. The plugin's messages
 * name the field they are about ("Invalid request: expires_at must be a
 * calendar date written YYYY-MM-DD", "Lot number X already exists ...",
 * "Value for field 'receive, 0, quantity' too small ..."): each part of the
 * message goes to the field named earliest in it; the rest is general.
 */

export type FieldMatcher = {
  /** The form field the error is shown under. */
  field: string
  /** Words that name it in a message (field names, phrases). Case-insensitive for phrases with spaces. */
  match: (string | RegExp)[]
}

export type MappedErrors = {
  fields: Record<string, string>
  /** Parts of the message that name no known field. */
  general: string | null
}

/**
 * "Invalid request: a; b" -> ["a", "b"]: Medusa's validator joins up to three
 * issues with "; ". Any other message is one piece (its own "; " is prose).
 */
export function splitApiMessage(message: string): string[] {
  const validation = /^\s*Invalid request:\s*/i
  if (!validation.test(message)) {
    return [message.trim()].filter(Boolean)
  }
  return message
    .replace(validation, "")
    .split(/;\s+/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** Replaces ids the person does not know (sloc_…, iitem_…) with names they do. */
export function nameIds(message: string, names: Record<string, string | null | undefined>): string {
  let out = message
  for (const [id, name] of Object.entries(names)) {
    if (id && name) {
      out = out.split(id).join(name)
    }
  }
  return out
}

/** Medusa writes zod paths as "receive, 0, quantity": make them "receive.0.quantity". */
function normalizePaths(part: string): string {
  return part.replace(/'([A-Za-z_][\w]*(?:, [\w]+)+)'/g, (_, path: string) => `'${path.split(", ").join(".")}'`)
}

function firstIndex(part: string, m: string | RegExp): number {
  if (m instanceof RegExp) {
    const r = new RegExp(m.source, m.flags.replace("g", ""))
    const found = r.exec(part)
    return found ? found.index : -1
  }
  if (/\s/.test(m)) {
    return part.toLowerCase().indexOf(m.toLowerCase())
  }
  // A bare field name must stand as a word: "expires_at" must not match "expires_at_x".
  const r = new RegExp(`(^|[^\\w.])${m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w])`)
  const found = r.exec(part)
  return found ? found.index + found[1].length : -1
}

export function mapApiErrors(message: string, matchers: FieldMatcher[]): MappedErrors {
  const fields: Record<string, string> = {}
  const general: string[] = []
  for (const raw of splitApiMessage(message)) {
    const part = normalizePaths(raw)
    let best: { field: string; index: number } | null = null
    for (const { field, match } of matchers) {
      for (const m of match) {
        const index = firstIndex(part, m)
        if (index >= 0 && (!best || index < best.index)) {
          best = { field, index }
        }
      }
    }
    if (best) {
      fields[best.field] = fields[best.field] ? `${fields[best.field]}; ${raw}` : raw
    } else {
      general.push(raw)
    }
  }
  return { fields, general: general.length ? general.join("; ") : null }
}

/** The message of an error thrown by the js-sdk (FetchError) or anything else. */
export function errorMessage(e: unknown): string {
  if (e && typeof e === "object" && "message" in e && typeof (e as { message: unknown }).message === "string") {
    return (e as { message: string }).message
  }
  return String(e)
}

/**
 * An API error as a form shows it: each part under the field it names, the
 * rest as the general error, with ids replaced by names the person knows.
 */
export function formErrorsFromApi(
  e: unknown,
  fields: FieldMatcher[],
  names: Record<string, string | null | undefined> = {}
): MappedErrors {
  return mapApiErrors(nameIds(errorMessage(e), names), fields)
}
