import { createHash } from "crypto"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { describeLots, type ExpiryListLot, type ExpiryWatchState } from "../../../read-models/expiry-lots"
import { expiryMessage, planNotifications } from "../../../lib/expiry-messages"
import type { ClaimedExpiryAlert } from "./claim-expiry-alerts"
import type { ExpiryWriteOff } from "./write-off-expired-lots"

export type NotifyExpiryInput = {
  today: string
  claimed: ClaimedExpiryAlert[]
  lots: ExpiryListLot[]
  written_off: ExpiryWriteOff[]
}

/** One lot announced in one state: what the notification said and the event carries. */
export type ExpiryAnnouncement = {
  id: string
  lot_id: string
  lot_number: string
  inventory_item_id: string
  sku: string | null
  state: ExpiryWatchState
  status: string
  expires_at: string
  days_until_expiry: number
  warning_days: number
  today: string
  stocked_quantity: number
  reserved_quantity: number
  written_off_quantity: number
  stock: { location_id: string; location_name: string | null; stocked_quantity: number; reserved_quantity: number }[]
  alert_id: string
  notification_id: string | null
  title: string
  description: string
}

export const notifyExpiryStepId = "notify-expiry"

/**
 * One admin notification per claimed lot and state, through Medusa's
 * Notification Module on the `feed` channel (`to: ""`, template `admin-ui`,
 * `data: { title, description }`: what the admin's notification drawer
 * shows), with an idempotency key per lot, state and expiry date so a retried
 * run never sends one twice. The alert rows keep the notification ids.
 * Notifications cannot be taken back, so this step has no compensation; an
 * app without a Notification Module gets the events only (with a warning).
 */
export const notifyExpiryStep = createStep(
  notifyExpiryStepId,
  async (input: NotifyExpiryInput, { container }) => {
    if (!input.claimed.length) {
      return new StepResponse([] as ExpiryAnnouncement[])
    }
    const byKey = new Map(input.lots.map((l) => [`${l.id}:${l.state}`, l]))
    const claimed = input.claimed.filter((c) => byKey.has(`${c.lot_id}:${c.state}`))
    const lots = claimed.map((c) => byKey.get(`${c.lot_id}:${c.state}`)!)
    const { items, locations } = await describeLots(container, lots)

    const announcements: ExpiryAnnouncement[] = claimed.map((claim) => {
      const lot = byKey.get(`${claim.lot_id}:${claim.state}`)!
      const item = items.get(lot.inventory_item_id)
      const written = input.written_off.filter((w) => w.lot_id === lot.id).reduce((s, w) => s + w.quantity, 0)
      const stock = lot.stock
        .map((s) => ({ ...s, location_name: locations.get(s.location_id) ?? null }))
        .sort((a, b) => (a.location_name ?? a.location_id).localeCompare(b.location_name ?? b.location_id))
      const { title, description } = expiryMessage({
        lot_number: lot.lot_number,
        state: lot.state,
        expires_at: lot.expires_at,
        days_until_expiry: lot.days_until_expiry,
        status: lot.status,
        sku: item?.sku ?? null,
        title: item?.product_title ?? item?.title ?? null,
        stocked_quantity: lot.stocked_quantity,
        reserved_quantity: lot.reserved_quantity,
        stock: stock.map((s) => ({ location_name: s.location_name ?? s.location_id, stocked_quantity: s.stocked_quantity })),
        written_off: written,
      })
      return {
        id: lot.id,
        lot_id: lot.id,
        lot_number: lot.lot_number,
        inventory_item_id: lot.inventory_item_id,
        sku: item?.sku ?? null,
        state: lot.state,
        status: lot.status,
        expires_at: lot.expires_at,
        days_until_expiry: lot.days_until_expiry,
        warning_days: lot.warning_days,
        today: input.today,
        stocked_quantity: lot.stocked_quantity,
        reserved_quantity: lot.reserved_quantity,
        written_off_quantity: written,
        stock,
        alert_id: claim.id,
        notification_id: null,
        title,
        description,
      }
    })

    if (!container.hasRegistration(Modules.NOTIFICATION)) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn("Lot expiry watch: no Notification Module is registered, so expiring and expired lots are announced by events only")
      return new StepResponse(announcements)
    }
    const { single, digests } = planNotifications(announcements)
    const created = (await container.resolve(Modules.NOTIFICATION).createNotifications([
      ...single.map((a) => ({
        to: "",
        channel: "feed",
        template: "admin-ui",
        trigger_type: `lot.${a.state}`,
        resource_type: "lot",
        resource_id: a.lot_id,
        idempotency_key: `lot-expiry:${a.lot_id}:${a.state}:${a.expires_at}`,
        data: { title: a.title, description: a.description, lot_id: a.lot_id, state: a.state },
      })),
      ...digests.map((d) => ({
        to: "",
        channel: "feed",
        template: "admin-ui",
        trigger_type: `lot.${d.state}`,
        resource_type: "lot_expiry_digest",
        resource_id: d.lots[0].lot_id,
        // The same lots and dates give the same key, so a retried run does not send the summary twice.
        idempotency_key: `lot-expiry-digest:${d.state}:${createHash("sha256")
          .update(d.lots.map((l) => `${l.lot_id}@${l.expires_at}`).sort().join(","))
          .digest("hex")}`,
        data: { title: d.title, description: d.description, state: d.state, lot_ids: d.lots.map((l) => l.lot_id) },
      })),
    ])) as { id: string; resource_type: string; resource_id: string; trigger_type: string }[]
    const idByKey = new Map(created.map((n) => [`${n.resource_type}:${n.resource_id}:${n.trigger_type}`, n.id]))
    for (const a of single) {
      a.notification_id = idByKey.get(`lot:${a.lot_id}:lot.${a.state}`) ?? null
    }
    for (const d of digests) {
      const id = idByKey.get(`lot_expiry_digest:${d.lots[0].lot_id}:lot.${d.state}`) ?? null
      for (const a of d.lots) {
        a.notification_id = id
      }
    }
    const withIds = announcements.filter((a) => a.notification_id)
    if (withIds.length) {
      await lotService(container).updateLotExpiryAlerts(
        withIds.map((a) => ({ id: a.alert_id, notification_id: a.notification_id }))
      )
    }
    return new StepResponse(announcements)
  }
)
