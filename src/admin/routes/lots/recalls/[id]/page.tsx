import { ArrowDownTray, Envelope } from "@medusajs/icons"
import { Button, Container, Heading, Input, StatusBadge, Text, Textarea, toast, usePrompt } from "@medusajs/ui"
import { useEffect, useState, type ReactNode } from "react"
import { Link, useParams, type UIMatch } from "react-router-dom"
import type { RecallDetail, RecallNotice, RecallSerial } from "../../../../../types/http"
import { Empty, FieldRow, LotBadges, LotLink, QueryState, Section, SimpleTable } from "../../../../components/common"
import { FormDrawer } from "../../../../components/form-drawer"
import { FormField } from "../../../../components/form-field"
import { NoticeStatusBadge, RecallStatusBadge } from "../../../../components/recall-badges"
import { EpcisDownloadButton } from "../../../../components/epcis-download-button"
import { SerialBadges } from "../../../../components/serial-badges"
import { useStockLocations } from "../../../../hooks/api/core"
import { fetchRecall, useCancelRecall, useCloseRecall, useExportRecall, useNotifyRecall, useRecall } from "../../../../hooks/api/recalls"
import { useResendRecallNotice } from "../../../../hooks/api/recall-notices"
import { useFormErrors } from "../../../../hooks/use-form-errors"
import { errorMessage } from "../../../../lib/field-errors"
import { formatAddress, formatCalendarDate, formatDateTime, formatDuration, pluralize } from "../../../../lib/format"
import { inventoryItemName } from "../../../../lib/item-names"
import { scopeText } from "../../../../lib/recall-scope"
import { serialStatus } from "../../../../lib/serials"

const Stat = ({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) => (
  <div className="bg-ui-bg-base flex flex-col px-4 py-3" data-testid={testId}>
    <Text size="xsmall" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="large" weight="plus">
      {value}
    </Text>
  </div>
)

const CloseRecallDrawer = ({ recall, open, onOpenChange }: { recall: RecallDetail["recall"]; open: boolean; onOpenChange: (o: boolean) => void }) => {
  const [destroyed, setDestroyed] = useState("")
  const [note, setNote] = useState("")
  const errors = useFormErrors()
  const close = useCloseRecall(recall.id)

  useEffect(() => {
    if (open) {
      errors.clear()
    }
  }, [open])

  const submit = () => {
    const n = destroyed.trim() === "" ? null : Number(destroyed)
    if (n !== null && (!Number.isInteger(n) || n < 0)) {
      errors.setGeneral("Units destroyed must be a whole number (0 or more)")
      return
    }
    close.mutate(
      { outcome: { ...(n !== null ? { destroyed: n } : {}), ...(note.trim() ? { note: note.trim() } : {}) } },
      {
        onSuccess: () => {
          toast.success(`Recall ${recall.reference} closed`)
          onOpenChange(false)
        },
        onError: (e) => errors.fromApiError(e),
      }
    )
  }
  const s = recall.summary
  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title={`Close recall ${recall.reference}`}
      description="Record the outcome and close the case"
      intro={`The outcome is computed from the data: ${s.units_shipped} units shipped, ${s.units_returned} returned. Add the units customers or partners reported destroyed. The lots stay recalled.`}
      general={errors.general}
      saving={close.isPending}
      onSubmit={submit}
      submitLabel="Close recall"
      testId="close-recall-drawer"
      submitTestId="close-recall-submit"
    >
      <FormField label="Units reported destroyed" htmlFor="destroyed" optional>
        <Input id="destroyed" type="number" min={0} value={destroyed} onChange={(e) => setDestroyed(e.target.value)} />
      </FormField>
      <FormField label="Outcome note" htmlFor="outcome-note" optional>
        <Textarea id="outcome-note" rows={4} value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. Authority informed on …; effectiveness checks done." />
      </FormField>
    </FormDrawer>
  )
}

