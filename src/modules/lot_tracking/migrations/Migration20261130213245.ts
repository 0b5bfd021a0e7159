import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Serials (docs/SERIALS.md): `lot_serial` (one unit of one lot),
 * `lot_serial_movement` (its history, ordered by `seq`), `recall_serial`
 * (units under a recall by serial) and the serial fields of the policy. The
 * serial number index uses `text_pattern_ops` so that the prefix search
 * (`LIKE 'SN-2026%'`) and exact lookups use it whatever the database
 * collation; a second one in the database's collation serves listings in
 * number order.
 */
export class Migration20261130213245 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "recall_serial" drop constraint if exists "recall_serial_recall_id_serial_id_unique";`);
    this.addSql(`alter table if exists "lot_serial" drop constraint if exists "lot_serial_inventory_item_id_serial_number_unique";`);
    this.addSql(`create table if not exists "lot_serial" ("id" text not null, "serial_number" text not null, "inventory_item_id" text not null, "location_id" text null, "status" text check ("status" in ('in_stock', 'reserved', 'shipped', 'returned', 'written_off')) not null default 'in_stock', "blocked" boolean not null default false, "allocation_id" text null, "order_id" text null, "line_item_id" text null, "fulfillment_id" text null, "shipped_at" timestamptz null, "return_id" text null, "metadata" jsonb null, "lot_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_serial_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_serial_lot_id" ON "lot_serial" ("lot_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_serial_deleted_at" ON "lot_serial" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_lot_serial_inventory_item_id_serial_number_unique" ON "lot_serial" ("inventory_item_id", "serial_number") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_serial_serial_number" ON "lot_serial" ("serial_number" text_pattern_ops) WHERE deleted_at IS NULL;`);
    // Listing serials in number order (the Serials page) needs an index in the database's collation too.
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_serial_serial_number_order" ON "lot_serial" ("serial_number") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_serial_lot_id_location_id_status_serial_number" ON "lot_serial" ("lot_id", "location_id", "status", "serial_number") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_serial_allocation_id" ON "lot_serial" ("allocation_id") WHERE allocation_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_serial_order_id" ON "lot_serial" ("order_id") WHERE order_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_serial_line_item_id_status" ON "lot_serial" ("line_item_id", "status") WHERE line_item_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_serial_lot_id_location_id" ON "lot_serial" ("lot_id", "location_id") WHERE blocked = true AND status IN ('in_stock', 'reserved') AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "lot_serial_movement" ("id" text not null, "serial_id" text not null, "lot_id" text not null, "type" text check ("type" in ('received', 'reserved', 'released', 'shipped', 'fulfillment_canceled', 'returned', 'returned_damaged', 'written_off', 'transferred', 'recalled')) not null, "location_id" text null, "reference_type" text null, "reference_id" text null, "order_id" text null, "reason" text null, "actor_id" text null, "seq" bigserial, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_serial_movement_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_serial_movement_deleted_at" ON "lot_serial_movement" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_serial_movement_serial_id_seq" ON "lot_serial_movement" ("serial_id", "seq") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "recall_serial" ("id" text not null, "serial_id" text not null, "serial_number" text not null, "inventory_item_id" text not null, "lot_id" text not null, "lot_number" text not null, "status_at_open" text not null, "recall_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "recall_serial_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_serial_recall_id" ON "recall_serial" ("recall_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_serial_deleted_at" ON "recall_serial" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_recall_serial_recall_id_serial_id_unique" ON "recall_serial" ("recall_id", "serial_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_serial_serial_id" ON "recall_serial" ("serial_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_serial_serial_number" ON "recall_serial" ("serial_number") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "lot_serial" add constraint "lot_serial_lot_id_foreign" foreign key ("lot_id") references "lot" ("id") on update cascade;`);

    this.addSql(`alter table if exists "recall_serial" add constraint "recall_serial_recall_id_foreign" foreign key ("recall_id") references "recall" ("id") on update cascade;`);

    this.addSql(`alter table if exists "lot_tracking_policy" add column if not exists "serialized" boolean not null default false, add column if not exists "serial_pattern" text null, add column if not exists "serial_capture" text check ("serial_capture" in ('required', 'auto')) null, add column if not exists "serial_scope" text check ("serial_scope" in ('item', 'global')) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "lot_serial" cascade;`);

    this.addSql(`drop table if exists "lot_serial_movement" cascade;`);

    this.addSql(`drop table if exists "recall_serial" cascade;`);

    this.addSql(`alter table if exists "lot_tracking_policy" drop column if exists "serialized", drop column if exists "serial_pattern", drop column if exists "serial_capture", drop column if exists "serial_scope";`);
  }

}
