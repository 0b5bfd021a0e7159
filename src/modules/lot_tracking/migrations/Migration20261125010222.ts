import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125010222 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "lot_tracking_policy" drop constraint if exists "lot_tracking_policy_inventory_item_id_unique";`);
    this.addSql(`alter table if exists "lot_stock" drop constraint if exists "lot_stock_lot_id_location_id_unique";`);
    this.addSql(`alter table if exists "lot_number_sequence" drop constraint if exists "lot_number_sequence_key_unique";`);
    this.addSql(`alter table if exists "lot" drop constraint if exists "lot_inventory_item_id_lot_number_unique";`);
    this.addSql(`create table if not exists "lot" ("id" text not null, "inventory_item_id" text not null, "lot_number" text not null, "manufactured_at" text null, "expires_at" text null, "best_before" text null, "received_at" timestamptz not null, "supplier" text null, "origin" text null, "status" text check ("status" in ('active', 'quarantined', 'recalled')) not null default 'active', "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_pkey" primary key ("id"), constraint lot_dates_are_calendar_dates check ((expires_at IS NULL OR expires_at ~ '^\\d{4}-\\d{2}-\\d{2}\$') AND (manufactured_at IS NULL OR manufactured_at ~ '^\\d{4}-\\d{2}-\\d{2}\$') AND (best_before IS NULL OR best_before ~ '^\\d{4}-\\d{2}-\\d{2}\$')), constraint lot_expires_after_manufacture check (expires_at IS NULL OR manufactured_at IS NULL OR expires_at >= manufactured_at));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_deleted_at" ON "lot" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_lot_inventory_item_id_lot_number_unique" ON "lot" ("inventory_item_id", "lot_number") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_lot_number" ON "lot" ("lot_number") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_inventory_item_id_expires_at" ON "lot" ("inventory_item_id", "expires_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_expires_at" ON "lot" ("expires_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_status" ON "lot" ("status") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "lot_movement" ("id" text not null, "inventory_item_id" text not null, "location_id" text null, "type" text check ("type" in ('received', 'adjusted', 'transferred_out', 'transferred_in', 'written_off', 'reserved', 'released', 'fulfilled', 'fulfillment_canceled', 'returned', 'quarantined', 'released_from_quarantine', 'recalled')) not null, "quantity" integer not null, "reason" text null, "note" text null, "reference_type" text null, "reference_id" text null, "actor_id" text null, "metadata" jsonb null, "lot_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_movement_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_movement_lot_id" ON "lot_movement" ("lot_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_movement_deleted_at" ON "lot_movement" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_movement_lot_id_created_at" ON "lot_movement" ("lot_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_movement_inventory_item_id_type_created_at" ON "lot_movement" ("inventory_item_id", "type", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_movement_type_created_at" ON "lot_movement" ("type", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_movement_reference_type_reference_id" ON "lot_movement" ("reference_type", "reference_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "lot_number_sequence" ("id" text not null, "key" text not null, "last_value" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_number_sequence_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_number_sequence_deleted_at" ON "lot_number_sequence" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_lot_number_sequence_key_unique" ON "lot_number_sequence" ("key") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "lot_stock" ("id" text not null, "location_id" text not null, "stocked_quantity" integer not null default 0, "reserved_quantity" integer not null default 0, "lot_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_stock_pkey" primary key ("id"), constraint lot_stock_stocked_not_negative check (stocked_quantity >= 0), constraint lot_stock_reserved_not_negative check (reserved_quantity >= 0), constraint lot_stock_reserved_within_stocked check (reserved_quantity <= stocked_quantity));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_stock_lot_id" ON "lot_stock" ("lot_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_stock_deleted_at" ON "lot_stock" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_lot_stock_lot_id_location_id_unique" ON "lot_stock" ("lot_id", "location_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_stock_location_id" ON "lot_stock" ("location_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "lot_tracking_policy" ("id" text not null, "inventory_item_id" text not null, "tracked" boolean not null default true, "strategy" text check ("strategy" in ('fefo', 'fifo')) null, "min_shelf_life_days" integer null, "expiry_warning_days" integer null, "require_expiry" boolean null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_tracking_policy_pkey" primary key ("id"), constraint lot_tracking_policy_days_not_negative check ((min_shelf_life_days IS NULL OR min_shelf_life_days >= 0) AND (expiry_warning_days IS NULL OR expiry_warning_days >= 0)));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_tracking_policy_deleted_at" ON "lot_tracking_policy" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_lot_tracking_policy_inventory_item_id_unique" ON "lot_tracking_policy" ("inventory_item_id") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "lot_movement" add constraint "lot_movement_lot_id_foreign" foreign key ("lot_id") references "lot" ("id") on update cascade;`);

    this.addSql(`alter table if exists "lot_stock" add constraint "lot_stock_lot_id_foreign" foreign key ("lot_id") references "lot" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "lot_movement" drop constraint if exists "lot_movement_lot_id_foreign";`);

    this.addSql(`alter table if exists "lot_stock" drop constraint if exists "lot_stock_lot_id_foreign";`);

    this.addSql(`drop table if exists "lot" cascade;`);

    this.addSql(`drop table if exists "lot_movement" cascade;`);

    this.addSql(`drop table if exists "lot_number_sequence" cascade;`);

    this.addSql(`drop table if exists "lot_stock" cascade;`);

    this.addSql(`drop table if exists "lot_tracking_policy" cascade;`);
  }

}
