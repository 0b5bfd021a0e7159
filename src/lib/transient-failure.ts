/**
 * Which failures are worth trying again at once: the work changed nothing and
 * may succeed on a second attempt because another operation held what it
 * needed. A lock wait that timed out (the plugin's 409 "busy ... try again",
 * or a locking provider's own message), and PostgreSQL's serialization
 * failure, deadlock and lock-not-available errors. Anything else (bad data,
 * a refusal, a bug) fails the same way every time.
 */
const TRANSIENT_MESSAGE = /timed-out acquiring lock|busy with other stock operations|please try again/i
const TRANSIENT_PG_CODES = new Set(["40001", "40P01", "55P03"])

export function isTransientFailure(e: unknown): boolean {
  const err = e as { message?: unknown; code?: unknown; type?: unknown } | null
  if (!err) {
    return false
  }
  if (typeof err.code === "string" && TRANSIENT_PG_CODES.has(err.code)) {
    return true
  }
  return TRANSIENT_MESSAGE.test(String(err.message ?? err))
}

/** Waits before attempt `attempt` (1-based retries): 200 ms, 800 ms, 3.2 s, ... capped, with jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(200 * 4 ** (attempt - 1), 10_000)
  return Math.round(base * (0.75 + 0.5 * random()))
}

/**
 * The 409 message for a transient failure that reached a request (its
 * retries spent), or null when `e` is not transient: a lock wait or a
 * database conflict means "busy, nothing changed, send it again", never a 500.
 */
export function transientConflict(e: unknown): string | null {
  if (!isTransientFailure(e)) {
    return null
  }
  const message = String((e as { message?: unknown })?.message ?? e)
  // The plugin's own lock time-outs already say what is busy and what to do.
  if (/please try again/i.test(message)) {
    return message
  }
  return "Stock records are busy with other operations (a lock wait or a database conflict); nothing was changed, please try again"
}
