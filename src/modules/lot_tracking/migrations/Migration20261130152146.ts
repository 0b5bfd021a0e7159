import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130152146 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "lot_sync_failure" drop constraint if exists "lot_sync_failure_event_key_unique";`);
    this.addSql(`create table if not exists "lot_sync_failure" ("id" text not null, "event" text not null, "key" text not null, "workflow_id" text not null, "input" jsonb not null, "message" text not null, "attempts" integer not null default 1, "failed_at" timestamptz not null, "resolved_at" timestamptz null, "resolution" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_sync_failure_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_sync_failure_deleted_at" ON "lot_sync_failure" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_lot_sync_failure_event_key_unique" ON "lot_sync_failure" ("event", "key") WHERE resolved_at IS NULL AND deleted_at IS NULL;`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_allocation_inventory_item_id_location_id" ON "lot_allocation" ("inventory_item_id", "location_id") WHERE status = 'reserved' AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "lot_sync_failure" cascade;`);

    this.addSql(`drop index if exists "IDX_lot_allocation_inventory_item_id_location_id";`);
  }

}
