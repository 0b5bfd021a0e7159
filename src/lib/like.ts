/**
 * Escapes the characters LIKE / ILIKE give a meaning to (`\`, `%`, `_`), so
 * text a person typed matches as written: "LOT_1" finds "LOT_1", not "LOTX1".
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}
