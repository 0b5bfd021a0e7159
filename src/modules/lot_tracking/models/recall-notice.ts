import { model } from "@medusajs/framework/utils"
import { Recall } from "./recall"

/**
 * One affected order of a recall: who received which recalled lots, where,
 * and whether they were told. Sent at most once (notified_at).
 */
export const RecallNotice = model
  .define("recall_notice", {
    id: model.id({ prefix: "rclntc" }).primaryKey(),
    order_id: model.text(),
    order_display_id: model.number().nullable(),
    customer_id: model.text().nullable(),
    email: model.text().nullable(),
    name: model.text().nullable(),
    phone: model.text().nullable(),
    ship_to: model.json().nullable(),
    // [{ lot_id, lot_number, inventory_item_id, quantity, fulfillment_id, shipped_at, location_id }]
    lines: model.json(),
    quantity: model.number(),
    returned_quantity: model.number().default(0),
    first_shipped_at: model.dateTime().nullable(),
    // unreachable: no email to send to (staff call the phone); void: the recall was canceled before it was sent.
    status: model.enum(["pending", "sent", "failed", "acknowledged", "unreachable", "void"]).default("pending"),
    // Unguessable token of the customer's acknowledgement link (GET/POST /store/lot-recalls/notices/:token).
    acknowledgement_token: model.text().nullable(),
    // The customer's answer: what they did with the units.
    acknowledgement: model.enum(["returned", "destroyed", "kept"]).nullable(),
    send_attempts: model.number().default(0),
    last_error: model.text().nullable(),
    notified_at: model.dateTime().nullable(),
    notification_id: model.text().nullable(),
    provider_result: model.json().nullable(),
    acknowledged_at: model.dateTime().nullable(),
    recall: model.belongsTo(() => Recall, { mappedBy: "notices" }),
  })
  .indexes([{ on: ["recall_id", "order_id"], unique: true }, { on: ["customer_id"] }, { on: ["recall_id", "status"] },
    { on: ["acknowledgement_token"], unique: true, where: "acknowledgement_token IS NOT NULL" },
  ])
