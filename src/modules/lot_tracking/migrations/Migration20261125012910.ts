import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125012910 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "recall_notice" drop constraint if exists "recall_notice_recall_id_order_id_unique";`);
    this.addSql(`alter table if exists "recall_lot" drop constraint if exists "recall_lot_recall_id_lot_id_unique";`);
    this.addSql(`alter table if exists "recall" drop constraint if exists "recall_reference_unique";`);
    this.addSql(`alter table if exists "lot_expiry_alert" drop constraint if exists "lot_expiry_alert_lot_id_state_unique";`);
    this.addSql(`create table if not exists "lot_expiry_alert" ("id" text not null, "lot_id" text not null, "state" text check ("state" in ('expiring', 'expired')) not null, "expires_at" text not null, "stocked_quantity" integer not null default 0, "notification_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_expiry_alert_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_expiry_alert_deleted_at" ON "lot_expiry_alert" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_lot_expiry_alert_lot_id_state_unique" ON "lot_expiry_alert" ("lot_id", "state") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_expiry_alert_state_created_at" ON "lot_expiry_alert" ("state", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "recall" ("id" text not null, "reference" text not null, "reason" text not null, "public_reason" text null, "classification" text check ("classification" in ('I', 'II', 'III')) null, "status" text check ("status" in ('open', 'closed')) not null default 'open', "opened_by" text null, "opened_at" timestamptz not null, "affected_listed_at" timestamptz null, "recall_time_ms" integer null, "all_notified_at" timestamptz null, "closed_by" text null, "closed_at" timestamptz null, "outcome" jsonb null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "recall_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_deleted_at" ON "recall" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_recall_reference_unique" ON "recall" ("reference") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_status_opened_at" ON "recall" ("status", "opened_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "recall_lot" ("id" text not null, "lot_id" text not null, "lot_number" text not null, "inventory_item_id" text not null, "previous_status" text not null, "stock_on_hand" jsonb null, "recall_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "recall_lot_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_lot_recall_id" ON "recall_lot" ("recall_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_lot_deleted_at" ON "recall_lot" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_recall_lot_recall_id_lot_id_unique" ON "recall_lot" ("recall_id", "lot_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_lot_lot_id" ON "recall_lot" ("lot_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_lot_lot_number" ON "recall_lot" ("lot_number") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "recall_notice" ("id" text not null, "order_id" text not null, "order_display_id" integer null, "customer_id" text null, "email" text null, "name" text null, "phone" text null, "ship_to" jsonb null, "lines" jsonb not null, "quantity" integer not null, "returned_quantity" integer not null default 0, "first_shipped_at" timestamptz null, "status" text check ("status" in ('pending', 'sent', 'failed', 'acknowledged')) not null default 'pending', "notified_at" timestamptz null, "notification_id" text null, "provider_result" jsonb null, "acknowledged_at" timestamptz null, "recall_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "recall_notice_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_notice_recall_id" ON "recall_notice" ("recall_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_notice_deleted_at" ON "recall_notice" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_recall_notice_recall_id_order_id_unique" ON "recall_notice" ("recall_id", "order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_notice_customer_id" ON "recall_notice" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_recall_notice_recall_id_status" ON "recall_notice" ("recall_id", "status") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "recall_lot" add constraint "recall_lot_recall_id_foreign" foreign key ("recall_id") references "recall" ("id") on update cascade;`);

    this.addSql(`alter table if exists "recall_notice" add constraint "recall_notice_recall_id_foreign" foreign key ("recall_id") references "recall" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "recall_lot" drop constraint if exists "recall_lot_recall_id_foreign";`);

    this.addSql(`alter table if exists "recall_notice" drop constraint if exists "recall_notice_recall_id_foreign";`);

    this.addSql(`drop table if exists "lot_expiry_alert" cascade;`);

    this.addSql(`drop table if exists "recall" cascade;`);

    this.addSql(`drop table if exists "recall_lot" cascade;`);

    this.addSql(`drop table if exists "recall_notice" cascade;`);
  }

}
