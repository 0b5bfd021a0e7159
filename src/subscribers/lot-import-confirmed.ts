import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { LotImportEvents } from "../lib/lot-import-rows"
import { lotService } from "../modules/lot_tracking/resolve"
import { applyLotImportWorkflow } from "../workflows/apply-lot-import"
import { isLockTimeout, LOCK_LEASE_SECONDS } from "../workflows/utils/lot-lock"

/** Rows per chunk of an apply; `LOT_IMPORT_CHUNK_ROWS` in the environment overrides it (tests make it small). */
function chunkRows(): number | undefined {
  const n = Number(process.env.LOT_IMPORT_CHUNK_ROWS)
  return Number.isInteger(n) && n > 0 ? n : undefined
}

/**
 * A confirmed import is applied here, in the background (on the worker in a
 * cluster). The workflow is all or nothing; when it fails, its compensation
 * has already undone everything, and the import is marked `failed` with why.
 */
export default async function lotImportConfirmed({ event, container }: SubscriberArgs<{ id: string }>) {
  const importId = event.data.id
  try {
    // One apply per import, even when the event is delivered twice (at-least-once buses) or to two
    // workers: the second finds the key taken and leaves the import to the first.
    await container
      .resolve(Modules.LOCKING)
      .execute([`lot-import:${importId}`], () => applyLotImportWorkflow(container).run({ input: { import_id: importId, chunk_rows: chunkRows() } }), {
        timeout: 1,
        expire: LOCK_LEASE_SECONDS,
      })
  } catch (e) {
    if (isLockTimeout(e)) {
      return
    }
    const failure = (e as Error)?.message ?? String(e)
    const service = lotService(container)
    const [found] = await service.listLotImports({ id: importId }, { select: ["id", "mode", "status"] })
    // Only a run that started marks the import failed (a redelivered event for a finished import changes nothing).
    if (found?.status === "running") {
      await service.updateLotImports({ id: importId, status: "failed", failure, processed: 0, finished_at: new Date() })
      await container
        .resolve(Modules.EVENT_BUS)
        .emit({ name: LotImportEvents.FAILED, data: { id: importId, mode: found.mode, failure } })
        .catch(() => undefined)
    }
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`lot_tracking: import ${importId} failed and changed nothing: ${failure}`)
  }
}

export const config: SubscriberConfig = {
  event: LotImportEvents.CONFIRMED,
  context: { subscriberId: "lot-tracking-apply-lot-import" },
}
