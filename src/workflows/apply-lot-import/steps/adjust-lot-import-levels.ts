import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { Resolver } from "../../../types/container"
import { withInventoryLock } from "../../utils/lot-lock"

export type LevelAdjustment = { inventory_item_id: string; location_id: string; adjustment: number }

/** Levels adjusted per call of the inventory module (each under core's lock on its items). */
const LEVELS_PER_CALL = 500

type Done = { adjusted: LevelAdjustment[]; created: string[] }

/**
 * Moves the levels by the adjustments, 500 at a time, each part under core's
 * lock on its items: the levels are read and written back through the
 * inventory module's bulk update, and the missing ones (units arriving where
 * the item was never stocked) created with their units: a few round trips
 * per part, where `adjustInventory` reads and writes one level at a time
 * (about 4 ms a level: 40 s for 10,000). Records what it did in `done`.
 */
async function adjust(container: Resolver, adjustments: LevelAdjustment[], done: Done): Promise<void> {
  const inventory = container.resolve(Modules.INVENTORY)
  for (let i = 0; i < adjustments.length; i += LEVELS_PER_CALL) {
    const part = adjustments.slice(i, i + LEVELS_PER_CALL)
    const items = [...new Set(part.map((a) => a.inventory_item_id))]
    await withInventoryLock(container, items, async () => {
      const levels = await inventory.listInventoryLevels(
        { inventory_item_id: items, location_id: [...new Set(part.map((a) => a.location_id))] },
        { select: ["id", "inventory_item_id", "location_id", "stocked_quantity"] }
      )
      const current = new Map<string, number>(levels.map((l: any) => [`${l.inventory_item_id}:${l.location_id}`, Number(l.stocked_quantity)]))
      const updates: LevelAdjustment[] = []
      const missing: LevelAdjustment[] = []
      for (const a of part) {
        ;(current.has(`${a.inventory_item_id}:${a.location_id}`) ? updates : missing).push(a)
      }
      const refused = missing.find((a) => a.adjustment < 0)
      if (refused) {
        throw new MedusaError(
          MedusaError.Types.NOT_FOUND,
          `Inventory level for item ${refused.inventory_item_id} and location ${refused.location_id} not found`
        )
      }
      if (missing.length) {
        const created = await inventory.createInventoryLevels(
          missing.map((a) => ({ inventory_item_id: a.inventory_item_id, location_id: a.location_id, stocked_quantity: a.adjustment }))
        )
        done.created.push(...created.map((l: { id: string }) => l.id))
      }
      if (updates.length) {
        await inventory.updateInventoryLevels(
          updates.map((a) => ({
            inventory_item_id: a.inventory_item_id,
            location_id: a.location_id,
            stocked_quantity: current.get(`${a.inventory_item_id}:${a.location_id}`)! + a.adjustment,
          }))
        )
        done.adjusted.push(...updates)
      }
    })
  }
}

async function undo(container: Resolver, done: Done | undefined): Promise<void> {
  if (!done) {
    return
  }
  if (done.adjusted.length) {
    await adjust(container, done.adjusted.map((a) => ({ ...a, adjustment: -a.adjustment })), { adjusted: [], created: [] })
  }
  if (done.created.length) {
    await container.resolve(Modules.INVENTORY).deleteInventoryLevels(done.created)
  }
}

export const adjustLotImportLevelsStepId = "adjust-lot-import-levels"

/**
 * Medusa's inventory levels follow the import's lot stock, pair by pair,
 * through the inventory module under core's lock keys (as core's
 * `adjustInventoryLevelsStep`; a level is created where units arrive at a
 * new location, as `ensure-inventory-levels` does), in parts of 500 levels so
 * a large import never asks for thousands of keys at once. Compensation
 * applies the opposite of what was done and removes the levels it created.
 */
export const adjustLotImportLevelsStep = createStep(
  adjustLotImportLevelsStepId,
  async (adjustments: LevelAdjustment[], { container }) => {
    const done: Done = { adjusted: [], created: [] }
    try {
      await adjust(container, adjustments, done)
    } catch (e) {
      // This step failed: its compensation does not run, so it undoes its own parts.
      await undo(container, done)
      throw e
    }
    return new StepResponse(adjustments.length, done)
  },
  async (done, { container }) => undo(container, done)
)
