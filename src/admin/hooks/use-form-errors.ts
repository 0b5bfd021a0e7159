import { useCallback, useMemo, useState } from "react"
import { formErrorsFromApi, type FieldMatcher, type MappedErrors } from "../lib/field-errors"

const NONE: MappedErrors = { fields: {}, general: null }

/**
 * A form's errors: one per field (shown under its input) and a general one
 * (shown above the form), from the browser's own checks or from an API error.
 */
export function useFormErrors(fields: FieldMatcher[] = []) {
  const [state, setState] = useState<MappedErrors>(NONE)

  /** Shows the browser's own findings; when there are none, clears the old errors and says go on (true). */
  const check = useCallback((found: Record<string, string>) => {
    if (Object.keys(found).length) {
      setState((s) => ({ fields: found, general: s.general }))
      return false
    }
    setState(NONE)
    return true
  }, [])

  /** Maps an API error onto the fields; ids in `names` are replaced by their names. */
  const fromApiError = useCallback(
    (e: unknown, names?: Record<string, string | null | undefined>) => setState(formErrorsFromApi(e, fields, names)),
    [fields]
  )

  /** Shows errors a form mapped itself (fields and general). */
  const show = useCallback((mapped: MappedErrors) => setState(mapped), [])
  const setGeneral = useCallback((general: string | null) => setState({ fields: {}, general }), [])
  const setFields = useCallback((found: Record<string, string>) => setState({ fields: found, general: null }), [])
  const clear = useCallback(() => setState(NONE), [])
  const clearField = useCallback(
    (field: string) =>
      setState((s) => {
        if (!(field in s.fields)) {
          return s
        }
        const { [field]: _, ...rest } = s.fields
        return { ...s, fields: rest }
      }),
    []
  )

  return useMemo(
    () => ({ errors: state.fields, general: state.general, check, fromApiError, show, setGeneral, setFields, clear, clearField }),
    [state, check, fromApiError, show, setGeneral, setFields, clear, clearField]
  )
}

export type FormErrors = ReturnType<typeof useFormErrors>
