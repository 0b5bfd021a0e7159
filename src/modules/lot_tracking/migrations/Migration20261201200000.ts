import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201200000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "recall_notice" drop constraint if exists "recall_notice_acknowledgement_token_unique";`);
    this.addSql(`alter table if exists "lot_movement" drop constraint if exists "lot_movement_type_check";`);

    this.addSql(`alter table if exists "recall" drop constraint if exists "recall_status_check";`);

    this.addSql(`alter table if exists "recall_notice" drop constraint if exists "recall_notice_status_check";`);

    this.addSql(`alter table if exists "lot" add column if not exists "unit_cost" numeric null, add column if not exists "unit_cost_currency_code" text null, add column if not exists "raw_unit_cost" jsonb null;`);

    this.addSql(`alter table if exists "lot_movement" add constraint "lot_movement_type_check" check("type" in ('received', 'adjusted', 'transferred_out', 'transferred_in', 'written_off', 'reserved', 'released', 'fulfilled', 'fulfillment_canceled', 'returned', 'quarantined', 'released_from_quarantine', 'recalled', 'return_damaged', 'return_awaiting_lot', 'return_lot_confirmed', 'opening_balance', 'put_away', 'edited'));`);

    this.addSql(`alter table if exists "lot_stock" add column if not exists "recall_id" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_stock_recall_id" ON "lot_stock" ("recall_id") WHERE recall_id IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`alter table if exists "recall" add column if not exists "scope" jsonb null, add column if not exists "canceled_by" text null, add column if not exists "canceled_at" timestamptz null, add column if not exists "cancel_reason" text null;`);
    this.addSql(`alter table if exists "recall" add constraint "recall_status_check" check("status" in ('open', 'closed', 'canceled'));`);

    this.addSql(`alter table if exists "recall_notice" add column if not exists "acknowledgement_token" text null, add column if not exists "acknowledgement" text check ("acknowledgement" in ('returned', 'destroyed', 'kept')) null, add column if not exists "send_attempts" integer not null default 0, add column if not exists "last_error" text null;`);
    this.addSql(`alter table if exists "recall_notice" add constraint "recall_notice_status_check" check("status" in ('pending', 'sent', 'failed', 'acknowledged', 'unreachable', 'void'));`);
    // Notices listed before acknowledgement links existed get a token too: 24 random bytes (two v4 UUIDs,
    // 122 random bits each, cut to 24 bytes) as base64url, the shape of newAcknowledgementToken().
    this.addSql(`update "recall_notice" set "acknowledgement_token" = translate(encode(decode(substr(replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), 1, 48), 'hex'), 'base64'), '+/', '-_') where "acknowledgement_token" is null;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_recall_notice_acknowledgement_token_unique" ON "recall_notice" ("acknowledgement_token") WHERE acknowledgement_token IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "lot_movement" drop constraint if exists "lot_movement_type_check";`);

    this.addSql(`alter table if exists "recall" drop constraint if exists "recall_status_check";`);

    this.addSql(`alter table if exists "recall_notice" drop constraint if exists "recall_notice_status_check";`);

    this.addSql(`alter table if exists "lot" drop column if exists "unit_cost", drop column if exists "unit_cost_currency_code", drop column if exists "raw_unit_cost";`);

    this.addSql(`alter table if exists "lot_movement" add constraint "lot_movement_type_check" check("type" in ('received', 'adjusted', 'transferred_out', 'transferred_in', 'written_off', 'reserved', 'released', 'fulfilled', 'fulfillment_canceled', 'returned', 'quarantined', 'released_from_quarantine', 'recalled', 'return_damaged', 'return_awaiting_lot', 'return_lot_confirmed', 'opening_balance', 'put_away'));`);

    this.addSql(`drop index if exists "IDX_lot_stock_recall_id";`);
    this.addSql(`alter table if exists "lot_stock" drop column if exists "recall_id";`);

    this.addSql(`alter table if exists "recall" drop column if exists "scope", drop column if exists "canceled_by", drop column if exists "canceled_at", drop column if exists "cancel_reason";`);

    this.addSql(`alter table if exists "recall" add constraint "recall_status_check" check("status" in ('open', 'closed'));`);

    this.addSql(`drop index if exists "IDX_recall_notice_acknowledgement_token_unique";`);
    this.addSql(`alter table if exists "recall_notice" drop column if exists "acknowledgement_token", drop column if exists "acknowledgement", drop column if exists "send_attempts", drop column if exists "last_error";`);

    this.addSql(`alter table if exists "recall_notice" add constraint "recall_notice_status_check" check("status" in ('pending', 'sent', 'failed', 'acknowledged'));`);
  }

}
