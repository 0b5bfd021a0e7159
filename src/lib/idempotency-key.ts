/**
 * The pure rules of the `Idempotency-Key` header (docs/INTEGRATION.md): what
 * a valid key is, what makes two requests "the same request", and which
 * answers are kept for a retry.
 */

export const IDEMPOTENCY_KEY_HEADER = "idempotency-key"
/** Set on an answer given again from its first time. */
export const IDEMPOTENT_REPLAYED_HEADER = "idempotent-replayed"
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255

/** Why a header value is not a usable key (1-255 printable ASCII characters), or null when it is. */
export function idempotencyKeyProblem(value: unknown): string | null {
  if (Array.isArray(value)) {
    return "Send one Idempotency-Key header, not several"
  }
  if (typeof value !== "string" || !value.length) {
    return "Idempotency-Key must not be empty"
  }
  if (value.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    return `Idempotency-Key must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters (got ${value.length})`
  }
  if (!/^[\x20-\x7e]+$/.test(value)) {
    return "Idempotency-Key must be printable ASCII characters (letters, digits, punctuation, spaces)"
  }
  return null
}

/**
 * JSON with object keys sorted at every depth, so that two bodies that mean
 * the same (keys in another order, whitespace) are the same request. Arrays
 * keep their order (it is meaningful); `undefined` members are left out, as
 * JSON does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? "null"
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((v) => (v === undefined ? null : sortKeys(v)))
  }
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[k]
      if (v !== undefined) {
        out[k] = sortKeys(v)
      }
    }
    return out
  }
  return value
}

/**
 * What identifies a request for its key: method, path and JSON body (and the
 * query string, which may change the answer's shape). An empty or missing body
 * is `{}`. The caller hashes it.
 */
export function requestFingerprint(input: { method: string; path: string; body?: unknown; query?: Record<string, unknown> | null }): string {
  const body = input.body === undefined || input.body === null || input.body === "" ? {} : input.body
  const query = input.query && Object.keys(input.query).length ? input.query : {}
  return canonicalJson({ method: input.method.toUpperCase(), path: normalizePath(input.path), body, query })
}

/** `/admin/lots/` and `/admin/lots` are one path. */
export function normalizePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path
}

/**
 * Whether an answer is kept for retries: successes and refusals of the
 * request itself (2xx, 4xx) are final; a 409 (busy, a state that may change)
 * and a 429 are transient, and a 5xx may have been a crash half-way: those
 * let a retry run again.
 */
export function isKeptAnswer(status: number): boolean {
  if (status >= 200 && status < 300) {
    return true
  }
  return status >= 400 && status < 500 && status !== 409 && status !== 429
}

/** When a key stored now expires: `hours` from now (the plugin option `idempotency_key_hours`, at least 24). */
export function keyExpiresAt(now: Date, hours: number): Date {
  return new Date(now.getTime() + Math.max(24, hours) * 3600 * 1000)
}
