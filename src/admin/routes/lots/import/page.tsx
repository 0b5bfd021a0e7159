import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowDownTray } from "@medusajs/icons"
import { Button, Checkbox, Container, Heading, Hint, Label, RadioGroup, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useSearchParams } from "react-router-dom"
import { ImportFileDrop } from "../../../components/import-file-drop"
import { ImportErrors, ImportProgressBar, ImportResult, ImportStatusBadge, ImportSummary } from "../../../components/import-preview"
import { RecentImports } from "../../../components/import-recent"
import { useStockLocations } from "../../../hooks/api/core"
import { useConfirmLotImport, useCreateLotImport, useLotImport } from "../../../hooks/api/imports"
import { errorMessage } from "../../../lib/field-errors"
import { todayInBrowser } from "../../../lib/format"
import {
  IMPORT_MODES,
  confirmBlockedReason,
  importModeLabel,
  isImportFinished,
  modeTakesAllowExpired,
  templateCsv,
  templateFileName,
  type LotImportMode,
} from "../../../lib/imports"

/** Hands a text the page made to the browser as a file download. */
function saveText(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }))
  const a = document.createElement("a")
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * Lots from a CSV file: choose what the file means (mode), drop it, read the
 * preview (nothing changed yet), confirm, watch it run. The import on show
 * is `?id=` so a reload or a link from "Recent imports" finds it again.
 */
