import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201100000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "lot_idempotency_key" drop constraint if exists "lot_idempotency_key_key_actor_id_unique";`);
    this.addSql(`create table if not exists "lot_idempotency_key" ("id" text not null, "key" text not null, "actor_id" text not null, "method" text not null, "path" text not null, "request_hash" text not null, "response_status" integer not null, "response_body" jsonb null, "expires_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_idempotency_key_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_idempotency_key_deleted_at" ON "lot_idempotency_key" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_lot_idempotency_key_key_actor_id_unique" ON "lot_idempotency_key" ("key", "actor_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_idempotency_key_expires_at" ON "lot_idempotency_key" ("expires_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "lot_import" ("id" text not null, "mode" text check ("mode" in ('receive', 'opening_balance', 'count')) not null, "status" text check ("status" in ('preview', 'running', 'done', 'failed')) not null default 'preview', "file_name" text null, "allow_expired" boolean not null default false, "total_rows" integer not null default 0, "valid_rows" integer not null default 0, "processed" integer not null default 0, "error_count" integer not null default 0, "errors" jsonb null, "summary" jsonb null, "failure" text null, "actor_id" text null, "confirmed_at" timestamptz null, "finished_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_import_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_import_deleted_at" ON "lot_import" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_import_status" ON "lot_import" ("status") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "lot_import_row" ("id" text not null, "row_number" integer not null, "data" jsonb not null, "import_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_import_row_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_import_row_import_id" ON "lot_import_row" ("import_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_import_row_deleted_at" ON "lot_import_row" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_import_row_import_id_row_number" ON "lot_import_row" ("import_id", "row_number") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "lot_import_row" add constraint "lot_import_row_import_id_foreign" foreign key ("import_id") references "lot_import" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table if exists "lot_movement" drop constraint if exists "lot_movement_type_check";`);

    this.addSql(`alter table if exists "lot" add column if not exists "supplier_lot_code" text null;`);
    // Unique per item and supplier only (supplier compared without case; no supplier is one supplier):
    // the same code repeats across items and suppliers. An expression index, so it lives here, not in the model.
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_lot_item_supplier_lot_code_unique" ON "lot" ("inventory_item_id", lower(coalesce("supplier", '')), "supplier_lot_code") WHERE supplier_lot_code IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_supplier_lot_code" ON "lot" ("supplier_lot_code") WHERE supplier_lot_code IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`alter table if exists "lot_movement" add constraint "lot_movement_type_check" check("type" in ('received', 'adjusted', 'transferred_out', 'transferred_in', 'written_off', 'reserved', 'released', 'fulfilled', 'fulfillment_canceled', 'returned', 'quarantined', 'released_from_quarantine', 'recalled', 'return_damaged', 'return_awaiting_lot', 'return_lot_confirmed', 'opening_balance', 'put_away'));`);

    this.addSql(`alter table if exists "lot_stock" add column if not exists "bin" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_stock_location_id_bin" ON "lot_stock" ("location_id", "bin") WHERE bin IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`alter table if exists "lot_stock" add constraint lot_stock_bin_length check(bin IS NULL OR char_length(bin) BETWEEN 1 AND 32);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "lot_import_row" drop constraint if exists "lot_import_row_import_id_foreign";`);

    this.addSql(`drop table if exists "lot_idempotency_key" cascade;`);

    this.addSql(`drop table if exists "lot_import" cascade;`);

    this.addSql(`drop table if exists "lot_import_row" cascade;`);

    this.addSql(`alter table if exists "lot_movement" drop constraint if exists "lot_movement_type_check";`);

    this.addSql(`drop index if exists "IDX_lot_supplier_lot_code";`);
    this.addSql(`drop index if exists "IDX_lot_item_supplier_lot_code_unique";`);
    this.addSql(`alter table if exists "lot" drop column if exists "supplier_lot_code";`);

    this.addSql(`alter table if exists "lot_movement" add constraint "lot_movement_type_check" check("type" in ('received', 'adjusted', 'transferred_out', 'transferred_in', 'written_off', 'reserved', 'released', 'fulfilled', 'fulfillment_canceled', 'returned', 'quarantined', 'released_from_quarantine', 'recalled', 'return_damaged', 'return_awaiting_lot', 'return_lot_confirmed'));`);

    this.addSql(`drop index if exists "IDX_lot_stock_location_id_bin";`);
    this.addSql(`alter table if exists "lot_stock" drop constraint if exists lot_stock_bin_length;`);
    this.addSql(`alter table if exists "lot_stock" drop column if exists "bin";`);
  }

}
