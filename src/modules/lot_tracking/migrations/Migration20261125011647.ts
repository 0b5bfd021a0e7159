import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125011647 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "lot_shortfall" drop constraint if exists "lot_shortfall_line_item_id_inventory_item_id_unique";`);
    this.addSql(`create table if not exists "lot_allocation" ("id" text not null, "order_id" text not null, "line_item_id" text not null, "inventory_item_id" text not null, "location_id" text not null, "quantity" integer not null, "returned_quantity" integer not null default 0, "status" text check ("status" in ('reserved', 'fulfilled', 'released')) not null default 'reserved', "source" text check ("source" in ('auto', 'manual')) not null default 'auto', "fulfillment_id" text null, "fulfilled_at" timestamptz null, "lot_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_allocation_pkey" primary key ("id"), constraint lot_allocation_quantity_positive check (quantity > 0), constraint lot_allocation_returned_within_quantity check (returned_quantity >= 0 AND returned_quantity <= quantity));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_allocation_lot_id" ON "lot_allocation" ("lot_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_allocation_deleted_at" ON "lot_allocation" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_allocation_order_id" ON "lot_allocation" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_allocation_line_item_id_status" ON "lot_allocation" ("line_item_id", "status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_allocation_lot_id_status" ON "lot_allocation" ("lot_id", "status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_allocation_fulfillment_id" ON "lot_allocation" ("fulfillment_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "lot_shortfall" ("id" text not null, "order_id" text not null, "line_item_id" text not null, "inventory_item_id" text not null, "location_id" text not null, "quantity" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "lot_shortfall_pkey" primary key ("id"), constraint lot_shortfall_quantity_positive check (quantity > 0));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_shortfall_deleted_at" ON "lot_shortfall" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_lot_shortfall_line_item_id_inventory_item_id_unique" ON "lot_shortfall" ("line_item_id", "inventory_item_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_lot_shortfall_order_id" ON "lot_shortfall" ("order_id") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "lot_allocation" add constraint "lot_allocation_lot_id_foreign" foreign key ("lot_id") references "lot" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "lot_allocation" cascade;`);

    this.addSql(`drop table if exists "lot_shortfall" cascade;`);
  }

}
