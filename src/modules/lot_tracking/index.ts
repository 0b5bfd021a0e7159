import { Module } from "@medusajs/framework/utils"
import LotTrackingModuleService from "./service"

export const LOT_TRACKING_MODULE = "lot_tracking"

export default Module(LOT_TRACKING_MODULE, {
  service: LotTrackingModuleService,
})

export * from "./types"
