import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130145841 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "lot_tracking_state" drop constraint if exists "lot_tracking_state_key_unique";`);
    this.addSql(`create table if not exists "lot_tracking_state" ("id" text not null, "key" text not null, "value" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_tracking_state_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_tracking_state_deleted_at" ON "lot_tracking_state" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_lot_tracking_state_key_unique" ON "lot_tracking_state" ("key") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "lot_tracking_state" cascade;`);
  }

}
