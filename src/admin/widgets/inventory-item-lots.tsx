import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { ExclamationCircle, PencilSquare } from "@medusajs/icons"
import { Badge, Button, StatusBadge, Text } from "@medusajs/ui"
import { useState } from "react"
import { Link, useNavigate } from "react-router-dom"
import type { LotHold, TrackingPolicy } from "../../types/http"
import { Empty, FieldRow, LotLink, LotMiniTable, QueryState, Section } from "../components/common"
import { OpeningBalanceDrawer } from "../components/opening-balance-drawer"
import { PolicyDrawer } from "../components/policy-drawer"
import { ReceiveLotModal } from "../components/receive-lot-modal"
import { useLotHolds } from "../hooks/api/holds"
import { useLots } from "../hooks/api/lots"
import { useUnassignedStock, type UnassignedStock } from "../hooks/api/onboarding"
import { useTrackingPolicy } from "../hooks/api/policies"
import { errorMessage } from "../lib/field-errors"
import { heldUnitsText, holdReasonLabel, holdExplanationText, holdsByLocation, holdsSummaryText } from "../lib/holds"
import { inventoryItemName, withItemNames, type CoreInventoryItem } from "../lib/item-names"

type Props = { data: CoreInventoryItem }

const InventoryItemLotsWidget = ({ data: item }: Props) => {
  const navigate = useNavigate()
  const policy = useTrackingPolicy(item.id)
  const lots = useLots({ inventory_item_id: item.id, has_stock: "true", order: "expires_at", limit: 50 })
  const holds = useLotHolds(item.id)
  const unassigned = useUnassignedStock(item.id)
  const [policyOpen, setPolicyOpen] = useState(false)
  const [receiveOpen, setReceiveOpen] = useState(false)
  const [assigning, setAssigning] = useState<UnassignedStock | null>(null)
  const p = policy.data?.policy
  const itemName = inventoryItemName(withItemNames(item), item.sku ?? item.id)

  return (
    <div className="flex flex-col gap-y-3">
      {unassigned.isError ? (
        <Section title="Units not in any lot" testId="unassigned-widget">
          <Empty>{errorMessage(unassigned.error)}</Empty>
        </Section>
      ) : (
        <UnassignedSection
          rows={unassigned.data?.unassigned ?? []}
          policy={p}
          onAssign={setAssigning}
          onEditPolicy={() => setPolicyOpen(true)}
        />
      )}
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
        <QueryState query={policy}>
          {({ policy: p }) => (
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
              <FieldRow label="Serial numbers" testId="policy-serials">
                {p.serialized ? (
                  <div className="flex flex-col gap-y-1">
                    <span className="inline-flex items-center gap-x-2">
                      <StatusBadge color="blue">Serialized</StatusBadge>
                      <Link
                        to={`/lots/serials?inventory_item_id=${item.id}`}
                        className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover txt-compact-small"
                      >
                        Serials
                      </Link>
                    </span>
                    <span className="txt-compact-xsmall text-ui-fg-subtle">
                      <span className="font-mono">{p.serial_pattern}</span> ·{" "}
                      {p.serial_capture === "required" ? "scanned at shipment" : "chosen at shipment"} · unique{" "}
                      {p.serial_scope === "global" ? "among all items" : "per item"}
                    </span>
                  </div>
                ) : (
                  "No"
                )}
              </FieldRow>
            </>
          )}
        </QueryState>
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
        <QueryState query={lots} isEmpty={(d) => !d.lots.length} empty="No lot of this item has stock.">
          {(d) => (
            <LotMiniTable
              lots={d.lots}
              head={["Stock per location", "Total"]}
              cells={(lot) => [
                <div key="q" className="flex flex-col">
                  {lot.stock
                    .filter((s) => s.stocked_quantity > 0)
                    .map((s) => (
                      <span key={s.location_id} className="txt-compact-xsmall whitespace-nowrap">
                        {s.location_name ?? s.location_id}: {s.stocked_quantity}
                        {s.reserved_quantity ? ` (${s.reserved_quantity} reserved)` : ""}
                        {s.bin && <span className="text-ui-fg-subtle font-mono">{` · ${s.bin}`}</span>}
                      </span>
                    ))}
                </div>,
                lot.stocked_quantity,
              ]}
            />
          )}
        </QueryState>
        {lots.data && lots.data.count > lots.data.lots.length && (
          <div className="px-6 py-3">
            <Button size="small" variant="transparent" onClick={() => navigate("/lots")}>
              All lots
            </Button>
          </div>
        )}
      </Section>
      {holds.isError ? (
        <Section title="Held back from sale" testId="inventory-hold-widget">
          <Empty>{errorMessage(holds.error)}</Empty>
        </Section>
      ) : (
        <HeldBackSection holds={holds.data?.holds ?? []} />
      )}
      {p && <PolicyDrawer itemId={item.id} policy={p} open={policyOpen} onOpenChange={setPolicyOpen} />}
      <ReceiveLotModal
        open={receiveOpen}
        onOpenChange={setReceiveOpen}
        inventoryItem={withItemNames(item)}
      />
      <OpeningBalanceDrawer unassigned={assigning} itemName={itemName} onClose={() => setAssigning(null)} />
    </div>
  )
}

