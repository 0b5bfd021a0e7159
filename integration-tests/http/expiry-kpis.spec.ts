// The merchant's day is counted in a time zone 14 hours ahead of UTC, so for
// ten hours of every UTC day "today" differs from the UTC date: the expiry
// watch must use the plugin's time zone (medusa-config.ts reads this).
process.env.LOT_TRACKING_TIME_ZONE = "Pacific/Kiritimati"

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { WorkflowManager } from "@medusajs/framework/orchestration"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createInventoryItem, databaseState, expectInvariant, lotStock, receiveLot, seedLotTestStore } from "../helpers/fixtures"
import { fulfillOrder, placeOrder, recordEvents } from "../helpers/orders"
import { waitFor } from "../helpers/race"
import type { DemoStore } from "../../src/scripts/demo/store"
import { addDays } from "../../src/lib/calendar-date"
import { lotService } from "../../src/modules/lot_tracking/resolve"
import { expiryWatchWorkflow, type ExpiryWatchInput, type ExpiryWatchResult } from "../../src/workflows/expiry-watch"
import lotExpiryWatchJob, { config as jobConfig } from "../../src/jobs/lot-expiry-watch"
import { traceabilityRate } from "../../src/read-models/lot-kpis"

jest.setTimeout(240 * 1000)

const TIME_ZONE = "Pacific/Kiritimati"
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function knex(container: MedusaContainer) {
  return container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
}

/** The admin feed notifications the expiry watch sent, oldest first. */
async function lotNotifications(container: MedusaContainer) {
  const notifications = await container
    .resolve(Modules.NOTIFICATION)
    .listNotifications({ channel: "feed", resource_type: "lot" } as any, { order: { created_at: "ASC" } })
  return notifications as any[]
}

async function alerts(container: MedusaContainer) {
  const { rows } = await knex(container).raw(
    `SELECT l.lot_number, e.state, e.expires_at, e.notification_id
       FROM lot_expiry_alert e JOIN lot l ON l.id = e.lot_id
      WHERE e.deleted_at IS NULL ORDER BY l.lot_number, e.state`
  )
  return rows as { lot_number: string; state: string; expires_at: string; notification_id: string | null }[]
}

async function level(container: MedusaContainer, inventoryItemId: string, locationId: string) {
  const [lvl] = await container
    .resolve(Modules.INVENTORY)
    .listInventoryLevels({ inventory_item_id: inventoryItemId, location_id: locationId })
  return Number(lvl?.stocked_quantity ?? 0)
}

/**
 * What the KPI rollups hold that the base tables do not imply, or miss (empty
 * when exact): shipments per (fulfilment, item), fulfilments per UTC day
 * with an item that was tracked when it shipped (the rows' `tracked`), lot
 * stock per (item, location) of live lots.
 */
async function rollupDrift(container: MedusaContainer) {
  const k = knex(container)
  const shipments = await k.raw(
    `WITH expected AS (
       SELECT f.id AS fulfillment_id, s.inventory_item_id, f.created_at AS fulfillment_created_at,
              s.units AS shipped_units, least(s.units, coalesce(r.units, 0)) AS units_with_lot
         FROM fulfillment f
         JOIN (SELECT fulfillment_id, inventory_item_id, sum(quantity) AS units FROM fulfillment_item
                WHERE deleted_at IS NULL AND inventory_item_id IS NOT NULL GROUP BY 1, 2) s ON s.fulfillment_id = f.id
         LEFT JOIN (SELECT fulfillment_id, inventory_item_id, sum(quantity) AS units FROM lot_allocation
                     WHERE status = 'fulfilled' AND deleted_at IS NULL AND fulfillment_id IS NOT NULL GROUP BY 1, 2) r
           ON r.fulfillment_id = f.id AND r.inventory_item_id = s.inventory_item_id
        WHERE f.deleted_at IS NULL AND f.canceled_at IS NULL)
     , rollup AS (SELECT fulfillment_id, inventory_item_id, fulfillment_created_at, shipped_units, units_with_lot FROM lot_kpi_shipment)
     (SELECT 'missing' AS drift, * FROM (SELECT * FROM expected EXCEPT SELECT * FROM rollup) m)
     UNION ALL
     (SELECT 'extra', * FROM (SELECT * FROM rollup EXCEPT SELECT * FROM expected) x)`
  )
  const days = await k.raw(
    `SELECT coalesce(e.day, d.day)::text AS day, coalesce(e.n, 0)::int AS expected, coalesce(d.fulfillments, 0)::int AS rollup
       FROM (SELECT day, count(*) AS n FROM (
               SELECT (min(f.created_at) AT TIME ZONE 'UTC')::date AS day
                 FROM fulfillment f JOIN fulfillment_item fi ON fi.fulfillment_id = f.id AND fi.deleted_at IS NULL
                 JOIN lot_kpi_shipment s ON s.fulfillment_id = f.id AND s.inventory_item_id = fi.inventory_item_id AND s.tracked
                WHERE f.deleted_at IS NULL AND f.canceled_at IS NULL
                GROUP BY f.id) m GROUP BY day) e
       FULL JOIN (SELECT day, fulfillments FROM lot_kpi_fulfillment_day WHERE fulfillments <> 0) d ON d.day = e.day
      WHERE e.n IS DISTINCT FROM d.fulfillments`
  )
  const stock = await k.raw(
    `SELECT coalesce(e.inventory_item_id, r.inventory_item_id) AS inventory_item_id, coalesce(e.location_id, r.location_id) AS location_id,
            e.units AS expected, r.stocked_quantity AS rollup
       FROM (SELECT l.inventory_item_id, s.location_id, sum(s.stocked_quantity)::int AS units, count(*)::int AS n
               FROM lot_stock s JOIN lot l ON l.id = s.lot_id AND l.deleted_at IS NULL
              WHERE s.deleted_at IS NULL GROUP BY 1, 2) e
       FULL JOIN (SELECT * FROM lot_kpi_stock WHERE lot_stocks <> 0 OR stocked_quantity <> 0) r
         ON r.inventory_item_id = e.inventory_item_id AND r.location_id = e.location_id
      WHERE e.units IS DISTINCT FROM r.stocked_quantity::int OR e.n IS DISTINCT FROM r.lot_stocks`
  )
  return { shipments: shipments.rows, days: days.rows, stock: stock.rows }
}