/** Cancel a recall opened by mistake: a reason is required; lots, holds and waiting orders are restored. */
const CancelRecallDrawer = ({ recall, open, onOpenChange }: { recall: RecallDetail["recall"]; open: boolean; onOpenChange: (o: boolean) => void }) => {
  const [reason, setReason] = useState("")
  const errors = useFormErrors([{ field: "reason", match: ["reason"] }])
  const cancel = useCancelRecall(recall.id)

  useEffect(() => {
    if (open) {
      setReason("")
      errors.clear()
    }
  }, [open])

  const submit = () => {
    if (!errors.check(reason.trim() ? {} : { reason: "Say why the recall is canceled" })) {
      return
    }
    cancel.mutate(
      { reason: reason.trim() },
      {
        onSuccess: () => {
          toast.success(`Recall ${recall.reference} canceled`, { description: "The lots are back as they were; notices not yet sent are void." })
          onOpenChange(false)
        },
        onError: (e) => errors.fromApiError(e),
      }
    )
  }
  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title={`Cancel recall ${recall.reference}`}
      description="For a recall opened by mistake"
      intro="Each lot goes back to the status it had (or the block is lifted from the recall's locations), its units are for sale again and waiting orders get them first. Notices not yet sent become void; notices already sent stay. The recall stays on record as canceled."
      general={errors.general}
      saving={cancel.isPending}
      onSubmit={submit}
      submitLabel="Cancel recall"
      submitVariant="danger"
      testId="cancel-recall-drawer"
      submitTestId="cancel-recall-submit"
    >
      <FormField label="Reason" htmlFor="cancel-reason" error={errors.errors.reason}>
        <Textarea
          id="cancel-reason"
          rows={3}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value)
            errors.clearField("reason")
          }}
          placeholder="e.g. Opened on the wrong lot number"
          data-testid="cancel-recall-reason"
        />
      </FormField>
    </FormDrawer>
  )
}

/** Fulfilments of the recalled lots packed but not handed to the carrier: stop them in the warehouse. */
const StopBeforeShipping = ({ rows }: { rows: RecallDetail["stop_before_shipping"] }) => (
  <Section
    title="Stop before shipping"
    subtitle="Fulfilled but not yet shipped: take these parcels out before they leave the warehouse."
    testId="recall-stop-before-shipping"
  >
    {rows.length ? (
      <SimpleTable
        testId="stop-before-shipping-table"
        head={["Order", "Fulfillment", "Lot", "Units", "Location", "Fulfilled"]}
        rows={rows.map((r) => ({
          key: `${r.fulfillment_id}:${r.lot_id}`,
          cells: [
            <Link
              key="o"
              to={`/orders/${r.order_id}`}
              className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
              data-testid="stop-before-shipping-order"
            >
              #{r.order_display_id ?? r.order_id}
            </Link>,
            <span key="f" className="font-mono txt-compact-xsmall">
              {r.fulfillment_id}
            </span>,
            <LotLink key="l" lot={{ id: r.lot_id, lot_number: r.lot_number }} />,
            r.quantity,
            r.location_name ?? r.location_id,
            formatDateTime(r.fulfilled_at),
          ],
        }))}
      />
    ) : (
      <Empty>No fulfilment of these lots is waiting to ship.</Empty>
    )}
  </Section>
)

/** The units of a recall by serial: blocked where they are; each opens its own page. */
const RecallSerials = ({ serials }: { serials: RecallSerial[] }) => {
  const locations = useStockLocations()
  const locationName = (id: string | null) => (id ? locations.data?.stock_locations.find((l) => l.id === id)?.name ?? id : "-")
  return (
    <Section
      title="Units"
      subtitle="Recalled by serial: blocked while recalled, never sold; the rest of their lots stays on sale."
      testId="recall-serials"
    >
      <SimpleTable
        testId="recall-serials-table"
        head={["Serial", "Lot", "When the recall opened", "Now", "Location"]}
        rows={serials.map((u) => ({
          key: u.serial_id,
          cells: [
            <Link
              key="s"
              to={`/lots/serials/${u.serial_id}`}
              className="txt-compact-small-plus text-ui-fg-interactive hover:text-ui-fg-interactive-hover font-mono"
              data-testid="recall-serial-link"
              data-serial={u.serial_number}
            >
              {u.serial_number}
            </Link>,
            <LotLink key="l" lot={{ id: u.lot_id, lot_number: u.lot_number }} />,
            serialStatus(u.status_at_open).label,
            u.status ? <SerialBadges key="n" serial={{ status: u.status }} /> : "-",
            locationName(u.location_id),
          ],
        }))}
      />
    </Section>
  )
}

/** "LOT-1 × 2": a notice's lot, with the serials of the units the customer received (recall by serial). */
const NoticeLots = ({ lines }: { lines: RecallNotice["lines"] }) => (
  <div className="flex flex-col gap-y-0.5">
    {lines.map((x, i) => (
      <span key={`${x.lot_id}:${i}`} className="font-mono txt-compact-xsmall">
        {x.lot_number} × {x.quantity}
        {x.serial_numbers?.length ? (
          <span className="text-ui-fg-subtle" data-testid="notice-serials">
            {" "}
            ({x.serial_numbers.join(", ")})
          </span>
        ) : null}
      </span>
    ))}
  </div>
)