/**
 * Units Medusa counts at a location that no lot holds (stock from before lot
 * tracking, or changed in Medusa's own screens), per location, each with
 * "Assign to lots". Nothing is shown when every unit is in a lot.
 */
const UnassignedSection = ({
  rows,
  policy,
  onAssign,
  onEditPolicy,
}: {
  rows: UnassignedStock[]
  policy: TrackingPolicy | undefined
  onAssign: (row: UnassignedStock) => void
  onEditPolicy: () => void
}) => {
  const shown = rows.filter((r) => r.quantity > 0)
  if (!shown.length) {
    return null
  }
  const total = shown.reduce((sum, r) => sum + r.quantity, 0)
  // An opening balance names lots, not serials; and an item whose policy says "not tracked" takes no lots.
  const blocked = policy?.serialized
    ? "Serialized item: these units need serial numbers, which assigning to lots does not take."
    : policy && !policy.tracked && !policy.is_default
      ? "This item's policy says it is not tracked by lot: turn tracking on to assign its units to lots."
      : null
  return (
    <Section
      title="Units not in any lot"
      subtitle={
        policy?.tracked
          ? `Medusa counts ${total} units that no lot holds: lot tracking cannot allocate them to orders until they are in lots.`
          : `${total} units in stock are not in lots yet. Assign them to lots to track batches and expiry from now on.`
      }
      testId="unassigned-widget"
      actions={
        blocked && !policy?.serialized ? (
          <Button size="small" variant="secondary" onClick={onEditPolicy}>
            Edit policy
          </Button>
        ) : undefined
      }
    >
      {blocked && (
        <div className="px-6 py-3">
          <Text size="small" className="text-ui-fg-subtle" data-testid="unassigned-blocked">
            {blocked}
          </Text>
        </div>
      )}
      {shown.map((r) => {
        const name = r.location_name ?? r.location_id
        return (
          <div
            key={r.location_id}
            className="flex items-center justify-between gap-x-4 px-6 py-4"
            data-testid="unassigned-location"
            data-location-name={name}
          >
            <div className="flex items-center gap-x-3">
              <ExclamationCircle className="text-ui-tag-orange-icon shrink-0" />
              <div className="flex flex-col">
                <Text size="small" weight="plus" leading="compact">
                  {name}
                </Text>
                <Text size="small" leading="compact" className="text-ui-fg-subtle" data-testid="unassigned-units">
                  {r.quantity} {r.quantity === 1 ? "unit" : "units"} not in any lot
                </Text>
              </div>
            </div>
            <Button size="small" variant="secondary" onClick={() => onAssign(r)} disabled={!!blocked} data-testid="assign-to-lots">
              Assign to lots
            </Button>
          </div>
        )
      })}
    </Section>
  )
}

/**
 * Units of blocked lots (quarantined, recalled, expired, short shelf life) that
 * the plugin's hold reservation keeps out of sale, per location, with the lots
 * that explain them. Nothing is shown when nothing is held.
 */
const HeldBackSection = ({ holds }: { holds: LotHold[] }) => {
  const locations = holdsByLocation(holds)
  if (!locations.length) {
    return null
  }
  const reasons = [...new Set(locations.flatMap((l) => l.lots.map((lot) => lot.reason)))]
  return (
    <Section title="Held back from sale" subtitle={holdsSummaryText(locations)} testId="inventory-hold-widget">
      {locations.map((loc) => (
        <div
          key={loc.location_id}
          className="flex flex-col gap-y-2 px-6 py-4"
          data-testid="hold-location"
          data-location-name={loc.location_name}
        >
          <div className="flex items-center justify-between gap-x-4">
            <Text size="small" weight="plus" leading="compact">
              {loc.location_name}
            </Text>
            <StatusBadge color="orange" className="whitespace-nowrap" data-testid="held-units">
              {heldUnitsText(loc.quantity)}
            </StatusBadge>
          </div>
          <ul className="flex flex-col gap-y-1">
            {loc.lots.map((lot) => (
              <li key={`${lot.lot_id}:${lot.reason}`} className="txt-compact-small text-ui-fg-subtle" data-testid="held-lot">
                <LotLink lot={{ id: lot.lot_id, lot_number: lot.lot_number }} />
                {` ${holdReasonLabel(lot.reason)}: ${lot.quantity}`}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className="px-6 py-4">
        <Text size="small" className="text-ui-fg-subtle" data-testid="hold-explanation">
          {holdExplanationText(reasons)}
        </Text>
      </div>
    </Section>
  )
}

export const config = defineWidgetConfig({
  zone: "inventory_item.details.after",
})

export default InventoryItemLotsWidget
