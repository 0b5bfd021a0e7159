import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * KPI rollups (docs/ARCHITECTURE.md, "KPIs"), kept exact by PostgreSQL
 * triggers in the same transaction as every write they summarize, and an
 * index for the forward trace.
 *
 * - `lot_kpi_stock`: lot stock per (item, location) of live lots, for the lot
 *   accuracy KPI (a sum over every lot otherwise).
 * - `lot_kpi_shipment`: per (fulfilment, item), the units Medusa shipped and
 *   the units the plugin recorded a lot for (capped at the units shipped),
 *   with the fulfilment's `created_at`: the traceability KPI reads this
 *   narrow table instead of probing three tables per fulfilment.
 * - `lot_kpi_fulfillment_day`: per UTC day, the fulfilments holding at least
 *   one item tracked now (the KPI's distinct fulfilment count).
 *
 * Why triggers: the traceability figures come from Medusa's `fulfillment`
 * and `fulfillment_item`, which Medusa writes in its own transactions (and
 * on paths the plugin never sees: claims, exchanges, compensation); only a
 * trigger runs in every one of them, and one on the plugin's own tables
 * covers every write path of the plugin too. The shipment triggers recompute
 * the rows of the (fulfilment, item) keys their statement touched from the
 * base tables, so they are exact whatever the statement (multi-row, cascade,
 * soft or hard delete); the stock triggers add each row's change (a plain
 * sum). Rows per (fulfilment, item) mean the plugin's transactions never
 * share a rollup row: the only shared rows are a day's fulfilment count
 * (Medusa's insert of fulfilment items, once per fulfilment) and an (item,
 * location) stock row (written only when stocked units change, like Medusa's
 * inventory level; reservations never touch it). Two transactions on one
 * fulfilment recompute one after the other (an advisory lock per
 * fulfilment). A change of an item's `tracked` flag takes an exclusive
 * advisory lock while writers of shipments take it shared, so the day counts
 * never mix two tracking states. Trigger functions run with JIT off (index
 * probes; JIT would only add compile time). The fulfilment triggers are
 * installed only when Medusa's fulfilment tables exist (the module's own
 * tests migrate it alone); the KPI read falls back to the base tables
 * without them.
 */
export class Migration20261201090000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`
create table if not exists "lot_kpi_stock" (
  "inventory_item_id" text not null,
  "location_id" text not null,
  "stocked_quantity" bigint not null default 0,
  "lot_stocks" integer not null default 0,
  constraint "lot_kpi_stock_pkey" primary key ("inventory_item_id", "location_id")
);`);
    this.addSql(`
create table if not exists "lot_kpi_shipment" (
  "fulfillment_id" text not null,
  "inventory_item_id" text not null,
  "fulfillment_created_at" timestamptz not null,
  "shipped_units" numeric not null,
  "units_with_lot" numeric not null,
  constraint "lot_kpi_shipment_pkey" primary key ("fulfillment_id", "inventory_item_id")
);`);
    // The KPI reads a period with an index-only scan; a tracking change finds the item's fulfilments.
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_kpi_shipment_created_at" ON "lot_kpi_shipment" ("fulfillment_created_at") INCLUDE ("inventory_item_id", "fulfillment_id", "shipped_units", "units_with_lot");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_kpi_shipment_inventory_item_id" ON "lot_kpi_shipment" ("inventory_item_id");`);
    this.addSql(`
create table if not exists "lot_kpi_fulfillment_day" (
  "day" date not null,
  "fulfillments" integer not null default 0,
  constraint "lot_kpi_fulfillment_day_pkey" primary key ("day")
);`);

    // ── Lot stock per (item, location) ──
    this.addSql(`
