import { lotCheckPage } from "../../../../../../page"

/** The same page for one unit (AI 21 serial): a recall by serial shows too. */
export const GET = lotCheckPage
