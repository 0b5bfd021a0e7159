// Types for gs1-barcode-parser-mod 1.2.1 (the package ships none).
declare module "gs1-barcode-parser-mod" {
  export type ParsedElement = {
    /** Application identifier, e.g. "01", "10", "17". */
    ai: string
    dataTitle: string
    /** Text, number or (for date AIs) a Date built with local getters. */
    data: string | number | Date
    unit: string
    /** The untouched substring the element was read from. */
    raw: string
    /** Date AIs: the date as text ("2027-12-31"); "" for other AIs. */
    isoDate: string
  }
  export type ParsedBarcode = {
    codeName: string
    parsedCodeItems: ParsedElement[]
  }
  /** Throws a string describing the problem when the code cannot be parsed. */
  export function parseBarcode(barcode: string): ParsedBarcode
}
