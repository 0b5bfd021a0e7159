/** The rows of an exported CSV (RFC 4180: quoted cells may hold commas, quotes and line breaks), header first. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ""
  let quoted = false
  const body = text.replace(/^\ufeff/, "")
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') {
        quoted = false
      } else {
        cell += c
      }
    } else if (c === '"') {
      quoted = true
    } else if (c === ",") {
      row.push(cell)
      cell = ""
    } else if (c === "\r" && body[i + 1] === "\n") {
      rows.push([...row, cell])
      row = []
      cell = ""
      i++
    } else {
      cell += c
    }
  }
  if (cell || row.length) {
    rows.push([...row, cell])
  }
  return rows
}

/** Data rows as objects keyed by the header. */
export const csvObjects = (rows: string[][]) => rows.slice(1).map((r) => Object.fromEntries(rows[0].map((h, i) => [h, r[i]])))
