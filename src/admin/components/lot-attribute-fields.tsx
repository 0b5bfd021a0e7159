import { Input } from "@medusajs/ui"
import type { ReactNode } from "react"
import { FormField } from "./form-field"

export type LotAttribute =
  | "lot_number"
  | "manufactured_at"
  | "expires_at"
  | "best_before"
  | "supplier"
  | "supplier_lot_code"
  | "origin"

const ATTRIBUTES: Record<LotAttribute, { label: string; date?: boolean; optional?: boolean }> = {
  lot_number: { label: "Lot number" },
  manufactured_at: { label: "Manufactured", date: true, optional: true },
  expires_at: { label: "Expires", date: true },
  best_before: { label: "Best before", date: true, optional: true },
  supplier: { label: "Supplier", optional: true },
  supplier_lot_code: { label: "Supplier lot code", optional: true },
  origin: { label: "Origin", optional: true },
}

/**
 * A lot's number, dates and supplier as form fields (receiving a lot and
 * editing one), in the order given. Inputs are named `${idPrefix}${field}`.
 */
export const LotAttributeFields = ({
  fields,
  values,
  errors,
  onChange,
  idPrefix = "",
  hints = {},
  placeholders = {},
  optional = {},
}: {
  fields: LotAttribute[]
  values: Partial<Record<LotAttribute, string>>
  errors: Record<string, string>
  onChange: (field: LotAttribute, value: string) => void
  idPrefix?: string
  hints?: Partial<Record<LotAttribute, ReactNode>>
  placeholders?: Partial<Record<LotAttribute, string>>
  /** Overrides which fields say "(optional)". */
  optional?: Partial<Record<LotAttribute, boolean>>
}) => (
  <>
    {fields.map((field) => {
      const { label, date, optional: isOptional } = ATTRIBUTES[field]
      const id = `${idPrefix}${field}`
      return (
        <FormField
          key={field}
          label={label}
          htmlFor={id}
          optional={optional[field] ?? isOptional}
          hint={hints[field]}
          error={errors[field]}
        >
          <Input
            id={id}
            type={date ? "date" : undefined}
            value={values[field] ?? ""}
            placeholder={placeholders[field]}
            onChange={(e) => onChange(field, e.target.value)}
            aria-invalid={!!errors[field]}
            className={field === "lot_number" || field === "supplier_lot_code" ? "font-mono" : undefined}
          />
        </FormField>
      )
    })}
  </>
)
