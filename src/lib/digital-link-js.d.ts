// Types for digital-link.js 1.4.3 (GS1's Digital Link SDK; the package ships none): what src/lib/digital-link.ts uses.
declare module "digital-link.js" {
  export type DigitalLinkOptions = {
    /** Scheme and host (and any path before the GS1 part), e.g. "https://id.gs1.org". */
    domain: string
    /** One primary key, e.g. { "01": "04006381333931" }. */
    identifier: Record<string, string>
    /** Key qualifiers, e.g. { "10": "LOT1", "21": "SN1" }: written in the order GS1's grammar gives. */
    keyQualifiers?: Record<string, string>
    /** Data attributes of the query, e.g. { "17": "271231" }. */
    attributes?: Record<string, string>
  }
  export type DigitalLinkInstance = {
    getDomain(): string
    getIdentifier(): Record<string, string>
    getKeyQualifiers(): Record<string, string>
    getKeyQualifier(key: string): string | undefined
    getAttributes(): Record<string, string>
    getAttribute(key: string): string | undefined
    toWebUriString(): string
    /** GS1's grammar and the check digit of the key. */
    isValid(): boolean
  }
  /** From options or a URI string (the values are not percent-decoded). */
  export function DigitalLink(input: DigitalLinkOptions | string): DigitalLinkInstance
}
