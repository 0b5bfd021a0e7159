import { Hint, Label } from "@medusajs/ui"
import type { ReactNode } from "react"

/** Label, control, hint and the error of one field, as in the dashboard's forms. */
export const FormField = ({
  label,
  htmlFor,
  hint,
  error,
  optional,
  children,
}: {
  label: ReactNode
  htmlFor: string
  hint?: ReactNode
  error?: string
  optional?: boolean
  children: ReactNode
}) => (
  <div className="flex flex-col gap-y-2" data-field={htmlFor}>
    <Label htmlFor={htmlFor} size="small" weight="plus">
      {label}
      {optional && <span className="text-ui-fg-muted font-normal"> (optional)</span>}
    </Label>
    {children}
    {hint && !error && <Hint>{hint}</Hint>}
    {error && (
      <Hint variant="error" data-testid={`error-${htmlFor}`}>
        {error}
      </Hint>
    )}
  </div>
)
