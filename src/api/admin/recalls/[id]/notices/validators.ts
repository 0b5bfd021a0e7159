import { z } from "@medusajs/framework/zod"

/** A resend takes no options: the notice goes to the address it was listed with. */
export const AdminResendRecallNotice = z.object({}).strict()
