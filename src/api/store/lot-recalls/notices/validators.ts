import { z } from "@medusajs/framework/zod"
import { ACKNOWLEDGEMENT_ACTIONS } from "../../../../lib/recall-acknowledgement"
import { oneOf } from "../../../utils/validators"

/** The customer's answer: what they did with the recalled units. */
export const StoreAcknowledgeRecallNotice = z.object({ action: oneOf("action", ACKNOWLEDGEMENT_ACTIONS) }).strict()
export type StoreAcknowledgeRecallNoticeType = z.infer<typeof StoreAcknowledgeRecallNotice>