const ACKNOWLEDGEMENT_LABELS = { returned: "Returned", destroyed: "Destroyed", kept: "Kept" } as const

/**
 * A notice's state: sent / failed (with the error) / unreachable (call the
 * phone), the customer's answer, a Resend button and their link to copy.
 */
const NoticeCell = ({ recallId, notice: n, canSend }: { recallId: string; notice: RecallNotice; canSend: boolean }) => {
  const resend = useResendRecallNotice(recallId)
  const copyLink = async () => {
    if (!n.acknowledgement_url) return
    try {
      await navigator.clipboard.writeText(n.acknowledgement_url)
      toast.success("Link copied", { description: "The customer's acknowledgement link is on the clipboard." })
    } catch {
      toast.info("The customer's acknowledgement link", { description: n.acknowledgement_url })
    }
  }
  const resendable = canSend && !!n.email && n.status !== "void" && n.status !== "acknowledged"
  return (
    <div className="flex flex-col items-start gap-y-0.5" data-testid="notice-cell" data-notice={n.id} data-status={n.status}>
      <NoticeStatusBadge status={n.status} />
      {n.notified_at && <span className="text-ui-fg-subtle txt-compact-xsmall">{formatDateTime(n.notified_at)}</span>}
      {n.status === "unreachable" && (
        <span className="text-ui-fg-subtle txt-compact-xsmall" data-testid="notice-unreachable">
          No email: call {n.phone ?? "(no phone either)"}
        </span>
      )}
      {n.last_error && (
        <span className="text-ui-fg-error txt-compact-xsmall" title={n.last_error} data-testid="notice-error">
          {n.last_error.length > 60 ? `${n.last_error.slice(0, 60)}…` : n.last_error}
        </span>
      )}
      {n.acknowledgement && (
        <span className="txt-compact-xsmall-plus" data-testid="notice-acknowledgement">
          {ACKNOWLEDGEMENT_LABELS[n.acknowledgement]}
          {n.acknowledged_at ? ` · ${formatDateTime(n.acknowledged_at)}` : ""}
        </span>
      )}
      <div className="flex gap-x-1">
        {resendable && (
          <Button
            size="small"
            variant="transparent"
            isLoading={resend.isPending}
            data-testid="notice-resend"
            onClick={() =>
              resend.mutate(n.id, {
                onSuccess: (r) =>
                  (r.sent ? toast.success : toast.warning)(r.sent ? "Notice sent again" : "The notice could not be sent", {
                    description: r.sent ? n.email ?? undefined : r.error ?? undefined,
                  }),
                onError: (e) => toast.error("Could not resend the notice", { description: errorMessage(e) }),
              })
            }
          >
            Resend
          </Button>
        )}
        {n.acknowledgement_url && n.status !== "void" && (
          <Button size="small" variant="transparent" onClick={copyLink} data-testid="notice-copy-link" data-url={n.acknowledgement_url}>
            Copy link
          </Button>
        )}
      </div>
    </div>
  )
}

const RecallDetailPage = () => {
  const { id } = useParams()
  const query = useRecall(id!)
  return <QueryState page query={query}>{(data) => <Recall data={data} />}</QueryState>
}