const ImportLotsPage = () => {
  const [params, setParams] = useSearchParams()
  const id = params.get("id")
  const [mode, setMode] = useState<LotImportMode>("receive")
  const [allowExpired, setAllowExpired] = useState(false)
  const [file, setFile] = useState<File | null>(null)
  const [uploadError, setUploadError] = useState<string | null>(null)

  const locations = useStockLocations()
  const current = useLotImport(id)
  const imp = current.data?.import ?? null

  const upload = useCreateLotImport({
    onSuccess: (d) => setParams({ id: d.import.id }),
    onError: (e) => setUploadError(errorMessage(e)),
  })
  const confirm = useConfirmLotImport({
    onError: (e) => {
      toast.error("The import could not start", { description: errorMessage(e) })
      void current.refetch()
    },
  })

  // An import opened from the list shows the settings it was read with; the file dropped earlier is not its file.
  // (State adjusted while rendering, once per import, as React advises for state derived from a new prop.)
  const [shownId, setShownId] = useState<string | null>(null)
  if (imp && imp.id !== shownId) {
    setShownId(imp.id)
    setMode(imp.mode)
    setAllowExpired(!!imp.allow_expired)
    if (file && file.name !== imp.file_name) setFile(null)
  }

  const running = imp?.status === "running"
  const busy = upload.isPending || confirm.isPending || running

  const send = (f: File, m: LotImportMode, expired: boolean) => {
    setUploadError(null)
    upload.mutate({ file: f, mode: m, allow_expired: modeTakesAllowExpired(m) && expired })
  }

  const onFile = (f: File) => {
    setFile(f)
    send(f, mode, allowExpired)
  }

  /** Other settings read the same file again; a preview read with the old ones no longer says what would happen. */
  const changeSettings = (m: LotImportMode, expired: boolean) => {
    setMode(m)
    setAllowExpired(expired)
    if (imp && imp.status !== "preview") return
    if (file) {
      send(file, m, expired)
    } else if (imp) {
      setParams({})
    }
  }

  const startOver = () => {
    setFile(null)
    setUploadError(null)
    setParams({})
  }

  const downloadTemplate = () =>
    saveText(
      templateCsv(mode, { today: todayInBrowser(), location: locations.data?.stock_locations[0]?.name }),
      templateFileName(mode)
    )

  const blocked = imp ? confirmBlockedReason(imp) : null

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex flex-col divide-y p-0" data-testid="import-page">
        <div className="flex flex-col justify-between gap-4 px-6 py-4 md:flex-row md:items-center">
          <div>
            <Heading>Import lots</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Lots and their stock from a CSV file, for example your ERP's export. The file is checked first: nothing changes
              until you confirm, and then all rows are applied or none.
            </Text>
          </div>
          <Button size="small" variant="secondary" className="shrink-0" onClick={downloadTemplate} data-testid="import-template">
            <ArrowDownTray />
            {importModeLabel(mode)} template
          </Button>
        </div>
        <div className="flex flex-col gap-y-4 px-6 py-4">
          <div className="flex flex-col gap-y-2">
            <Label size="small" weight="plus">
              What the file holds
            </Label>
            <RadioGroup
              value={mode}
              onValueChange={(v) => changeSettings(v as LotImportMode, allowExpired)}
              className="grid grid-cols-1 gap-3 md:grid-cols-3"
              disabled={busy}
              data-testid="import-mode"
            >
              {IMPORT_MODES.map((m) => (
                <RadioGroup.ChoiceBox
                  key={m.value}
                  value={m.value}
                  label={m.label}
                  description={m.description}
                  data-testid={`import-mode-${m.value}`}
                />
              ))}
            </RadioGroup>
          </div>
          {modeTakesAllowExpired(mode) && (
            <div className="flex items-start gap-x-2">
              <Checkbox
                id="import-allow-expired"
                checked={allowExpired}
                disabled={busy}
                onCheckedChange={(c) => changeSettings(mode, c === true)}
                data-testid="import-allow-expired"
              />
              <div className="flex flex-col">
                <Label htmlFor="import-allow-expired" size="small" weight="plus">
                  Accept expired lots
                </Label>
                <Hint>Rows whose expiry date has passed are errors unless this is ticked (expired stock you still hold).</Hint>
              </div>
            </div>
          )}
          <ImportFileDrop onFile={onFile} fileName={file?.name ?? imp?.file_name} disabled={busy} busy={upload.isPending} />
          <Text size="xsmall" className="text-ui-fg-subtle">
            Columns: <code>sku</code> or <code>inventory_item_id</code>, <code>location</code> (name or id),{" "}
            <code>lot_number</code>, <code>supplier_lot_code</code>, <code>manufactured_at</code>, <code>expires_at</code>,{" "}
            <code>best_before</code>, <code>quantity</code>, <code>bin</code> (shelf), <code>serial_numbers</code> (serialized
            items, separated by <code>|</code>). Dates as YYYY-MM-DD; comma or semicolon separated.
          </Text>
          {uploadError && (
            <Hint variant="error" data-testid="import-upload-error">
              {uploadError}
            </Hint>
          )}
        </div>
      </Container>

      {id && !imp && (current.isLoading || current.isError) && (
        <Container>
          <Text size="small" className={current.isError ? "text-ui-fg-error" : undefined}>
            {current.isError ? errorMessage(current.error) : "Loading the import…"}
          </Text>
        </Container>
      )}

      {imp && (
        <Container className="flex flex-col divide-y p-0" data-testid="import-preview" data-status={imp.status}>
          <div className="flex flex-col justify-between gap-4 px-6 py-4 md:flex-row md:items-center">
            <div>
              <div className="flex items-center gap-x-2">
                <Heading level="h2">{imp.status === "preview" ? "Preview" : "Import"}</Heading>
                <ImportStatusBadge status={imp.status} />
              </div>
              <Text size="small" className="text-ui-fg-subtle">
                {imp.file_name ?? "CSV file"} · {importModeLabel(imp.mode)}
                {imp.allow_expired ? " · expired lots accepted" : ""}
                {imp.status === "preview" ? " · nothing has been changed yet" : ""}
              </Text>
            </div>
            {imp.status === "preview" && (
              <div className="flex flex-col items-end gap-y-1">
                <div className="flex items-center gap-x-2">
                  <Button size="small" variant="secondary" onClick={startOver} disabled={busy} data-testid="import-cancel">
                    Start over
                  </Button>
                  <Button
                    size="small"
                    onClick={() => confirm.mutate(imp.id)}
                    disabled={!!blocked || busy}
                    isLoading={confirm.isPending}
                    data-testid="import-confirm"
                  >
                    Confirm import
                  </Button>
                </div>
              </div>
            )}
          </div>
          {imp.status === "preview" && blocked && (
            <div className="px-6 py-3">
              <Hint variant="error" data-testid="import-confirm-blocked">
                {blocked}
              </Hint>
            </div>
          )}
          <ImportSummary imp={imp} />
          {running && <ImportProgressBar imp={imp} />}
          {isImportFinished(imp.status) && <ImportResult imp={imp} onAnother={startOver} />}
          {imp.status === "preview" && <ImportErrors key={imp.id} imp={imp} />}
        </Container>
      )}

      <RecentImports currentId={id} />
    </div>
  )
}

export const config = defineRouteConfig({
  label: "Import",
  rank: 7,
})

export const handle = {
  breadcrumb: () => "Import",
}

export default ImportLotsPage
