import { digitalLinkCheck } from "../../../../handler"

/** The consumer lot check of a GS1 Digital Link (../../../../handler.ts). */
export const GET = digitalLinkCheck
