import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { PencilSquare } from "@medusajs/icons"
import { Badge, Button, StatusBadge } from "@medusajs/ui"
import { useState } from "react"
import { Link, useNavigate } from "react-router-dom"
import { Empty, ExpiryText, FieldRow, LotBadges, Section, SimpleTable } from "../components/common"
import { PolicyDrawer } from "../components/policy-drawer"
import { ReceiveLotModal } from "../components/receive-lot-modal"
import { useLots, useTrackingPolicy } from "../lib/api"
import { errorMessage } from "../lib/field-errors"

type Props = { data: { id: string; sku?: string | null; title?: string | null } }

const InventoryItemLotsWidget = ({ data: item }: Props) => {
  const navigate = useNavigate()
  const policy = useTrackingPolicy(item.id)
  const lots = useLots({ inventory_item_id: item.id, has_stock: "true", order: "expires_at", limit: 50 })
  const [policyOpen, setPolicyOpen] = useState(false)
  const [receiveOpen, setReceiveOpen] = useState(false)
  const p = policy.data?.policy

  return (
    <div className="flex flex-col gap-y-3">
      <Section
        title="Lot tracking policy"
        subtitle={p?.is_default ? "Plugin defaults (not set for this item)" : undefined}
        testId="policy-widget"
        actions={
          p && (
            <Button size="small" variant="secondary" onClick={() => setPolicyOpen(true)} data-testid="edit-policy">
              <PencilSquare /> Edit
            </Button>
          )
        }
      >
        {policy.isError ? (
          <Empty>{errorMessage(policy.error)}</Empty>
        ) : p ? (
          <>
            <FieldRow label="Lots tracked">
              <StatusBadge color={p.tracked ? "green" : "grey"}>{p.tracked ? "Tracked" : "Not tracked"}</StatusBadge>
            </FieldRow>
            <FieldRow label="Picking strategy">
              <Badge size="2xsmall">{p.strategy.toUpperCase()}</Badge>
            </FieldRow>
            <FieldRow label="Minimum shelf life at shipment">{p.min_shelf_life_days} days</FieldRow>
            <FieldRow label="Expiry warning window">{p.expiry_warning_days} days</FieldRow>
            <FieldRow label="Expiry date required">{p.require_expiry ? "Yes" : "No"}</FieldRow>
          </>
        ) : (
          <Empty>Loading…</Empty>
        )}
      </Section>
      <Section
        title="Lots in stock"
        subtitle={lots.data ? `${lots.data.count} lots with stock, soonest expiry first` : undefined}
        testId="inventory-lots-widget"
        actions={
          <Button size="small" variant="secondary" onClick={() => setReceiveOpen(true)}>
            Receive lot
          </Button>
        }
      >
        {lots.data?.lots.length ? (
          <SimpleTable
            head={["Lot", "Status", "Expires", "Stock per location", "Total"]}
            rows={lots.data.lots.map((lot) => ({
              key: lot.id,
              cells: [
                <Link key="l" to={`/lots/${lot.id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover font-mono">
                  {lot.lot_number}
                </Link>,
                <LotBadges key="s" lot={lot} />,
                <ExpiryText key="e" lot={lot} />,
                <div key="q" className="flex flex-col">
                  {lot.stock
                    .filter((s) => s.stocked_quantity > 0)
                    .map((s) => (
                      <span key={s.location_id} className="txt-compact-xsmall whitespace-nowrap">
                        {s.location_name ?? s.location_id}: {s.stocked_quantity}
                        {s.reserved_quantity ? ` (${s.reserved_quantity} reserved)` : ""}
                      </span>
                    ))}
                </div>,
                lot.stocked_quantity,
              ],
            }))}
          />
        ) : (
          <Empty>{lots.isLoading ? "Loading…" : "No lot of this item has stock."}</Empty>
        )}
        {lots.data && lots.data.count > lots.data.lots.length && (
          <div className="px-6 py-3">
            <Button size="small" variant="transparent" onClick={() => navigate("/lots")}>
              All lots
            </Button>
          </div>
        )}
      </Section>
      {p && <PolicyDrawer itemId={item.id} policy={p} open={policyOpen} onOpenChange={setPolicyOpen} />}
      <ReceiveLotModal
        open={receiveOpen}
        onOpenChange={setReceiveOpen}
        inventoryItem={{ id: item.id, sku: item.sku ?? null, title: item.title ?? null }}
      />
    </div>
  )
}

export const config = defineWidgetConfig({
  zone: "inventory_item.details.after",
})

export default InventoryItemLotsWidget
