import { digitalLinkCheck } from "../../../../../../handler"

/** The same check for one unit (AI 21 serial): a recall by serial counts too. */
export const GET = digitalLinkCheck
