import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { epcisDocumentFrame, type EpcisObjectEvent } from "../../../../../lib/epcis"

/** Resolves once the response can take more bytes (at once when it already can), or the client has gone. */
function drained(res: MedusaResponse, wrote: boolean): Promise<void> {
  if (wrote) {
    return Promise.resolve()
  }
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done)
      res.off("close", done)
      resolve()
    }
    res.once("drain", done)
    res.once("close", done)
  })
}

/**
 * Streams an EPCIS 2.0 document: the frame, then each event as it is read,
 * waiting for the client when its buffer is full, so a lot with thousands of
 * shipments never sits in memory as one document. Everything that answers
 * 4xx is checked before, and the first page is read before the first byte
 * goes out (a failure there is a plain 500). After that a failure can only
 * cut the response: the client gets broken JSON, never a complete-looking
 * document with events missing.
 */
export async function sendEpcis(
  req: MedusaRequest,
  res: MedusaResponse,
  fileName: string,
  events: AsyncIterable<EpcisObjectEvent>
): Promise<void> {
  const it = events[Symbol.asyncIterator]()
  let next = await it.next()
  const { head, tail } = epcisDocumentFrame(new Date())
  res.status(200)
  res.setHeader("Content-Type", "application/ld+json; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="${fileName}"`)
  res.setHeader("Cache-Control", "no-store")
  try {
    await drained(res, res.write(head))
    let first = true
    while (!next.done) {
      if (res.destroyed) {
        // The client went away: stop reading pages.
        await it.return?.(undefined)
        return
      }
      await drained(res, res.write((first ? "" : ",") + JSON.stringify(next.value)))
      first = false
      next = await it.next()
    }
    res.end(tail)
  } catch (e) {
    // Too late for an error answer (the status is out): log it and cut the stream.
    const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER) as { error: (...args: unknown[]) => void }
    logger.error(`EPCIS export ${req.path} failed after it started; the response was cut`, e)
    res.destroy()
  }
}