CREATE OR REPLACE FUNCTION lot_kpi_add_stock(p_lot_id text, p_location_id text, p_units bigint, p_rows integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO lot_kpi_stock AS k (inventory_item_id, location_id, stocked_quantity, lot_stocks)
  SELECT l.inventory_item_id, p_location_id, p_units, p_rows FROM lot l WHERE l.id = p_lot_id AND l.deleted_at IS NULL
  ON CONFLICT (inventory_item_id, location_id) DO UPDATE
    SET stocked_quantity = k.stocked_quantity + EXCLUDED.stocked_quantity, lot_stocks = k.lot_stocks + EXCLUDED.lot_stocks
$$;`);
    this.addSql(`
CREATE OR REPLACE FUNCTION lot_kpi_on_lot_stock() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.deleted_at IS NULL AND NEW.deleted_at IS NULL
     AND OLD.lot_id = NEW.lot_id AND OLD.location_id = NEW.location_id THEN
    PERFORM lot_kpi_add_stock(NEW.lot_id, NEW.location_id, NEW.stocked_quantity::bigint - OLD.stocked_quantity, 0);
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL THEN
    PERFORM lot_kpi_add_stock(OLD.lot_id, OLD.location_id, -OLD.stocked_quantity::bigint, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.deleted_at IS NULL THEN
    PERFORM lot_kpi_add_stock(NEW.lot_id, NEW.location_id, NEW.stocked_quantity::bigint, 1);
  END IF;
  RETURN NULL;
END $$;`);
    // Reservations (reserved_quantity alone) never touch the rollup row.
    this.addSql(`DROP TRIGGER IF EXISTS lot_kpi_lot_stock_inserted ON lot_stock;`);
    this.addSql(`CREATE TRIGGER lot_kpi_lot_stock_inserted AFTER INSERT ON lot_stock FOR EACH ROW WHEN (NEW.deleted_at IS NULL) EXECUTE FUNCTION lot_kpi_on_lot_stock();`);
    this.addSql(`DROP TRIGGER IF EXISTS lot_kpi_lot_stock_updated ON lot_stock;`);
    this.addSql(`CREATE TRIGGER lot_kpi_lot_stock_updated AFTER UPDATE ON lot_stock FOR EACH ROW
      WHEN (OLD.stocked_quantity IS DISTINCT FROM NEW.stocked_quantity OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
            OR OLD.lot_id IS DISTINCT FROM NEW.lot_id OR OLD.location_id IS DISTINCT FROM NEW.location_id)
      EXECUTE FUNCTION lot_kpi_on_lot_stock();`);
    this.addSql(`DROP TRIGGER IF EXISTS lot_kpi_lot_stock_deleted ON lot_stock;`);
    this.addSql(`CREATE TRIGGER lot_kpi_lot_stock_deleted AFTER DELETE ON lot_stock FOR EACH ROW WHEN (OLD.deleted_at IS NULL) EXECUTE FUNCTION lot_kpi_on_lot_stock();`);
    // A lot deleted (soft or hard) or moved to another item takes its live stock rows with it.
    this.addSql(`
CREATE OR REPLACE FUNCTION lot_kpi_on_lot() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  IF OLD.deleted_at IS NULL THEN
    INSERT INTO lot_kpi_stock AS k (inventory_item_id, location_id, stocked_quantity, lot_stocks)
    SELECT OLD.inventory_item_id, s.location_id, -sum(s.stocked_quantity), -count(*)
      FROM lot_stock s WHERE s.lot_id = OLD.id AND s.deleted_at IS NULL
     GROUP BY s.location_id ORDER BY s.location_id
    ON CONFLICT (inventory_item_id, location_id) DO UPDATE
      SET stocked_quantity = k.stocked_quantity + EXCLUDED.stocked_quantity, lot_stocks = k.lot_stocks + EXCLUDED.lot_stocks;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.deleted_at IS NULL THEN
    INSERT INTO lot_kpi_stock AS k (inventory_item_id, location_id, stocked_quantity, lot_stocks)
    SELECT NEW.inventory_item_id, s.location_id, sum(s.stocked_quantity), count(*)
      FROM lot_stock s WHERE s.lot_id = NEW.id AND s.deleted_at IS NULL
     GROUP BY s.location_id ORDER BY s.location_id
    ON CONFLICT (inventory_item_id, location_id) DO UPDATE
      SET stocked_quantity = k.stocked_quantity + EXCLUDED.stocked_quantity, lot_stocks = k.lot_stocks + EXCLUDED.lot_stocks;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NULL;
END $$;`);
    // Before the delete: the lot's stock rows are still there to subtract (a cascade would remove them first).
    this.addSql(`DROP TRIGGER IF EXISTS lot_kpi_lot_deleted ON lot;`);
    this.addSql(`CREATE TRIGGER lot_kpi_lot_deleted BEFORE DELETE ON lot FOR EACH ROW WHEN (OLD.deleted_at IS NULL) EXECUTE FUNCTION lot_kpi_on_lot();`);
    this.addSql(`DROP TRIGGER IF EXISTS lot_kpi_lot_updated ON lot;`);
    this.addSql(`CREATE TRIGGER lot_kpi_lot_updated AFTER UPDATE ON lot FOR EACH ROW
      WHEN (OLD.deleted_at IS DISTINCT FROM NEW.deleted_at OR OLD.inventory_item_id IS DISTINCT FROM NEW.inventory_item_id)
      EXECUTE FUNCTION lot_kpi_on_lot();`);

    // ── Shipments per (fulfilment, item) and fulfilments per day ──
    // Writers of shipments hold this advisory key shared; a change of tracking holds it exclusive.
    this.addSql(`
CREATE OR REPLACE FUNCTION lot_kpi_lock_key() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT 7401520266001::bigint $$;`);
    this.addSql(`
CREATE OR REPLACE FUNCTION lot_kpi_day(p_at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$ SELECT (p_at AT TIME ZONE 'UTC')::date $$;`);
    this.addSql(`
CREATE OR REPLACE FUNCTION lot_kpi_tracked(p_item text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM lot_tracking_policy p WHERE p.inventory_item_id = p_item AND p.tracked AND p.deleted_at IS NULL)
$$;`);
    // Recomputes the rows of the given (fulfilment, item) keys from Medusa's fulfilment tables and the
    // plugin's fulfilled allocations, and moves the day counts of the fulfilments whose membership changed.
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
     WHERE lot_kpi_tracked(s.inventory_item_id)
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
  INSERT INTO lot_kpi_shipment AS s (fulfillment_id, inventory_item_id, fulfillment_created_at, shipped_units, units_with_lot)
  SELECT cur.f, cur.i, cur.created_at, cur.units, least(cur.units, cur.lot_units) FROM cur ORDER BY cur.f, cur.i
  ON CONFLICT (fulfillment_id, inventory_item_id) DO UPDATE
    SET fulfillment_created_at = EXCLUDED.fulfillment_created_at, shipped_units = EXCLUDED.shipped_units,
        units_with_lot = EXCLUDED.units_with_lot
    WHERE (s.fulfillment_created_at, s.shipped_units, s.units_with_lot)
          IS DISTINCT FROM (EXCLUDED.fulfillment_created_at, EXCLUDED.shipped_units, EXCLUDED.units_with_lot);
  v_after := ARRAY(
    SELECT lot_kpi_day(min(s.fulfillment_created_at))
      FROM unnest(v_fulfillments) AS u(f) JOIN lot_kpi_shipment s ON s.fulfillment_id = u.f
     WHERE lot_kpi_tracked(s.inventory_item_id)
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
    this.addSql(`
CREATE OR REPLACE FUNCTION lot_kpi_on_fulfillment_item() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  v_f text[];
  v_i text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(fulfillment_id), array_agg(inventory_item_id) INTO v_f, v_i FROM new_rows WHERE inventory_item_id IS NOT NULL;
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(x.f), array_agg(x.i) INTO v_f, v_i FROM (
      SELECT fulfillment_id AS f, inventory_item_id AS i FROM new_rows UNION SELECT fulfillment_id, inventory_item_id FROM old_rows) x
     WHERE x.i IS NOT NULL;
  ELSE
    SELECT array_agg(fulfillment_id), array_agg(inventory_item_id) INTO v_f, v_i FROM old_rows WHERE inventory_item_id IS NOT NULL;
  END IF;
  PERFORM lot_kpi_refresh_shipments(v_f, v_i);
  RETURN NULL;
END $$;`);
    // Row triggers whose WHEN skips every allocation that is not a shipment (reservations, releases:
    // most writes), so those pay nothing; a shipment's row recomputes its (fulfilment, item).
    this.addSql(`
CREATE OR REPLACE FUNCTION lot_kpi_on_lot_allocation() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM lot_kpi_refresh_shipments(ARRAY[NEW.fulfillment_id], ARRAY[NEW.inventory_item_id]);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM lot_kpi_refresh_shipments(ARRAY[OLD.fulfillment_id, NEW.fulfillment_id], ARRAY[OLD.inventory_item_id, NEW.inventory_item_id]);
  ELSE
    PERFORM lot_kpi_refresh_shipments(ARRAY[OLD.fulfillment_id], ARRAY[OLD.inventory_item_id]);
  END IF;
  RETURN NULL;
END $$;`);
    this.addSql(`
CREATE OR REPLACE FUNCTION lot_kpi_on_fulfillment() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  v_f text[];
  v_i text[];
BEGIN
  SELECT array_agg(OLD.id), array_agg(x.i) INTO v_f, v_i FROM (
    SELECT inventory_item_id AS i FROM lot_kpi_shipment WHERE fulfillment_id = OLD.id
    UNION
    SELECT inventory_item_id FROM fulfillment_item WHERE fulfillment_id = OLD.id AND inventory_item_id IS NOT NULL AND deleted_at IS NULL) x;
  PERFORM lot_kpi_refresh_shipments(v_f, v_i);
  RETURN NULL;
END $$;`);
    // A change of what "tracked now" means for some items moves the day counts of their fulfilments.
    this.addSql(`
CREATE OR REPLACE FUNCTION lot_kpi_on_tracking_policy() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  v_items text[];
  v_was boolean[];
BEGIN
  -- Tracked before the statement: the current rows of the items, less the statement's new rows, plus its old rows.
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(c.item), array_agg(c.was) INTO v_items, v_was FROM (
      SELECT n.inventory_item_id AS item,
             EXISTS (SELECT 1 FROM lot_tracking_policy p WHERE p.inventory_item_id = n.inventory_item_id AND p.tracked AND p.deleted_at IS NULL
                        AND p.id NOT IN (SELECT id FROM new_rows)) AS was
        FROM (SELECT DISTINCT inventory_item_id FROM new_rows) n) c
     WHERE c.was IS DISTINCT FROM lot_kpi_tracked(c.item);
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(c.item), array_agg(c.was) INTO v_items, v_was FROM (
      SELECT n.item,
             EXISTS (SELECT 1 FROM lot_tracking_policy p WHERE p.inventory_item_id = n.item AND p.tracked AND p.deleted_at IS NULL
                        AND p.id NOT IN (SELECT id FROM new_rows))
             OR EXISTS (SELECT 1 FROM old_rows o WHERE o.inventory_item_id = n.item AND o.tracked AND o.deleted_at IS NULL) AS was
        FROM (SELECT inventory_item_id AS item FROM new_rows UNION SELECT inventory_item_id FROM old_rows) n) c
     WHERE c.was IS DISTINCT FROM lot_kpi_tracked(c.item);
  ELSE
    SELECT array_agg(c.item), array_agg(c.was) INTO v_items, v_was FROM (
      SELECT n.inventory_item_id AS item,
             lot_kpi_tracked(n.inventory_item_id)
             OR EXISTS (SELECT 1 FROM old_rows o WHERE o.inventory_item_id = n.inventory_item_id AND o.tracked AND o.deleted_at IS NULL) AS was
        FROM (SELECT DISTINCT inventory_item_id FROM old_rows) n) c
     WHERE c.was IS DISTINCT FROM lot_kpi_tracked(c.item);
  END IF;
  IF v_items IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(lot_kpi_lock_key());
  WITH changed AS (
    SELECT u.item, u.was FROM unnest(v_items, v_was) AS u(item, was)
  ), touched AS (
    SELECT DISTINCT s.fulfillment_id FROM changed c JOIN lot_kpi_shipment s ON s.inventory_item_id = c.item
  ), membership AS (
    -- One fulfilment at a time through the primary key: an item is in a small part of them.
    SELECT m.day, m.before, m.after
      FROM touched t CROSS JOIN LATERAL (
        SELECT lot_kpi_day(min(s.fulfillment_created_at)) AS day,
               bool_or(coalesce(c.was, lot_kpi_tracked(s.inventory_item_id))) AS before,
               bool_or(lot_kpi_tracked(s.inventory_item_id)) AS after
          FROM lot_kpi_shipment s LEFT JOIN changed c ON c.item = s.inventory_item_id
         WHERE s.fulfillment_id = t.fulfillment_id) m
  )
  INSERT INTO lot_kpi_fulfillment_day AS d (day, fulfillments)
  SELECT m.day, sum(m.after::int - m.before::int) FROM membership m
   GROUP BY m.day HAVING sum(m.after::int - m.before::int) <> 0 ORDER BY m.day
  ON CONFLICT (day) DO UPDATE SET fulfillments = d.fulfillments + EXCLUDED.fulfillments;
  RETURN NULL;
END $$;`);
    // Every rollup from the base tables (the backfill below; the benchmark seed after a bulk load).
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
  DELETE FROM lot_kpi_shipment;
  INSERT INTO lot_kpi_shipment (fulfillment_id, inventory_item_id, fulfillment_created_at, shipped_units, units_with_lot)
  SELECT f.id, s.inventory_item_id, f.created_at, s.units, least(s.units, coalesce(r.units, 0))
    FROM fulfillment f
    JOIN (SELECT fulfillment_id, inventory_item_id, sum(quantity) AS units FROM fulfillment_item
           WHERE deleted_at IS NULL AND inventory_item_id IS NOT NULL GROUP BY fulfillment_id, inventory_item_id) s
      ON s.fulfillment_id = f.id
    LEFT JOIN (SELECT fulfillment_id, inventory_item_id, sum(quantity) AS units FROM lot_allocation
                WHERE status = 'fulfilled' AND deleted_at IS NULL AND fulfillment_id IS NOT NULL
                GROUP BY fulfillment_id, inventory_item_id) r
      ON r.fulfillment_id = f.id AND r.inventory_item_id = s.inventory_item_id
   WHERE f.deleted_at IS NULL AND f.canceled_at IS NULL;
  DELETE FROM lot_kpi_fulfillment_day;
  INSERT INTO lot_kpi_fulfillment_day (day, fulfillments)
  SELECT m.day, count(*) FROM (
    SELECT lot_kpi_day(min(s.fulfillment_created_at)) AS day
      FROM lot_kpi_shipment s JOIN lot_tracking_policy p ON p.inventory_item_id = s.inventory_item_id AND p.tracked AND p.deleted_at IS NULL
     GROUP BY s.fulfillment_id) m
   GROUP BY m.day;
END $$;`);
    this.addSql(`
DO $$
BEGIN
  -- Medusa's fulfilment tables are created by its own module's migrations; without them (this module
  -- migrated alone) the shipment rollups stay empty and the KPI reads the base tables.
  IF to_regclass('fulfillment_item') IS NULL OR to_regclass('fulfillment') IS NULL THEN
    RETURN;
  END IF;
  DROP TRIGGER IF EXISTS lot_kpi_fulfillment_item_inserted ON fulfillment_item;
  CREATE TRIGGER lot_kpi_fulfillment_item_inserted AFTER INSERT ON fulfillment_item
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lot_kpi_on_fulfillment_item();
  DROP TRIGGER IF EXISTS lot_kpi_fulfillment_item_updated ON fulfillment_item;
  CREATE TRIGGER lot_kpi_fulfillment_item_updated AFTER UPDATE ON fulfillment_item
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lot_kpi_on_fulfillment_item();
  DROP TRIGGER IF EXISTS lot_kpi_fulfillment_item_deleted ON fulfillment_item;
  CREATE TRIGGER lot_kpi_fulfillment_item_deleted AFTER DELETE ON fulfillment_item
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lot_kpi_on_fulfillment_item();

  DROP TRIGGER IF EXISTS lot_kpi_fulfillment_updated ON fulfillment;
  CREATE TRIGGER lot_kpi_fulfillment_updated AFTER UPDATE ON fulfillment FOR EACH ROW
    WHEN (OLD.canceled_at IS DISTINCT FROM NEW.canceled_at OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
          OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION lot_kpi_on_fulfillment();
  DROP TRIGGER IF EXISTS lot_kpi_fulfillment_deleted ON fulfillment;
  CREATE TRIGGER lot_kpi_fulfillment_deleted AFTER DELETE ON fulfillment FOR EACH ROW EXECUTE FUNCTION lot_kpi_on_fulfillment();

  DROP TRIGGER IF EXISTS lot_kpi_lot_allocation_inserted ON lot_allocation;
  CREATE TRIGGER lot_kpi_lot_allocation_inserted AFTER INSERT ON lot_allocation FOR EACH ROW
    WHEN (NEW.status = 'fulfilled' AND NEW.fulfillment_id IS NOT NULL AND NEW.deleted_at IS NULL)
    EXECUTE FUNCTION lot_kpi_on_lot_allocation();
  DROP TRIGGER IF EXISTS lot_kpi_lot_allocation_updated ON lot_allocation;
  CREATE TRIGGER lot_kpi_lot_allocation_updated AFTER UPDATE ON lot_allocation FOR EACH ROW
    WHEN (((OLD.status = 'fulfilled' AND OLD.fulfillment_id IS NOT NULL) OR (NEW.status = 'fulfilled' AND NEW.fulfillment_id IS NOT NULL))
          AND (OLD.status, OLD.fulfillment_id, OLD.inventory_item_id, OLD.quantity, OLD.deleted_at)
              IS DISTINCT FROM (NEW.status, NEW.fulfillment_id, NEW.inventory_item_id, NEW.quantity, NEW.deleted_at))
    EXECUTE FUNCTION lot_kpi_on_lot_allocation();
  DROP TRIGGER IF EXISTS lot_kpi_lot_allocation_deleted ON lot_allocation;
  CREATE TRIGGER lot_kpi_lot_allocation_deleted AFTER DELETE ON lot_allocation FOR EACH ROW
    WHEN (OLD.status = 'fulfilled' AND OLD.fulfillment_id IS NOT NULL AND OLD.deleted_at IS NULL)
    EXECUTE FUNCTION lot_kpi_on_lot_allocation();

  DROP TRIGGER IF EXISTS lot_kpi_tracking_policy_inserted ON lot_tracking_policy;
  CREATE TRIGGER lot_kpi_tracking_policy_inserted AFTER INSERT ON lot_tracking_policy
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lot_kpi_on_tracking_policy();
  DROP TRIGGER IF EXISTS lot_kpi_tracking_policy_updated ON lot_tracking_policy;
  CREATE TRIGGER lot_kpi_tracking_policy_updated AFTER UPDATE ON lot_tracking_policy
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lot_kpi_on_tracking_policy();
  DROP TRIGGER IF EXISTS lot_kpi_tracking_policy_deleted ON lot_tracking_policy;
  CREATE TRIGGER lot_kpi_tracking_policy_deleted AFTER DELETE ON lot_tracking_policy
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lot_kpi_on_tracking_policy();
END $$;`);
    this.addSql(`SELECT lot_kpi_rebuild();`);

    // Forward trace: a lot's shipments in ship order (a page is the first rows of the index) and
    // their totals from the index alone.
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_allocation_lot_id_shipped" ON "lot_allocation" ("lot_id", "fulfilled_at", "id") INCLUDE ("order_id", "quantity", "returned_quantity") WHERE status = 'fulfilled' AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_lot_allocation_lot_id_shipped";`);
    this.addSql(`
DO $$
BEGIN
  IF to_regclass('fulfillment_item') IS NOT NULL THEN
    DROP TRIGGER IF EXISTS lot_kpi_fulfillment_item_inserted ON fulfillment_item;
    DROP TRIGGER IF EXISTS lot_kpi_fulfillment_item_updated ON fulfillment_item;
    DROP TRIGGER IF EXISTS lot_kpi_fulfillment_item_deleted ON fulfillment_item;
  END IF;
  IF to_regclass('fulfillment') IS NOT NULL THEN
    DROP TRIGGER IF EXISTS lot_kpi_fulfillment_updated ON fulfillment;
    DROP TRIGGER IF EXISTS lot_kpi_fulfillment_deleted ON fulfillment;
  END IF;
END $$;`);
    for (const t of ["inserted", "updated", "deleted"]) {
      this.addSql(`DROP TRIGGER IF EXISTS lot_kpi_lot_allocation_${t} ON lot_allocation;`);
      this.addSql(`DROP TRIGGER IF EXISTS lot_kpi_tracking_policy_${t} ON lot_tracking_policy;`);
      this.addSql(`DROP TRIGGER IF EXISTS lot_kpi_lot_stock_${t} ON lot_stock;`);
    }
    this.addSql(`DROP TRIGGER IF EXISTS lot_kpi_lot_deleted ON lot;`);
    this.addSql(`DROP TRIGGER IF EXISTS lot_kpi_lot_updated ON lot;`);
    for (const fn of [
      "lot_kpi_rebuild()",
      "lot_kpi_on_tracking_policy()",
      "lot_kpi_on_fulfillment()",
      "lot_kpi_on_lot_allocation()",
      "lot_kpi_on_fulfillment_item()",
      "lot_kpi_refresh_shipments(text[], text[])",
      "lot_kpi_tracked(text)",
      "lot_kpi_day(timestamptz)",
      "lot_kpi_lock_key()",
      "lot_kpi_on_lot()",
      "lot_kpi_on_lot_stock()",
      "lot_kpi_add_stock(text, text, bigint, integer)",
    ]) {
      this.addSql(`DROP FUNCTION IF EXISTS ${fn};`);
    }
    this.addSql(`drop table if exists "lot_kpi_fulfillment_day" cascade;`);
    this.addSql(`drop table if exists "lot_kpi_shipment" cascade;`);
    this.addSql(`drop table if exists "lot_kpi_stock" cascade;`);
  }

}