const Recall = ({ data }: { data: RecallDetail }) => {
  const { recall, notices } = data
  const prompt = usePrompt()
  const [closeOpen, setCloseOpen] = useState(false)
  const [cancelOpen, setCancelOpen] = useState(false)
  const stockLocations = useStockLocations()
  const locationName = (id: string) => stockLocations.data?.stock_locations.find((l) => l.id === id)?.name ?? id
  const notifyRecall = useNotifyRecall(recall.id)
  const exportRecall = useExportRecall(recall)
  const s = recall.summary
  // Notify sends pending notices only; failed ones are resent one by one, unreachable ones have no email.
  const toNotify = s.notices.pending
  const notified = s.notices.sent + s.notices.acknowledged
  const effectiveness = recall.effectiveness ?? {
    notified,
    acknowledged: s.notices.acknowledged,
    rate: notified ? s.notices.acknowledged / notified : null,
  }
  const serials = recall.serials ?? []
  const bySerial = serials.length > 0

  const notify = async () => {
    const ok = await prompt({
      title: "Notify customers?",
      description: `Send the recall notice by email to ${toNotify} customer(s) not notified yet. Each customer is notified at most once; a notice that failed is not retried here (use Resend on it).`,
      confirmText: "Send notices",
      cancelText: "Cancel",
    })
    if (!ok) return
    notifyRecall.mutate(undefined, {
      onSuccess: ({ notification }) => {
        const parts = [`${notification.sent} sent`]
        if (notification.failed) parts.push(`${notification.failed} failed`)
        if (notification.failed_earlier) parts.push(`${notification.failed_earlier} failed earlier (resend them)`)
        if (notification.unreachable) parts.push(`${notification.unreachable} without email (call them)`)
        ;(notification.failed ? toast.warning : toast.success)("Recall notices", { description: parts.join(", ") })
      },
      onError: (e) => toast.error("Could not notify customers", { description: errorMessage(e) }),
    })
  }

  const exportCsv = () =>
    exportRecall.mutate(undefined, { onError: (e) => toast.error("Could not export the recall", { description: errorMessage(e) }) })

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0" data-testid="recall-general">
        <div className="flex flex-col justify-between gap-4 px-6 py-4 md:flex-row md:items-center">
          <div className="flex flex-col gap-y-1">
            <div className="flex items-center gap-x-3">
              <Heading className="font-mono" data-testid="recall-heading">
                {recall.reference}
              </Heading>
              <RecallStatusBadge status={recall.status} />
              {recall.classification && <StatusBadge color="red">Class {recall.classification}</StatusBadge>}
            </div>
            <Text size="small" className="text-ui-fg-subtle">
              Opened {formatDateTime(recall.opened_at)} · affected list complete in {formatDuration(recall.recall_time_ms)}
            </Text>
          </div>
          <div className="flex items-center gap-x-2">
            <Button size="small" variant="secondary" onClick={exportCsv} isLoading={exportRecall.isPending} data-testid="recall-export">
              <ArrowDownTray /> Export CSV
            </Button>
            <EpcisDownloadButton kind="recalls" id={recall.id} name={recall.reference} />
            {recall.status === "open" && (
              <>
                <Button size="small" variant="secondary" onClick={() => setCancelOpen(true)} data-testid="recall-cancel">
                  Cancel recall
                </Button>
                <Button size="small" variant="secondary" onClick={() => setCloseOpen(true)} data-testid="recall-close">
                  Close recall
                </Button>
                <Button size="small" onClick={notify} isLoading={notifyRecall.isPending} disabled={toNotify <= 0} data-testid="recall-notify">
                  <Envelope /> Notify customers
                </Button>
              </>
            )}
          </div>
        </div>
        <FieldRow label="Reason (internal)">{recall.reason}</FieldRow>
        <FieldRow label="Reason for customers">{recall.public_reason ?? "-"}</FieldRow>
        <FieldRow label="All customers notified">{recall.all_notified_at ? formatDateTime(recall.all_notified_at) : "Not yet"}</FieldRow>
        {recall.closed_at && <FieldRow label="Closed">{formatDateTime(recall.closed_at)}</FieldRow>}
        {!bySerial && (
          <FieldRow label="Scope">
            <span data-testid="recall-scope">{scopeText(recall.scope, locationName)}</span>
          </FieldRow>
        )}
        {recall.canceled_at && (
          <FieldRow label="Canceled">
            <span data-testid="recall-canceled">
              {formatDateTime(recall.canceled_at)}: {recall.cancel_reason}
            </span>
          </FieldRow>
        )}
      </Container>

      <Container className="overflow-hidden p-0">
        <div className="bg-ui-border-base grid grid-cols-2 gap-px md:grid-cols-4 lg:grid-cols-7" data-testid="recall-summary">
          {bySerial ? <Stat label="Units recalled" value={serials.length} testId="recall-unit-count" /> : <Stat label="Lots" value={s.lots} />}
          <Stat label="Orders" value={s.orders} />
          <Stat label="Notices" value={s.notices.notice_count} testId="recall-notice-count" />
          <Stat label="Units shipped" value={s.units_shipped} />
          <Stat label="Units returned" value={s.units_returned} />
          <Stat label="Notices sent" value={`${s.notices.sent + s.notices.acknowledged} / ${s.notices.notice_count}`} />
          {s.customers !== undefined && <Stat label="Customers" value={s.customers} />}
          <Stat label="Pending / failed" value={`${s.notices.pending} / ${s.notices.failed}`} />
          <Stat label="Not reachable by email" value={s.notices.unreachable ?? 0} testId="recall-unreachable" />
          <Stat
            label="Effectiveness (acknowledged / notified)"
            value={effectiveness.rate === null ? "-" : `${Math.round(effectiveness.rate * 100)}% (${effectiveness.acknowledged} / ${effectiveness.notified})`}
            testId="recall-effectiveness"
          />
        </div>
      </Container>

      {recall.outcome && (
        <Section title="Outcome" subtitle={recall.outcome.note ?? undefined} testId="recall-outcome">
          <SimpleTable
            head={["Shipped", "Returned", "Destroyed in stock", "Reported destroyed", "Unaccounted", "Still in stock"]}
            rows={[
              {
                key: "outcome",
                cells: [
                  recall.outcome.units_shipped,
                  recall.outcome.units_returned,
                  recall.outcome.units_destroyed_in_stock,
                  recall.outcome.units_destroyed_reported,
                  recall.outcome.units_unaccounted,
                  recall.outcome.units_in_stock,
                ],
              },
            ]}
          />
        </Section>
      )}

      {recall.status === "open" && !bySerial && <StopBeforeShipping rows={data.stop_before_shipping ?? []} />}

      {bySerial && <RecallSerials serials={serials} />}

      {(!bySerial || recall.lots.length > 0) && (
        <Section title="Lots" subtitle="Blocked while recalled: not allocated, not shipped." testId="recall-lots">
          <SimpleTable
            head={["Lot", "Item", "Status", "Before the recall", "Expires", "Units on hand then", "Units on hand now"]}
            rows={recall.lots.map((l) => ({
              key: l.lot_id,
              cells: [
                <LotLink key="l" lot={{ id: l.lot_id, lot_number: l.lot_number }} />,
                <Link key="i" to={`/inventory/${l.inventory_item_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
                  {inventoryItemName(l.inventory_item, l.inventory_item_id)}
                </Link>,
                l.status ? <LotBadges key="s" lot={{ status: l.status }} /> : "-",
                l.previous_status,
                formatCalendarDate(l.expires_at),
                l.stock_on_hand.reduce((n, x) => n + x.stocked_quantity, 0),
                l.stocked_quantity,
              ],
            }))}
          />
        </Section>
      )}

      <Section
        title="Affected customers"
        subtitle={`${pluralize(data.count, "order")} received ${bySerial ? "these units" : "units of these lots"}.`}
        testId="recall-notices"
      >
        {notices.length ? (
          <SimpleTable
            testId="notices-table"
            head={["Order", "Customer", "Ship to", bySerial ? "Lots and serials" : "Lots", "Units", "Shipped", "Notice"]}
            rows={notices.map((n) => ({
              key: n.id,
              cells: [
                <Link key="o" to={`/orders/${n.order_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
                  #{n.order_display_id ?? n.order_id}
                </Link>,
                <div key="c" className="flex flex-col">
                  <span>{n.name ?? "-"}</span>
                  <span className="text-ui-fg-subtle txt-compact-xsmall">{n.email ?? "no email"}</span>
                  {n.phone && <span className="text-ui-fg-subtle txt-compact-xsmall">{n.phone}</span>}
                </div>,
                <span key="a" className="txt-compact-xsmall">
                  {formatAddress(n.ship_to)}
                </span>,
                <NoticeLots key="lots" lines={n.lines} />,
                n.returned_quantity ? `${n.quantity} (${n.returned_quantity} returned)` : n.quantity,
                formatDateTime(n.first_shipped_at),
                <NoticeCell key="n" recallId={recall.id} notice={n} canSend={recall.status === "open"} />,
              ],
            }))}
          />
        ) : (
          <Empty>No customer received {bySerial ? "these units" : "these lots"}.</Empty>
        )}
        {data.count > notices.length && (
          <Text size="small" className="text-ui-fg-subtle px-6 py-3">
            Showing the first {notices.length} of {data.count} orders: export the CSV for all of them.
          </Text>
        )}
      </Section>
      <CloseRecallDrawer recall={recall} open={closeOpen} onOpenChange={setCloseOpen} />
      <CancelRecallDrawer recall={recall} open={cancelOpen} onOpenChange={setCancelOpen} />
    </div>
  )
}

export const loader = async ({ params }: { params: { id?: string } }) => fetchRecall(params.id!)

export const handle = {
  breadcrumb: (match: UIMatch<RecallDetail | undefined>) => match.data?.recall?.reference ?? "Recall",
}

export default RecallDetailPage
