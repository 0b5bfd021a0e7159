import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Return movements: `return_damaged` (damaged units counted on their lot, no
 * stock change), `return_awaiting_lot` and `return_lot_confirmed` (units into
 * and out of an item's "awaiting lot confirmation" lot). The type check lists
 * every type of `MOVEMENT_TYPES`: a later migration adding a type must list
 * these too.
 */
export class Migration20261130162000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "lot_movement" drop constraint if exists "lot_movement_type_check";`);
    this.addSql(`alter table if exists "lot_movement" add constraint "lot_movement_type_check" check("type" in ('received', 'adjusted', 'transferred_out', 'transferred_in', 'written_off', 'reserved', 'released', 'fulfilled', 'fulfillment_canceled', 'returned', 'quarantined', 'released_from_quarantine', 'recalled', 'return_damaged', 'return_awaiting_lot', 'return_lot_confirmed'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "lot_movement" drop constraint if exists "lot_movement_type_check";`);
    this.addSql(`alter table if exists "lot_movement" add constraint "lot_movement_type_check" check("type" in ('received', 'adjusted', 'transferred_out', 'transferred_in', 'written_off', 'reserved', 'released', 'fulfilled', 'fulfillment_canceled', 'returned', 'quarantined', 'released_from_quarantine', 'recalled'));`);
  }

}
