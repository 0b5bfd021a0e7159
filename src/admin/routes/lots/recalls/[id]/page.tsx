import { ArrowDownTray, Envelope } from "@medusajs/icons"
import { Alert, Button, Container, Drawer, Heading, Input, StatusBadge, Text, Textarea, toast, usePrompt } from "@medusajs/ui"
import { useState, type ReactNode } from "react"
import { Link, useParams, type UIMatch } from "react-router-dom"
import { Empty, FieldRow, LotBadges, Section, SimpleTable } from "../../../../components/common"
import { FormField } from "../../../../components/form-field"
import { NoticeStatusBadge, RecallStatusBadge } from "../../../../components/recall-badges"
import { downloadFile, get, post, useInvalidateLotTracking, useRecall } from "../../../../lib/api"
import { errorMessage } from "../../../../lib/field-errors"
import { formatAddress, formatCalendarDate, formatDateTime, formatDuration, pluralize } from "../../../../lib/format"
import type { NotifyResult, RecallDetail } from "../../../../lib/types"

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
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const invalidate = useInvalidateLotTracking()
  const submit = async () => {
    const n = destroyed.trim() === "" ? null : Number(destroyed)
    if (n !== null && (!Number.isInteger(n) || n < 0)) {
      setError("Units destroyed must be a whole number (0 or more)")
      return
    }
    setSaving(true)
    try {
      await post(`/admin/recalls/${recall.id}/close`, {
        outcome: { ...(n !== null ? { destroyed: n } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
      })
      toast.success(`Recall ${recall.reference} closed`)
      await invalidate()
      onOpenChange(false)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }
  const s = recall.summary
  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content data-testid="close-recall-drawer">
        <Drawer.Header>
          <Drawer.Title>Close recall {recall.reference}</Drawer.Title>
          <Drawer.Description className="sr-only">Record the outcome and close the case</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6">
          <Text size="small" className="text-ui-fg-subtle">
            The outcome is computed from the data: {s.units_shipped} units shipped, {s.units_returned} returned. Add the units
            customers or partners reported destroyed. The lots stay recalled.
          </Text>
          {error && (
            <Alert variant="error" dismissible={false}>
              {error}
            </Alert>
          )}
          <FormField label="Units reported destroyed" htmlFor="destroyed" optional>
            <Input id="destroyed" type="number" min={0} value={destroyed} onChange={(e) => setDestroyed(e.target.value)} />
          </FormField>
          <FormField label="Outcome note" htmlFor="outcome-note" optional>
            <Textarea id="outcome-note" rows={4} value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. Authority informed on …; effectiveness checks done." />
          </FormField>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary">
              Cancel
            </Button>
          </Drawer.Close>
          <Button size="small" onClick={submit} isLoading={saving} data-testid="close-recall-submit">
            Close recall
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}

const RecallDetailPage = () => {
  const { id } = useParams()
  const { data, isLoading, isError, error } = useRecall(id!)
  const invalidate = useInvalidateLotTracking()
  const prompt = usePrompt()
  const [closeOpen, setCloseOpen] = useState(false)
  const [notifying, setNotifying] = useState(false)
  const [exporting, setExporting] = useState(false)

  if (isLoading) {
    return (
      <Container>
        <Text size="small">Loading…</Text>
      </Container>
    )
  }
  if (isError || !data) {
    return (
      <Container>
        <Text size="small" className="text-ui-fg-error">
          {errorMessage(error)}
        </Text>
      </Container>
    )
  }
  const { recall, notices } = data
  const s = recall.summary
  const toNotify = s.notices.pending + s.notices.failed - s.notices.without_email

  const notify = async () => {
    const ok = await prompt({
      title: "Notify customers?",
      description: `Send the recall notice by email to ${toNotify} customer(s) not notified yet. Each customer is notified at most once.`,
      confirmText: "Send notices",
      cancelText: "Cancel",
    })
    if (!ok) return
    setNotifying(true)
    try {
      const { notification } = await post<{ notification: NotifyResult }>(`/admin/recalls/${recall.id}/notify`, {})
      const parts = [`${notification.sent} sent`]
      if (notification.failed) parts.push(`${notification.failed} failed`)
      if (notification.without_email) parts.push(`${notification.without_email} without email`)
      ;(notification.failed ? toast.warning : toast.success)("Recall notices", { description: parts.join(", ") })
      await invalidate()
    } catch (e) {
      toast.error("Could not notify customers", { description: errorMessage(e) })
    } finally {
      setNotifying(false)
    }
  }

  const exportCsv = async () => {
    setExporting(true)
    try {
      await downloadFile(`/admin/recalls/${recall.id}/export`, `recall-${recall.reference}.csv`)
    } catch (e) {
      toast.error("Could not export the recall", { description: errorMessage(e) })
    } finally {
      setExporting(false)
    }
  }

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
            <Button size="small" variant="secondary" onClick={exportCsv} isLoading={exporting} data-testid="recall-export">
              <ArrowDownTray /> Export CSV
            </Button>
            {recall.status === "open" && (
              <>
                <Button size="small" variant="secondary" onClick={() => setCloseOpen(true)} data-testid="recall-close">
                  Close recall
                </Button>
                <Button size="small" onClick={notify} isLoading={notifying} disabled={toNotify <= 0} data-testid="recall-notify">
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
      </Container>

      <Container className="overflow-hidden p-0">
        <div className="bg-ui-border-base grid grid-cols-2 gap-px md:grid-cols-4 lg:grid-cols-7" data-testid="recall-summary">
          <Stat label="Lots" value={s.lots} />
          <Stat label="Orders" value={s.orders} />
          <Stat label="Notices" value={s.notices.notice_count} testId="recall-notice-count" />
          <Stat label="Units shipped" value={s.units_shipped} />
          <Stat label="Units returned" value={s.units_returned} />
          <Stat label="Notices sent" value={`${s.notices.sent + s.notices.acknowledged} / ${s.notices.notice_count}`} />
          {s.customers !== undefined && <Stat label="Customers" value={s.customers} />}
          <Stat label="Pending / failed" value={`${s.notices.pending} / ${s.notices.failed}`} />
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

      <Section title="Lots" subtitle="Blocked while recalled: not allocated, not shipped." testId="recall-lots">
        <SimpleTable
          head={["Lot", "Status", "Before the recall", "Expires", "Units on hand then", "Units on hand now"]}
          rows={recall.lots.map((l) => ({
            key: l.lot_id,
            cells: [
              <Link key="l" to={`/lots/${l.lot_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover font-mono">
                {l.lot_number}
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

      <Section
        title="Affected customers"
        subtitle={`${pluralize(data.count, "order")} received units of these lots.`}
        testId="recall-notices"
      >
        {notices.length ? (
          <SimpleTable
            testId="notices-table"
            head={["Order", "Customer", "Ship to", "Lots", "Units", "Shipped", "Notice"]}
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
                <span key="lots" className="font-mono txt-compact-xsmall">
                  {n.lines.map((x) => `${x.lot_number} × ${x.quantity}`).join(", ")}
                </span>,
                n.returned_quantity ? `${n.quantity} (${n.returned_quantity} returned)` : n.quantity,
                formatDateTime(n.first_shipped_at),
                <div key="n" className="flex flex-col gap-y-0.5">
                  <NoticeStatusBadge status={n.status} />
                  {n.notified_at && <span className="text-ui-fg-subtle txt-compact-xsmall">{formatDateTime(n.notified_at)}</span>}
                </div>,
              ],
            }))}
          />
        ) : (
          <Empty>No customer received these lots.</Empty>
        )}
        {data.count > notices.length && (
          <Text size="small" className="text-ui-fg-subtle px-6 py-3">
            Showing the first {notices.length} of {data.count} orders: export the CSV for all of them.
          </Text>
        )}
      </Section>
      <CloseRecallDrawer recall={recall} open={closeOpen} onOpenChange={setCloseOpen} />
    </div>
  )
}

export const loader = async ({ params }: { params: { id?: string } }) => get<RecallDetail>(`/admin/recalls/${params.id}`, { limit: 1 })

export const handle = {
  breadcrumb: (match: UIMatch<RecallDetail | undefined>) => match.data?.recall?.reference ?? "Recall",
}

export default RecallDetailPage
