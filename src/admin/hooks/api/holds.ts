import { useQuery } from "@tanstack/react-query"
import type { LotHold } from "../../../types/http"
import { get } from "../../lib/sdk"
import { holdsQueryKeys } from "./query-keys"

/** What lot tracking holds back from sale for an item. */
export const useLotHolds = (itemId: string) =>
  useQuery({
    queryKey: holdsQueryKeys.list({ inventory_item_id: itemId }),
    queryFn: () => get<{ holds: LotHold[] }>("/admin/lot-tracking/holds", { inventory_item_id: itemId }),
  })
