import type { RecallScope } from "../../types/http"

/**
 * A recall's scope in words: "Stock at Paris Warehouse · shipped 2026-02-01 to
 * 2026-02-28" (or "Shipped ..." alone). `locationName` names the ids (they stay ids without it).
 */
export function scopeText(scope: RecallScope | null | undefined, locationName: (id: string) => string = (id) => id): string {
  if (!scope) {
    return "Whole lots"
  }
  const parts: string[] = []
  if (scope.location_ids?.length) {
    parts.push(`Stock at ${scope.location_ids.map(locationName).join(", ")}`)
  }
  if (scope.shipped_from && scope.shipped_to) {
    parts.push(`shipped ${scope.shipped_from} to ${scope.shipped_to}`)
  } else if (scope.shipped_from) {
    parts.push(`shipped from ${scope.shipped_from}`)
  } else if (scope.shipped_to) {
    parts.push(`shipped until ${scope.shipped_to}`)
  }
  const text = parts.join(" · ")
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "Whole lots"
}
