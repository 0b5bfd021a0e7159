import { Migration } from "@medusajs/framework/mikro-orm/migrations";
import { Migration20261201090000 } from "./Migration20261201090000";

/**
 * Traceability as items were tracked AT THE TIME OF SHIPMENT (docs/ARCHITECTURE.md, "KPIs").
 *
 * `lot_kpi_shipment.tracked` records, when the trigger first writes a row of
 * a (fulfilment, item), whether the item was lot-tracked then; recomputing
 * the row later (allocations recorded by the fulfilment hook, a return, a
 * correction) keeps it. So an item tracked after it shipped does not lower
 * the traceability rate with shipments nobody could have given a lot, and an
 * item untracked later keeps the shipments it made while tracked. The day
 * counts (fulfilments holding at least one tracked item) follow the column,
 * so a change of a tracking policy no longer moves them: the policy triggers
 * go. Rows that existed before this migration take the item's tracking of
 * the moment the migration runs (the best that is known of the past).
 */
export class Migration20261201210000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "lot_kpi_shipment" add column if not exists "tracked" boolean not null default false;`);
    this.addSql(`UPDATE lot_kpi_shipment s SET tracked = lot_kpi_tracked(s.inventory_item_id) WHERE s.tracked IS DISTINCT FROM lot_kpi_tracked(s.inventory_item_id);`);
    // The period read stays an index-only scan with the new column.
    this.addSql(`DROP INDEX IF EXISTS "IDX_lot_kpi_shipment_created_at";`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_kpi_shipment_created_at" ON "lot_kpi_shipment" ("fulfillment_created_at") INCLUDE ("inventory_item_id", "fulfillment_id", "shipped_units", "units_with_lot", "tracked");`);

    // As in Migration20261201090000, with `tracked` set on a row's first insert and kept after.
    this.addSql(`
CREATE OR REPLACE FUNCTION lot_kpi_refresh_shipments(p_fulfillment_ids text[], p_item_ids text[]) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  v_fulfillments text[];
  v_before date[];
  v_after date[];
BEGIN
  IF p_fulfillment_ids IS NULL OR cardinality(p_fulfillment_ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(lot_kpi_lock_key());
  v_fulfillments := ARRAY(SELECT DISTINCT f FROM unnest(p_fulfillment_ids) AS u(f) WHERE f IS NOT NULL ORDER BY f);
  -- Two transactions on one fulfilment recompute one after the other, the second seeing the first.
  PERFORM pg_advisory_xact_lock(hashtextextended(f, 7401)) FROM unnest(v_fulfillments) AS u(f);
  v_before := ARRAY(
    SELECT lot_kpi_day(min(s.fulfillment_created_at))
      FROM unnest(v_fulfillments) AS u(f) JOIN lot_kpi_shipment s ON s.fulfillment_id = u.f
     WHERE s.tracked
     GROUP BY s.fulfillment_id);
  WITH k AS (
    SELECT DISTINCT u.f, u.i FROM unnest(p_fulfillment_ids, p_item_ids) AS u(f, i) WHERE u.f IS NOT NULL AND u.i IS NOT NULL
  ), cur AS (
    SELECT k.f, k.i, ful.created_at, fi.units, coalesce(al.units, 0) AS lot_units
      FROM k
      JOIN fulfillment ful ON ful.id = k.f AND ful.deleted_at IS NULL AND ful.canceled_at IS NULL
      CROSS JOIN LATERAL (
        SELECT sum(x.quantity) AS units FROM fulfillment_item x
         WHERE x.fulfillment_id = k.f AND x.inventory_item_id = k.i AND x.deleted_at IS NULL
        HAVING count(*) > 0) fi
      LEFT JOIN LATERAL (
        SELECT sum(a.quantity) AS units FROM lot_allocation a
         WHERE a.fulfillment_id = k.f AND a.inventory_item_id = k.i AND a.status = 'fulfilled' AND a.deleted_at IS NULL) al ON true
  ), gone AS (
    DELETE FROM lot_kpi_shipment s USING k
     WHERE s.fulfillment_id = k.f AND s.inventory_item_id = k.i
       AND NOT EXISTS (SELECT 1 FROM cur WHERE cur.f = k.f AND cur.i = k.i)
  )
  INSERT INTO lot_kpi_shipment AS s (fulfillment_id, inventory_item_id, fulfillment_created_at, shipped_units, units_with_lot, tracked)
  SELECT cur.f, cur.i, cur.created_at, cur.units, least(cur.units, cur.lot_units), lot_kpi_tracked(cur.i) FROM cur ORDER BY cur.f, cur.i
  ON CONFLICT (fulfillment_id, inventory_item_id) DO UPDATE
    SET fulfillment_created_at = EXCLUDED.fulfillment_created_at, shipped_units = EXCLUDED.shipped_units,
        units_with_lot = EXCLUDED.units_with_lot
    WHERE (s.fulfillment_created_at, s.shipped_units, s.units_with_lot)
          IS DISTINCT FROM (EXCLUDED.fulfillment_created_at, EXCLUDED.shipped_units, EXCLUDED.units_with_lot);
  v_after := ARRAY(
    SELECT lot_kpi_day(min(s.fulfillment_created_at))
      FROM unnest(v_fulfillments) AS u(f) JOIN lot_kpi_shipment s ON s.fulfillment_id = u.f
     WHERE s.tracked
     GROUP BY s.fulfillment_id);
  IF v_before IS DISTINCT FROM v_after THEN
    INSERT INTO lot_kpi_fulfillment_day AS d (day, fulfillments)
    SELECT x.day, sum(x.n) FROM (
      SELECT b.day, -1 AS n FROM unnest(v_before) AS b(day)
      UNION ALL
      SELECT a.day, 1 FROM unnest(v_after) AS a(day)) x
     GROUP BY x.day HAVING sum(x.n) <> 0 ORDER BY x.day
    ON CONFLICT (day) DO UPDATE SET fulfillments = d.fulfillments + EXCLUDED.fulfillments;
  END IF;
END $$;`);

    // The rebuild keeps what each row recorded at shipment; rows it creates take the tracking of now.
    this.addSql(`
CREATE OR REPLACE FUNCTION lot_kpi_rebuild() RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  LOCK TABLE lot_kpi_stock IN EXCLUSIVE MODE;
  DELETE FROM lot_kpi_stock;
  INSERT INTO lot_kpi_stock (inventory_item_id, location_id, stocked_quantity, lot_stocks)
  SELECT l.inventory_item_id, s.location_id, sum(s.stocked_quantity), count(*)
    FROM lot_stock s JOIN lot l ON l.id = s.lot_id AND l.deleted_at IS NULL
   WHERE s.deleted_at IS NULL
   GROUP BY l.inventory_item_id, s.location_id;
  IF to_regclass('fulfillment_item') IS NULL OR to_regclass('fulfillment') IS NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(lot_kpi_lock_key());
  LOCK TABLE lot_kpi_shipment, lot_kpi_fulfillment_day IN EXCLUSIVE MODE;
  -- Fresh statistics, so that a bulk-loaded database joins by hash, not by nested loops.
  ANALYZE fulfillment, fulfillment_item, lot_allocation;
  CREATE TEMP TABLE lot_kpi_tracked_at_shipment ON COMMIT DROP AS
    SELECT fulfillment_id, inventory_item_id, tracked FROM lot_kpi_shipment;
  DELETE FROM lot_kpi_shipment;
  INSERT INTO lot_kpi_shipment (fulfillment_id, inventory_item_id, fulfillment_created_at, shipped_units, units_with_lot, tracked)
  SELECT f.id, s.inventory_item_id, f.created_at, s.units, least(s.units, coalesce(r.units, 0)),
         coalesce(t.tracked, p.inventory_item_id IS NOT NULL)
    FROM fulfillment f
    JOIN (SELECT fulfillment_id, inventory_item_id, sum(quantity) AS units FROM fulfillment_item
           WHERE deleted_at IS NULL AND inventory_item_id IS NOT NULL GROUP BY fulfillment_id, inventory_item_id) s
      ON s.fulfillment_id = f.id
    LEFT JOIN (SELECT fulfillment_id, inventory_item_id, sum(quantity) AS units FROM lot_allocation
                WHERE status = 'fulfilled' AND deleted_at IS NULL AND fulfillment_id IS NOT NULL
                GROUP BY fulfillment_id, inventory_item_id) r
      ON r.fulfillment_id = f.id AND r.inventory_item_id = s.inventory_item_id
    LEFT JOIN lot_kpi_tracked_at_shipment t ON t.fulfillment_id = f.id AND t.inventory_item_id = s.inventory_item_id
    LEFT JOIN (SELECT DISTINCT inventory_item_id FROM lot_tracking_policy WHERE tracked AND deleted_at IS NULL) p
      ON p.inventory_item_id = s.inventory_item_id
   WHERE f.deleted_at IS NULL AND f.canceled_at IS NULL;
  DROP TABLE lot_kpi_tracked_at_shipment;
  DELETE FROM lot_kpi_fulfillment_day;
  INSERT INTO lot_kpi_fulfillment_day (day, fulfillments)
  SELECT m.day, count(*) FROM (
    SELECT lot_kpi_day(min(s.fulfillment_created_at)) AS day
      FROM lot_kpi_shipment s WHERE s.tracked
     GROUP BY s.fulfillment_id) m
   GROUP BY m.day;
END $$;`);

    // A policy change no longer moves anything: the rows keep their tracking at shipment.
    for (const t of ["inserted", "updated", "deleted"]) {
      this.addSql(`DROP TRIGGER IF EXISTS lot_kpi_tracking_policy_${t} ON lot_tracking_policy;`);
    }
    // Day counts from the recorded column (equal to the old ones right after the backfill above).
    this.addSql(`
DO $$
BEGIN
  IF to_regclass('fulfillment_item') IS NULL OR to_regclass('fulfillment') IS NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(lot_kpi_lock_key());
  DELETE FROM lot_kpi_fulfillment_day;
  INSERT INTO lot_kpi_fulfillment_day (day, fulfillments)
  SELECT m.day, count(*) FROM (
    SELECT lot_kpi_day(min(s.fulfillment_created_at)) AS day
      FROM lot_kpi_shipment s WHERE s.tracked
     GROUP BY s.fulfillment_id) m
   GROUP BY m.day;
END $$;`);
  }

  override async down(): Promise<void> {
    // The functions and triggers of Migration20261201090000 as they were, then the column goes.
    const previous = new Migration20261201090000(this.driver, this.config);
    await previous.up();
    for (const sql of previous.getQueries()) {
      const text = typeof sql === "string" ? sql : sql.toString();
      if (
        text.includes("FUNCTION lot_kpi_refresh_shipments(") ||
        text.includes("FUNCTION lot_kpi_rebuild()") ||
        text.includes("CREATE TRIGGER lot_kpi_tracking_policy_inserted")
      ) {
        this.addSql(text);
      }
    }
    this.addSql(`DROP INDEX IF EXISTS "IDX_lot_kpi_shipment_created_at";`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_kpi_shipment_created_at" ON "lot_kpi_shipment" ("fulfillment_created_at") INCLUDE ("inventory_item_id", "fulfillment_id", "shipped_units", "units_with_lot");`);
    this.addSql(`alter table if exists "lot_kpi_shipment" drop column if exists "tracked";`);
    this.addSql(`SELECT lot_kpi_rebuild();`);
  }

}
