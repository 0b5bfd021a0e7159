import type { MedusaContainer } from "@medusajs/framework/types"
import { LOT_TRACKING_MODULE } from "./index"
import type LotTrackingModuleService from "./service"

export function lotService(container: MedusaContainer | { resolve: (k: string) => unknown }): LotTrackingModuleService {
  return container.resolve(LOT_TRACKING_MODULE) as LotTrackingModuleService
}
