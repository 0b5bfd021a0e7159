/**
 * Small helpers for writing bound SQL, shared by the module's queries and the
 * read models (values are always bound, never written into the text).
 */

/** `?, ?, ?` for binding a list in `IN (...)`. */
export const placeholders = (values: readonly unknown[]): string => values.map(() => "?").join(", ")

/** A timestamp column as ISO text (null stays null). */
export const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null)
