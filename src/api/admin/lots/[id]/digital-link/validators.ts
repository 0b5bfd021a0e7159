import { z } from "@medusajs/framework/zod"

export const AdminGetLotDigitalLinkParams = z.object({}).strict()
