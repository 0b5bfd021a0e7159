import { lotCheckPage } from "../../../../page"

/** The page a lot's GS1 Digital Link QR code opens (src/api/lot/page.ts). */
export const GET = lotCheckPage