const numbers = (announced: { lot_number: string }[]) => announced.map((a) => a.lot_number).sort()

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let paris: { id: string; name: string }
    let rotterdam: { id: string; name: string }
    let shampoo: DemoStore["products"][number]
    let vitamin: DemoStore["products"][number]
    let today: string

    beforeEach(async () => {
      const container = getContainer()
      const seeded = await seedLotTestStore(container)
      ;({ store, admin, paris, rotterdam } = seeded)
      shampoo = seeded.product("SHAMPOO-ARGAN-250")
      vitamin = seeded.product("VITC-1000-60")
      today = await lotService(container).today()
    })

    const get = (url: string) => api.get(url, { headers: admin }).catch((e) => e.response)
    const post = (url: string, body: unknown) => api.post(url, body, { headers: admin }).catch((e) => e.response)

    /** A lot received through the plugin's workflow (expired receipts allowed: the tests need them). */
    async function receive(
      inventoryItemId: string,
      lot_number: string,
      expires_at: string,
      receipts: { location_id: string; quantity: number }[]
    ) {
      return receiveLot(getContainer(), { inventory_item_id: inventoryItemId, lot_number, expires_at, receive: receipts, allow_expired: true }) as Promise<{ id: string; lot_number: string }>
    }

    async function runWatch(input: ExpiryWatchInput = {}): Promise<ExpiryWatchResult> {
      const { result } = await expiryWatchWorkflow(getContainer()).run({ input })
      return result
    }

    describe("expiry watch", () => {
      it("announces each lot once per state, by notification and event; a lot moving from expiring to expired is announced again", async () => {
        const container = getContainer()
        const service = lotService(container)
        expect((await service.getOptions()).time_zone).toEqual(TIME_ZONE)
        expect((await service.getOptions()).auto_write_off_expired).toEqual(false)

        const expiringEvents = recordEvents(container, "lot.expiring")
        const expiredEvents = recordEvents(container, "lot.expired")
        try {
          const old = await receive(shampoo.inventoryItemId, "SH-OLD", addDays(today, -3), [{ location_id: paris.id, quantity: 5 }])
          await receive(shampoo.inventoryItemId, "SH-SOON", addDays(today, 10), [
            { location_id: paris.id, quantity: 4 },
            { location_id: rotterdam.id, quantity: 1 },
          ])
          await receive(shampoo.inventoryItemId, "SH-LASTDAY", today, [{ location_id: paris.id, quantity: 3 }])
          await receive(shampoo.inventoryItemId, "SH-FRESH", addDays(today, 31), [{ location_id: paris.id, quantity: 10 }])
          // Not announced: no stock on hand, a recalled lot (the recall desk owns it), an item that is not tracked.
          await receive(shampoo.inventoryItemId, "SH-EMPTY", addDays(today, -2), [])
          const recalled = await receive(shampoo.inventoryItemId, "SH-RECALLED", addDays(today, -1), [{ location_id: paris.id, quantity: 2 }])
          await service.updateLots({ id: recalled.id, status: "recalled" })
          // An item whose tracking is turned off (before it holds lot stock: afterwards that is refused).
          expect((await post(`/admin/lot-tracking/policies/${vitamin.inventoryItemId}`, { tracked: false })).status).toEqual(200)
          await receive(vitamin.inventoryItemId, "VC-UNTRACKED", addDays(today, -1), [{ location_id: paris.id, quantity: 2 }])

          const res = await post("/admin/lot-tracking/expiry/run", {})
          expect(res.status).toEqual(200)
          const first = res.data.expiry_watch as ExpiryWatchResult
          expect(first.today).toEqual(today)
          expect(first.auto_write_off).toEqual(false)
          expect(numbers(first.announced.expiring)).toEqual(["SH-LASTDAY", "SH-SOON"])
          expect(numbers(first.announced.expired)).toEqual(["SH-OLD"])
          expect(first.already_announced).toEqual(0)
          expect(first.written_off).toEqual([])

          const feed = await lotNotifications(container)
          expect(feed).toHaveLength(3)
          for (const n of feed) {
            expect(n).toEqual(expect.objectContaining({ to: "", channel: "feed", template: "admin-ui", status: "success" }))
          }
          const byTitle = new Map(feed.map((n) => [n.data.title, n]))
          expect([...byTitle.keys()].sort()).toEqual(["Lot SH-LASTDAY expires today", "Lot SH-OLD has expired", "Lot SH-SOON expires in 10 days"])
          expect(byTitle.get("Lot SH-SOON expires in 10 days").data.description).toContain(
            "SHAMPOO-ARGAN-250 · Argan Repair Shampoo 250 ml: 5 units on hand (Paris Warehouse 4, Rotterdam Warehouse 1)."
          )
          expect(byTitle.get("Lot SH-OLD has expired").data.description).toContain(`Expired: ${addDays(today, -3)} was its last day of use.`)

          const oldEvent = await expiredEvents.waitFor((e) => e.data.lot_number === "SH-OLD")
          expect(oldEvent.data).toEqual(
            expect.objectContaining({
              id: old.id,
              lot_id: old.id,
              state: "expired",
              expires_at: addDays(today, -3),
              days_until_expiry: -3,
              inventory_item_id: shampoo.inventoryItemId,
              stocked_quantity: 5,
              notification_id: byTitle.get("Lot SH-OLD has expired").id,
              stock: [expect.objectContaining({ location_id: paris.id, location_name: "Paris Warehouse", stocked_quantity: 5 })],
            })
          )
          await expiringEvents.waitFor((e) => e.data.lot_number === "SH-SOON")
          await expiringEvents.waitFor((e) => e.data.lot_number === "SH-LASTDAY" && e.data.days_until_expiry === 0)

          // The same day again (the hourly job's first run of the day, after the admin's "run now"):
          // nothing is announced twice.
          expect(jobConfig).toEqual({ name: "lot-expiry-watch", schedule: "0 * * * *" })
          // The app registered the job as a scheduled workflow.
          expect(WorkflowManager.getWorkflow("job-lot-expiry-watch")).toBeDefined()
          const second = (await lotExpiryWatchJob(container, { scheduledFor: new Date() })) as ExpiryWatchResult
          expect(second.announced).toEqual({ expiring: [], expired: [] })
          expect(second.already_announced).toEqual(3)
          await sleep(500)
          expect(await lotNotifications(container)).toHaveLength(3)
          expect(expiringEvents.events).toHaveLength(2)
          expect(expiredEvents.events).toHaveLength(1)

          // The next day in the merchant's time zone: the lot whose last day was today has expired,
          // and the fresh lot enters its 30-day window. Nothing else is repeated.
          const next = (await lotExpiryWatchJob(container, { scheduledFor: new Date(Date.now() + 24 * 3600 * 1000) })) as ExpiryWatchResult
          expect(next.today).toEqual(addDays(today, 1))
          expect(numbers(next.announced.expired)).toEqual(["SH-LASTDAY"])
          expect(numbers(next.announced.expiring)).toEqual(["SH-FRESH"])
          expect(next.already_announced).toEqual(2)
          await expiredEvents.waitFor((e) => e.data.lot_number === "SH-LASTDAY")
          await sleep(500)
          expect(expiredEvents.events.map((e) => e.data.lot_number).sort()).toEqual(["SH-LASTDAY", "SH-OLD"])
          expect(expiringEvents.events.map((e) => e.data.lot_number).sort()).toEqual(["SH-FRESH", "SH-LASTDAY", "SH-SOON"])
          const titles = (await lotNotifications(container)).map((n) => n.data.title)
          expect(titles).toHaveLength(5)
          expect(titles.slice(3).sort()).toEqual(["Lot SH-FRESH expires in 30 days", "Lot SH-LASTDAY has expired"])

          expect((await alerts(container)).map((a) => [a.lot_number, a.state, !!a.notification_id])).toEqual([
            ["SH-FRESH", "expiring", true],
            ["SH-LASTDAY", "expired", true],
            ["SH-LASTDAY", "expiring", true],
            ["SH-OLD", "expired", true],
            ["SH-SOON", "expiring", true],
          ])
        } finally {
          expiringEvents.stop()
          expiredEvents.stop()
        }
      })

      it("counts days in the plugin's time zone: on the last day a lot is expiring, from the next day it is expired", async () => {
        const container = getContainer()
        const service = lotService(container)
        // 12:00 UTC is already the next calendar day in Kiritimati (UTC+14).
        const utcDate = new Date().toISOString().slice(0, 10)
        const noonUtc = `${utcDate}T12:00:00.000Z`
        const merchantDay = await service.today(new Date(noonUtc))
        expect(merchantDay).toEqual(addDays(utcDate, 1))

        await receive(shampoo.inventoryItemId, "SH-UTC-DAY", utcDate, [{ location_id: paris.id, quantity: 2 }])
        await receive(shampoo.inventoryItemId, "SH-LOCAL-DAY", merchantDay, [{ location_id: paris.id, quantity: 2 }])
        const run = await runWatch({ now: noonUtc })
        expect(run.today).toEqual(merchantDay)
        expect(run.announced.expired.map((a) => [a.lot_number, a.days_until_expiry])).toEqual([["SH-UTC-DAY", -1]])
        expect(run.announced.expiring.map((a) => [a.lot_number, a.days_until_expiry])).toEqual([["SH-LOCAL-DAY", 0]])

        // The Expiry page, the lot API and the job agree on the boundary days (today, by the plugin's clock).
        const lastDay = await receive(shampoo.inventoryItemId, "SH-TODAY", today, [{ location_id: paris.id, quantity: 1 }])
        const yesterday = await receive(shampoo.inventoryItemId, "SH-YESTERDAY", addDays(today, -1), [{ location_id: paris.id, quantity: 1 }])
        const page = await get(`/admin/lot-tracking/expiry?inventory_item_id=${shampoo.inventoryItemId}`)
        const state = new Map(page.data.lots.map((l: any) => [l.lot_number, [l.state, l.days_until_expiry]]))
        expect(state.get("SH-TODAY")).toEqual(["expiring", 0])
        expect(state.get("SH-YESTERDAY")).toEqual(["expired", -1])
        expect((await get(`/admin/lots/${lastDay.id}`)).data.lot).toEqual(expect.objectContaining({ expired: false, expiring_soon: true }))
        expect((await get(`/admin/lots/${yesterday.id}`)).data.lot).toEqual(expect.objectContaining({ expired: true, expiring_soon: false }))
      })

      it("lists expired and expiring lots with stock per location for the Expiry page, by policy window or by days", async () => {
        const container = getContainer()
        await receive(shampoo.inventoryItemId, "SH-GONE", addDays(today, -4), [
          { location_id: paris.id, quantity: 5 },
          { location_id: rotterdam.id, quantity: 2 },
        ])
        await receive(shampoo.inventoryItemId, "SH-30", addDays(today, 30), [{ location_id: paris.id, quantity: 3 }])
        await receive(shampoo.inventoryItemId, "SH-31", addDays(today, 31), [{ location_id: paris.id, quantity: 3 }])
        await receive(shampoo.inventoryItemId, "SH-EMPTY", addDays(today, 3), [])
        // The vitamin's policy warns 60 days ahead.
        await receive(vitamin.inventoryItemId, "VC-45", addDays(today, 45), [{ location_id: rotterdam.id, quantity: 8 }])
        expect((await post(`/admin/lot-tracking/policies/${vitamin.inventoryItemId}`, { expiry_warning_days: 60 })).status).toEqual(200)

        const all = await get("/admin/lot-tracking/expiry")
        expect(all.status).toEqual(200)
        expect(all.data).toEqual(
          expect.objectContaining({
            today,
            time_zone: TIME_ZONE,
            days: null,
            count: 3,
            offset: 0,
            limit: 50,
            summary: { expired: { lots: 1, stocked_quantity: 7 }, expiring: { lots: 2, stocked_quantity: 11 } },
          })
        )
        expect(all.data.lots.map((l: any) => [l.lot_number, l.state, l.days_until_expiry, l.warning_days])).toEqual([
          ["SH-GONE", "expired", -4, 30],
          ["SH-30", "expiring", 30, 30],
          ["VC-45", "expiring", 45, 60],
        ])
        expect(all.data.lots[0]).toEqual(
          expect.objectContaining({
            stocked_quantity: 7,
            reserved_quantity: 0,
            available_quantity: 7,
            status: "active",
            inventory_item: expect.objectContaining({ sku: "SHAMPOO-ARGAN-250" }),
            announced: { expiring: null, expired: null },
            stock: [
              expect.objectContaining({ location_id: paris.id, location_name: "Paris Warehouse", stocked_quantity: 5, available_quantity: 5 }),
              expect.objectContaining({ location_id: rotterdam.id, location_name: "Rotterdam Warehouse", stocked_quantity: 2 }),
            ],
          })
        )

        // A fixed window instead of each item's: 60 days takes in SH-31; 30 days leaves out the vitamin.
        const sixty = await get("/admin/lot-tracking/expiry?days=60")
        expect(sixty.data.lots.map((l: any) => l.lot_number)).toEqual(["SH-GONE", "SH-30", "SH-31", "VC-45"])
        const thirty = await get("/admin/lot-tracking/expiry?days=30&state=expiring")
        expect(thirty.data.lots.map((l: any) => l.lot_number)).toEqual(["SH-30"])
        expect(thirty.data.count).toEqual(1)
        expect(thirty.data.summary).toEqual({ expired: { lots: 1, stocked_quantity: 7 }, expiring: { lots: 1, stocked_quantity: 3 } })

        // Per location, state and page.
        const inRotterdam = await get(`/admin/lot-tracking/expiry?location_id=${rotterdam.id}`)
        expect(inRotterdam.data.lots.map((l: any) => [l.lot_number, l.stocked_quantity, l.stock.length])).toEqual([
          ["SH-GONE", 2, 1],
          ["VC-45", 8, 1],
        ])
        const expired = await get("/admin/lot-tracking/expiry?state=expired")
        expect([expired.data.count, expired.data.lots.map((l: any) => l.lot_number)]).toEqual([1, ["SH-GONE"]])
        const page2 = await get("/admin/lot-tracking/expiry?limit=1&offset=1")
        expect([page2.data.count, page2.data.lots.map((l: any) => l.lot_number)]).toEqual([3, ["SH-30"]])
        const pastEnd = await get("/admin/lot-tracking/expiry?limit=5&offset=10")
        expect([pastEnd.data.count, pastEnd.data.lots]).toEqual([3, []])

        // Three runs at once (the daily job, the admin's "run now", a second instance) announce each lot once.
        const runs = await Promise.all([runWatch(), runWatch(), post("/admin/lot-tracking/expiry/run", {}).then((r) => r.data.expiry_watch)])
        const announced = runs.flatMap((r: ExpiryWatchResult) => [...r.announced.expiring, ...r.announced.expired])
        expect(numbers(announced)).toEqual(["SH-30", "SH-GONE", "VC-45"])
        expect(await lotNotifications(container)).toHaveLength(3)

        // Announcements show on the page once the watch ran.
        const after = await get("/admin/lot-tracking/expiry?state=expired")
        expect(after.data.lots[0].announced).toEqual({ expiring: null, expired: expect.any(String) })
        expect(await alerts(container)).toHaveLength(3)
      })

      it("keeps the admin feed readable on a large run: one event per lot, at most 20 notifications per state plus a summary", async () => {
        const container = getContainer()
        for (let i = 1; i <= 22; i++) {
          await receive(vitamin.inventoryItemId, `VC-BULK-${String(i).padStart(2, "0")}`, addDays(today, i), [{ location_id: paris.id, quantity: 2 }])
        }
        const events = recordEvents(container, "lot.expiring")
        try {
          const run = await runWatch()
          expect(run.announced.expiring).toHaveLength(22)
          await waitFor(async () => events.events.length >= 22, "22 lot.expiring events", 10000)
          const feed = await container
            .resolve(Modules.NOTIFICATION)
            .listNotifications({ channel: "feed", trigger_type: "lot.expiring" } as any, { order: { created_at: "ASC" } })
          expect(feed).toHaveLength(21)
          const summary = feed.find((n: any) => n.resource_type === "lot_expiry_digest")!
          expect(summary.data).toEqual(
            expect.objectContaining({ title: "2 more lots expire soon", description: expect.stringContaining("4 units on hand in lots VC-BULK-21, VC-BULK-22.") })
          )
          // Every alert row points at the notification that announced its lot.
          const rows = await alerts(container)
          expect(rows).toHaveLength(22)
          expect(rows.filter((r) => r.notification_id === summary.id).map((r) => r.lot_number)).toEqual(["VC-BULK-21", "VC-BULK-22"])
          expect(new Set(rows.map((r) => r.notification_id)).size).toEqual(21)
        } finally {
          events.stop()
        }
      })

      it("with auto write-off, writes off the unreserved units of expired lots (reason expired), keeping lot stock equal to Medusa's levels", async () => {
        const container = getContainer()
        const soon = await receive(shampoo.inventoryItemId, "SH-A", addDays(today, 10), [{ location_id: paris.id, quantity: 6 }])
        const fresh = await receive(shampoo.inventoryItemId, "SH-C", addDays(today, 200), [{ location_id: paris.id, quantity: 10 }])

        // An order reserves 2 units of the soonest lot (FEFO); then that lot's expiry date is corrected to yesterday.
        // (Placed while only Paris holds stock, so Medusa reserves there.)
        const order = await placeOrder(api, store, { items: [{ variant_id: shampoo.variantId, quantity: 2 }] })
        await waitFor(async () => (await lotStock(container, soon.id, paris.id)).reserved === 2, "the order's lot reservation")
        const gone = await receive(shampoo.inventoryItemId, "SH-B", addDays(today, -1), [
          { location_id: paris.id, quantity: 3 },
          { location_id: rotterdam.id, quantity: 2 },
        ])
        const corrected = await post(`/admin/lots/${soon.id}`, { expires_at: addDays(today, -1) })
        expect(corrected.status).toEqual(200)
        expect(corrected.data.lot.expired).toEqual(true)

        // Option off (the default): the run announces but writes nothing off.
        const before = await databaseState(container)
        const off = await post("/admin/lot-tracking/expiry/run", {})
        expect(off.data.expiry_watch.auto_write_off).toEqual(false)
        expect(off.data.expiry_watch.written_off).toEqual([])
        expect(numbers(off.data.expiry_watch.announced.expired)).toEqual(["SH-A", "SH-B"])
        const afterOff = await databaseState(container)
        expect([afterOff.stock, afterOff.levels, afterOff.movements]).toEqual([before.stock, before.levels, before.movements])

        // A lot that expired since: written off in the same run that announces it.
        const late = await receive(shampoo.inventoryItemId, "SH-D", addDays(today, -2), [{ location_id: paris.id, quantity: 1 }])

        const on = await runWatch({ auto_write_off: true })
        expect(on.auto_write_off).toEqual(true)
        expect(on.write_off_failures).toEqual([])
        const where = (id: string) => (id === paris.id ? "Paris" : "Rotterdam")
        expect(on.written_off.map((w) => [w.lot_number, where(w.location_id), w.quantity]).sort()).toEqual([
          ["SH-A", "Paris", 4],
          ["SH-B", "Paris", 3],
          ["SH-B", "Rotterdam", 2],
          ["SH-D", "Paris", 1],
        ])
        expect(numbers(on.announced.expired)).toEqual(["SH-D"])
        const lateNotice = (await lotNotifications(container)).find((n) => n.data.title === "Lot SH-D has expired")
        expect(lateNotice.data.description).toContain("1 unit written off automatically (reason: expired); 0 units left.")

        // Reserved units stay (they belong to the order, which cannot ship them); everything else is gone.
        expect(await lotStock(container, soon.id, paris.id)).toEqual({ stocked: 2, reserved: 2 })
        expect(await lotStock(container, gone.id, paris.id)).toEqual({ stocked: 0, reserved: 0 })
        expect(await lotStock(container, gone.id, rotterdam.id)).toEqual({ stocked: 0, reserved: 0 })
        expect(await lotStock(container, late.id, paris.id)).toEqual({ stocked: 0, reserved: 0 })
        expect(await lotStock(container, fresh.id, paris.id)).toEqual({ stocked: 10, reserved: 0 })
        await expectInvariant(container, shampoo.inventoryItemId)
        expect(await level(container, shampoo.inventoryItemId, paris.id)).toEqual(12)
        expect(await level(container, shampoo.inventoryItemId, rotterdam.id)).toEqual(0)

        const ledger = await get(`/admin/lots/${gone.id}/movements?type=written_off`)
        expect(ledger.data.movements.map((m: any) => [m.quantity, m.reason, m.reference_type, m.reference_id]).sort()).toEqual([
          [-2, "expired", "expiry_watch", today],
          [-3, "expired", "expiry_watch", today],
        ])

        // Nothing is left to write off, and nothing is announced twice.
        const again = await runWatch({ auto_write_off: true })
        expect([again.written_off, again.announced]).toEqual([[], { expiring: [], expired: [] }])
        await expectInvariant(container, shampoo.inventoryItemId)
        expect(order.id).toBeDefined()
      })
    })

    describe("KPIs", () => {
      it("traceability rate from Medusa's fulfilments of items tracked when they shipped, and lot accuracy with the list of mismatches", async () => {
        const container = getContainer()
        await receive(shampoo.inventoryItemId, "SH-1", addDays(today, 100), [{ location_id: paris.id, quantity: 20 }])
        // The vitamin is stocked in Medusa only (not tracked yet).
        await container
          .resolve(Modules.INVENTORY)
          .createInventoryLevels([{ inventory_item_id: vitamin.inventoryItemId, location_id: paris.id, stocked_quantity: 10 }])

        // Order 1 ships 6 shampoos (with their lot) and 3 vitamins (untracked, so without a lot).
        const o1 = await placeOrder(api, store, {
          items: [
            { variant_id: shampoo.variantId, quantity: 6 },
            { variant_id: vitamin.variantId, quantity: 3 },
          ],
        })
        await waitFor(async () => (await get(`/admin/orders/${o1.id}/lots`)).data.order_lots.lines.some((l: any) => l.reserved_quantity === 6), "order 1's lots")
        const shipped = await fulfillOrder(api, admin, o1.id, {
          items: o1.items.map((i: any) => ({ id: i.id, quantity: i.quantity })),
          location_id: paris.id,
        })
        expect(shipped.status).toEqual(200)

        // Order 2 ships 2 shampoos, and that fulfilment is canceled: it does not count.
        const o2 = await placeOrder(api, store, { items: [{ variant_id: shampoo.variantId, quantity: 2 }] })
        await waitFor(async () => (await get(`/admin/orders/${o2.id}/lots`)).data.order_lots.lines[0].reserved_quantity === 2, "order 2's lots")
        expect((await fulfillOrder(api, admin, o2.id, { items: [{ id: o2.items[0].id, quantity: 2 }], location_id: paris.id })).status).toEqual(200)
        const { data } = await get(`/admin/orders/${o2.id}?fields=id,*fulfillments`)
        expect((await post(`/admin/orders/${o2.id}/fulfillments/${data.order.fulfillments[0].id}/cancel`, {})).status).toEqual(200)

        // The vitamin becomes tracked afterwards: its earlier shipment (untracked then) does not count,
        // and Medusa's level (10 - 3 + 5 = 12) holds 7 units no lot accounts for.
        await receive(vitamin.inventoryItemId, "VC-1", addDays(today, 200), [{ location_id: paris.id, quantity: 5 }])

        const started = Date.now()
        const res = await get("/admin/lot-tracking/kpis")
        const firstMs = Date.now() - started
        expect(res.status).toEqual(200)
        const { traceability_rate, lot_accuracy_rate } = res.data.kpis
        // The 6 units of items tracked when they shipped carry a lot (the 3 vitamins shipped untracked are not counted).
        expect(traceability_rate).toEqual({
          rate: 1,
          units_with_lot: 6,
          shipped_units: 6,
          fulfillments: 1,
          untraced_items: [],
        })
        // Shampoo at Paris: lots 14 = level 14 (20 - 6; the canceled 2 are back). Vitamin at Paris: lots 5, level 12.
        expect(lot_accuracy_rate).toEqual({
          rate: 0.5,
          matching_pairs: 1,
          pairs: 2,
          mismatched_pairs: 1,
          mismatched_units: 7,
          mismatched_reserved_units: 0,
          as_of: expect.any(String),
          mismatches: [
            {
              inventory_item_id: vitamin.inventoryItemId,
              sku: "VITC-1000-60",
              item_label: "Vitamin C 1000 mg, 60 tablets · Default · VITC-1000-60",
              location_id: paris.id,
              location_name: "Paris Warehouse",
              lot_stocked: 5,
              level_stocked: 12,
              unassigned: 7,
              lot_reserved: 0,
              level_reserved: 0,
              unexplained_reserved: 0,
            },
          ],
        })
        await expectInvariant(container, shampoo.inventoryItemId)

        // A reservation made outside the plugin (the admin's manual reservation) breaks the second
        // equation: Medusa reserves a unit that no lot allocation, shortfall or hold explains.
        await container.resolve(Modules.INVENTORY).createReservationItems([
          { inventory_item_id: shampoo.inventoryItemId, location_id: paris.id, quantity: 1, description: "kept aside by hand" },
        ])
        const withManual = (await get("/admin/lot-tracking/kpis")).data.kpis.lot_accuracy_rate
        expect(withManual).toEqual(expect.objectContaining({ rate: 0, matching_pairs: 0, pairs: 2, mismatched_reserved_units: 1 }))
        expect(withManual.mismatches).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ sku: "SHAMPOO-ARGAN-250", lot_stocked: 14, level_stocked: 14, lot_reserved: 2, level_reserved: 3, unexplained_reserved: 1 }),
          ])
        )

        // A period before any of this: nothing shipped, so the rate is unknown (null), not 0 % or 100 %.
        const earlier = await get(`/admin/lot-tracking/kpis?from=${addDays(today, -10)}&to=${addDays(today, -1)}`)
        expect(earlier.data.kpis.traceability_rate).toEqual(expect.objectContaining({ rate: null, shipped_units: 0, units_with_lot: 0 }))

        const timings: number[] = []
        for (let i = 0; i < 10; i++) {
          const t = Date.now()
          expect((await get("/admin/lot-tracking/kpis")).status).toEqual(200)
          timings.push(Date.now() - t)
        }
        timings.sort((a, b) => a - b)
        console.log(`KPI endpoint latency on the test data: first ${firstMs} ms, median ${timings[5]} ms, max ${timings[9]} ms (10 calls)`)
      })

      it("inventory accuracy from cycle counts, and expiration loss in units and value over the units available", async () => {
        const container = getContainer()
        const create = async (body: Record<string, unknown>) => {
          const res = await post("/admin/lots", body)
          expect(res.status).toEqual(201)
          return res.data.lot
        }
        const sh = await create({ inventory_item_id: shampoo.inventoryItemId, lot_number: "SH-K1", expires_at: addDays(today, 100), receive: [{ location_id: paris.id, quantity: 40 }] })
        const vc = await create({ inventory_item_id: vitamin.inventoryItemId, lot_number: "VC-K1", expires_at: addDays(today, 100), receive: [{ location_id: paris.id, quantity: 10 }] })
        // An item no variant uses: its loss has no price.
        const loose = await createInventoryItem(container, "LOOSE-POWDER")
        const lp = await create({ inventory_item_id: loose.id, lot_number: "LP-1", expires_at: addDays(today, 100), receive: [{ location_id: paris.id, quantity: 1 }] })

        // Three counts: one finds the system quantity, one 3 short, one 2 over.
        for (const [lot, quantity] of [[sh, 40], [sh, 37], [vc, 12]] as const) {
          expect((await post(`/admin/lots/${lot.id}/adjust`, { location_id: paris.id, quantity, reason: "cycle count" })).status).toEqual(200)
        }
        // Written off: 3 shampoos (12.90 €) and 2 vitamins (14.50 €) and the loose unit as expired; 1 shampoo damaged (not an expiry loss).
        for (const [lot, quantity, reason] of [[sh, 3, "expired"], [vc, 2, "expired"], [lp, 1, "expired"], [sh, 1, "damaged"]] as const) {
          expect((await post(`/admin/lots/${lot.id}/write-off`, { location_id: paris.id, quantity, reason })).status).toEqual(200)
        }

        const res = await get("/admin/lot-tracking/kpis")
        expect(res.status).toEqual(200)
        expect(res.data.period).toEqual(
          expect.objectContaining({ from: addDays(today, -29), to: today, days: 30, time_zone: TIME_ZONE })
        )
        // Midnight in Kiritimati is 10:00 UTC the day before.
        expect(res.data.period.start).toEqual(`${addDays(today, -30)}T10:00:00.000Z`)
        expect(res.data.period.end).toEqual(`${today}T10:00:00.000Z`)

        expect(res.data.kpis.inventory_accuracy_rate).toEqual({
          rate: 0.3333,
          matched_counts: 1,
          counts: 3,
          absolute_variance: 5,
          net_variance: -1,
          system_units: 40 + 40 + 10,
          counted_units: 40 + 37 + 12,
        })
        // 6 of the 51 units available (nothing on hand at the start, 51 received) were written off as expired
        // before their date; 5 of them have a price: 3 × 12.90 + 2 × 14.50 = 67.70 €.
        const item = (inventory_item_id: string, sku: string, item_label: string, units: number, available: number, unit_price: number | null, amount: number | null) => ({
          inventory_item_id,
          sku,
          item_label,
          expired_units: units,
          expired_on_hand_units: 0,
          written_off_units: units,
          available_units: available,
          rate: Math.round((units / available) * 10000) / 10000,
          at_cost_units: 0,
          at_price_units: unit_price === null ? 0 : units,
          unvalued_units: unit_price === null ? units : 0,
          unit_price,
          amounts: amount === null ? [] : [{ currency_code: "eur", amount }],
        })
        expect(res.data.kpis.expiration_loss).toEqual({
          rate: 0.1176,
          expired_units: 6,
          expired_on_hand_units: 0,
          written_off_units: 6,
          available_units: 51,
          on_hand_at_start: 0,
          received_units: 51,
          value: { amount: 67.7, currency_code: "eur", amounts: [{ currency_code: "eur", amount: 67.7 }], at_cost_units: 0, at_price_units: 5, unvalued_units: 1 },
          items: [
            item(shampoo.inventoryItemId, "SHAMPOO-ARGAN-250", "Argan Repair Shampoo 250 ml · Default · SHAMPOO-ARGAN-250", 3, 40, 12.9, 38.7),
            item(vitamin.inventoryItemId, "VITC-1000-60", "Vitamin C 1000 mg, 60 tablets · Default · VITC-1000-60", 2, 10, 14.5, 29),
            item(loose.id, "LOOSE-POWDER", "LOOSE-POWDER", 1, 1, null, null),
          ],
        })

        // A period to come: no counts; nothing lost, the 43 units on hand available.
        const later = await get(`/admin/lot-tracking/kpis?from=${addDays(today, 1)}&to=${addDays(today, 5)}`)
        expect(later.data.kpis.inventory_accuracy_rate).toEqual(expect.objectContaining({ rate: null, counts: 0 }))
        expect(later.data.kpis.expiration_loss).toEqual(
          expect.objectContaining({ rate: 0, expired_units: 0, available_units: 43, on_hand_at_start: 43, received_units: 0 })
        )
      })

      it("recall time: median and maximum of recalls opened in the period, to the affected list and to all notices sent", async () => {
        const container = getContainer()
        const hour = 3600 * 1000
        const now = Date.now()
        const at = (msAgo: number, plus = 0) => new Date(now - msAgo + plus)
        await lotService(container).createRecalls([
          { reference: "RC-1", reason: "mould", opened_at: at(3 * hour), recall_time_ms: 1000, all_notified_at: at(3 * hour, 60_000) },
          { reference: "RC-2", reason: "label", status: "closed", opened_at: at(5 * hour), recall_time_ms: 8000, all_notified_at: at(5 * hour, 120_000) },
          { reference: "RC-3", reason: "glass", opened_at: at(2 * hour), recall_time_ms: 3000, all_notified_at: null },
          { reference: "RC-4", reason: "still listing", opened_at: at(hour), recall_time_ms: null },
          { reference: "RC-OLD", reason: "long ago", opened_at: at(60 * 24 * hour), recall_time_ms: 99_999, all_notified_at: at(60 * 24 * hour, 999_999) },
          // Opened by mistake and canceled: not a recall to measure.
          { reference: "RC-X", reason: "wrong lot", status: "canceled", opened_at: at(hour), recall_time_ms: 10, all_notified_at: at(hour, 20) },
        ] as any)

        const res = await get("/admin/lot-tracking/kpis")
        expect(res.data.kpis.recall_time).toEqual({
          recalls: 4,
          listed: 3,
          median_recall_time_ms: 3000,
          max_recall_time_ms: 8000,
          notified: 2,
          median_time_to_notify_ms: 90_000,
          max_time_to_notify_ms: 120_000,
          // RC-3 is listed and not notified: it has no notice with an email (none recorded here).
          awaiting_notification: 0,
          none_reachable: 1,
        })
        const old = await get(`/admin/lot-tracking/kpis?from=${addDays(today, -70)}&to=${addDays(today, -40)}`)
        expect(old.data.kpis.recall_time).toEqual(
          expect.objectContaining({ recalls: 1, median_recall_time_ms: 99_999, max_time_to_notify_ms: 999_999 })
        )
      })
    })

    describe("KPI rollups", () => {
      it("stay equal to the ledger and Medusa's fulfilments through receipts, allocation, fulfilment, returns, write-offs, counts, transfers, cancellations and tracking changes", async () => {
        const container = getContainer()
        const check = async (step: string) =>
          expect({ step, ...(await rollupDrift(container)) }).toEqual({ step, shipments: [], days: [], stock: [] })
        const ok = async (res: Promise<any>, what: string) => {
          const r = await res
          expect([what, r.status < 300, r.data?.message]).toEqual([what, true, undefined])
          return r.data
        }
        const lot = async (body: Record<string, unknown>) => (await ok(post("/admin/lots", body), "receipt")).lot

        // Receipts: two shampoo lots and a vitamin lot.
        const shA = await lot({ inventory_item_id: shampoo.inventoryItemId, lot_number: "SH-R1", expires_at: addDays(today, 100), receive: [{ location_id: paris.id, quantity: 10 }] })
        const shB = await lot({ inventory_item_id: shampoo.inventoryItemId, lot_number: "SH-R2", expires_at: addDays(today, 200), receive: [{ location_id: paris.id, quantity: 5 }] })
        const vc = await lot({ inventory_item_id: vitamin.inventoryItemId, lot_number: "VC-R1", expires_at: addDays(today, 100), receive: [{ location_id: paris.id, quantity: 8 }] })
        await check("receipts")

        // Allocation, then fulfilment of both lines.
        const o1 = await placeOrder(api, store, { items: [{ variant_id: shampoo.variantId, quantity: 12 }, { variant_id: vitamin.variantId, quantity: 2 }] })
        await waitFor(async () => (await get(`/admin/orders/${o1.id}/lots`)).data.order_lots.lines.every((l: any) => l.reserved_quantity === l.quantity), "order 1's lots")
        await check("allocation")
        const f1 = await fulfillOrder(api, admin, o1.id, { items: o1.items.map((i: any) => ({ id: i.id, quantity: i.quantity })), location_id: paris.id })
        expect(f1.status).toEqual(200)
        await check("fulfilment")
        const shampooLine = o1.items.find((i: any) => i.variant_id === shampoo.variantId)

        // A return of 2 shampoos received back into their lots.
        const created = await ok(post("/admin/returns", { order_id: o1.id, location_id: paris.id }), "create return")
        const returnId = created.return.id as string
        await ok(post(`/admin/returns/${returnId}/request-items`, { items: [{ id: shampooLine.id, quantity: 2 }] }), "request items")
        await ok(post(`/admin/returns/${returnId}/request`, {}), "request return")
        await ok(post(`/admin/returns/${returnId}/receive`, {}), "begin receipt")
        await ok(post(`/admin/returns/${returnId}/receive-items`, { items: [{ id: shampooLine.id, quantity: 2 }] }), "receive items")
        await ok(post(`/admin/returns/${returnId}/receive/confirm`, {}), "confirm receipt")
        await waitFor(async () => {
          const { rows } = await knex(container).raw(`SELECT coalesce(sum(returned_quantity), 0)::int AS n FROM lot_allocation WHERE order_id = ?`, [o1.id])
          return rows[0].n === 2
        }, "the returned units on their lots")
        await check("return")

        // Write-off, cycle count, transfer.
        await ok(post(`/admin/lots/${shB.id}/write-off`, { location_id: paris.id, quantity: 1, reason: "expired" }), "write-off")
        await ok(post(`/admin/lots/${shA.id}/adjust`, { location_id: paris.id, quantity: 1, reason: "cycle count" }), "count")
        await ok(post(`/admin/lots/${shB.id}/transfer`, { from_location_id: paris.id, to_location_id: rotterdam.id, quantity: 2 }), "transfer")
        await check("stock changes")

        // A second order shipped, then its fulfilment canceled (no longer counted).
        const o2 = await placeOrder(api, store, { items: [{ variant_id: shampoo.variantId, quantity: 1 }] })
        await waitFor(async () => (await get(`/admin/orders/${o2.id}/lots`)).data.order_lots.lines[0].reserved_quantity === 1, "order 2's lots")
        expect((await fulfillOrder(api, admin, o2.id, { items: [{ id: o2.items[0].id, quantity: 1 }], location_id: paris.id })).status).toEqual(200)
        await check("second fulfilment")
        const { data } = await get(`/admin/orders/${o2.id}?fields=id,*fulfillments`)
        expect((await post(`/admin/orders/${o2.id}/fulfillments/${data.order.fulfillments[0].id}/cancel`, {})).status).toEqual(200)
        await check("canceled fulfilment")

        // A vitamin-only order shipped; then the vitamin stops being tracked (its last units written off
        // first) and is tracked again: it was tracked when it shipped, so its fulfilment stays counted throughout.
        const o3 = await placeOrder(api, store, { items: [{ variant_id: vitamin.variantId, quantity: 1 }] })
        await waitFor(async () => (await get(`/admin/orders/${o3.id}/lots`)).data.order_lots.lines[0].reserved_quantity === 1, "order 3's lots")
        expect((await fulfillOrder(api, admin, o3.id, { items: [{ id: o3.items[0].id, quantity: 1 }], location_id: paris.id })).status).toEqual(200)
        const tracked = (await get("/admin/lot-tracking/kpis")).data.kpis.traceability_rate
        expect(tracked).toEqual(expect.objectContaining({ fulfillments: 2, shipped_units: 15 }))
        await ok(post(`/admin/lots/${vc.id}/write-off`, { location_id: paris.id, quantity: 5, reason: "damaged" }), "vitamin write-off")
        await check("vitamin written off")
        await ok(post(`/admin/lot-tracking/policies/${vitamin.inventoryItemId}`, { tracked: false }), "untrack")
        await check("untracked")
        expect((await get("/admin/lot-tracking/kpis")).data.kpis.traceability_rate).toEqual(tracked)
        await ok(post(`/admin/lot-tracking/policies/${vitamin.inventoryItemId}`, { tracked: true }), "track again")
        await check("tracked again")
        expect((await get("/admin/lot-tracking/kpis")).data.kpis.traceability_rate).toEqual(tracked)

        // The first fulfilment moved 12 days back (as a data correction would): its rows and day follow.
        const f1Id = (await get(`/admin/orders/${o1.id}?fields=id,*fulfillments`)).data.order.fulfillments[0].id
        await knex(container).raw(`UPDATE fulfillment SET created_at = created_at - interval '12 days' WHERE id = ?`, [f1Id])
        await check("fulfilment moved")

        // The KPI read from the rollups equals the one read from the base tables, whatever the period
        // (UTC+14 here, so periods start and end at 10:00 UTC and the ends are read row by row).
        const periods = ["", `?from=${addDays(today, -12)}&to=${addDays(today, -12)}`, `?from=${addDays(today, -13)}&to=${addDays(today, -11)}`, `?from=${addDays(today, -400)}&to=${today}`, `?from=${addDays(today, -11)}&to=${today}`]
        let shipped = 0
        for (const q of periods) {
          const res = await get(`/admin/lot-tracking/kpis${q}`)
          expect(res.status).toEqual(200)
          const fromBaseTables = await traceabilityRate(knex(container), { start: res.data.period.start, end: res.data.period.end }, { rollups: false })
          const { untraced_items, ...figures } = res.data.kpis.traceability_rate
          expect({ q, ...figures, untraced_items: untraced_items.map(({ sku, item_label, ...u }: any) => u) }).toEqual({ q, ...fromBaseTables })
          shipped += figures.shipped_units
        }
        // The 14 units of fulfilment 1 (12 days ago) count in the last 30 days, on the day, in the three days
        // around it and in the year; the vitamin of order 3 (today) in the last 30 days, the year and the last 11 days.
        expect(shipped).toEqual(14 * 4 + 3)
      })
    })

    describe("bad input", () => {
      it("refuses bad KPI and expiry requests with a message saying what is wrong, and changes nothing", async () => {
        const container = getContainer()
        await receive(shampoo.inventoryItemId, "SH-X", addDays(today, -1), [{ location_id: paris.id, quantity: 2 }])

        const refusals: [string, string][] = [
          ["/admin/lot-tracking/kpis?from=2026-02-30", "from must be a calendar date written YYYY-MM-DD"],
          ["/admin/lot-tracking/kpis?to=next-week", "to must be a calendar date written YYYY-MM-DD"],
          ["/admin/lot-tracking/kpis?from=2026-03-02&to=2026-03-01", "from (2026-03-02) must not be after to (2026-03-01)"],
          ["/admin/lot-tracking/kpis?from=2000-01-01&to=2026-03-01", "ask for at most 3660 days"],
          ["/admin/lot-tracking/kpis?since=2026-01-01", "Unrecognized fields: 'since'"],
          ["/admin/lot-tracking/expiry?days=soon", "days must be a whole number of days from 0 to 3650"],
          ["/admin/lot-tracking/expiry?days=-1", "days must be a whole number of days"],
          ["/admin/lot-tracking/expiry?days=7.5", "days must be a whole number of days"],
          ["/admin/lot-tracking/expiry?state=rotten", "state must be one of expired, expiring"],
        ]
        for (const [url, message] of refusals) {
          const res = await get(url)
          expect([url, res.status, res.data.message]).toEqual([url, 400, expect.stringContaining(message)])
        }

        // The run takes no options (the plugin's options decide), and a refused run changes nothing.
        const before = [await databaseState(container), await alerts(container), (await lotNotifications(container)).length]
        const run = await post("/admin/lot-tracking/expiry/run", { auto_write_off: true })
        expect([run.status, run.data.message]).toEqual([400, expect.stringContaining("Unrecognized fields: 'auto_write_off'")])
        expect([await databaseState(container), await alerts(container), (await lotNotifications(container)).length]).toEqual(before)
        expect(before[1]).toEqual([])

        // Admin routes need an admin.
        const anonymous = await api.get("/admin/lot-tracking/kpis").catch((e) => e.response)
        expect(anonymous.status).toEqual(401)
        const anonymousRun = await api.post("/admin/lot-tracking/expiry/run", {}).catch((e) => e.response)
        expect(anonymousRun.status).toEqual(401)
        expect(await alerts(container)).toEqual([])
      })
    })
  },
})
