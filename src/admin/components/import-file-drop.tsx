import { ArrowDownTray, DocumentText } from "@medusajs/icons"
import { Hint, Text, clx } from "@medusajs/ui"
import { useRef, useState, type ChangeEvent, type DragEvent } from "react"

/** Browsers name a CSV file differently (Windows with Excel says "application/vnd.ms-excel"); the extension decides. */
const isCsv = (file: File) => /\.(csv|txt)$/i.test(file.name) || ["text/csv", "application/vnd.ms-excel", "text/plain"].includes(file.type)

/**
 * A drop zone for one CSV file, as the dashboard's FileUpload of the
 * product import: drag a file onto it, or click it to choose one.
 */
export const ImportFileDrop = ({
  onFile,
  fileName,
  disabled,
  busy,
}: {
  onFile: (file: File) => void
  /** The file last chosen, shown in the zone. */
  fileName?: string | null
  disabled?: boolean
  busy?: boolean
}) => {
  const [dragOver, setDragOver] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const zoneRef = useRef<HTMLButtonElement>(null)

  const take = (files: FileList | null) => {
    const file = files?.[0]
    if (!file) {
      return
    }
    if (!isCsv(file)) {
      setError(`${file.name} is not a CSV file: save the sheet as CSV (comma or semicolon separated) and drop it again.`)
      return
    }
    setError(null)
    onFile(file)
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    e.stopPropagation()
    setDragOver(false)
    if (!disabled) {
      take(e.dataTransfer?.files ?? null)
    }
  }

  const onDragLeave = (e: DragEvent) => {
    e.preventDefault()
    // Moving over the zone's own children fires dragleave too.
    if (zoneRef.current?.contains(e.relatedTarget as Node)) {
      return
    }
    setDragOver(false)
  }

  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    take(e.target.files)
    // The same file chosen again (after fixing it) must fire change again.
    e.target.value = ""
  }

  return (
    <div className="flex flex-col gap-y-2">
      <button
        ref={zoneRef}
        type="button"
        disabled={disabled}
        onClick={() => inputRef.current?.click()}
        onDrop={onDrop}
        onDragOver={(e) => e.preventDefault()}
        onDragEnter={(e) => {
          e.preventDefault()
          if (!disabled) setDragOver(true)
        }}
        onDragLeave={onDragLeave}
        className={clx(
          "bg-ui-bg-component border-ui-border-strong transition-fg group flex w-full flex-col items-center gap-y-2 rounded-lg border border-dashed p-8",
          "hover:border-ui-border-interactive focus:border-ui-border-interactive focus:shadow-borders-focus outline-none focus:border-solid",
          "disabled:cursor-not-allowed disabled:opacity-60",
          { "!border-ui-border-error": !!error, "!border-ui-border-interactive bg-ui-bg-component-hover": dragOver }
        )}
        data-testid="import-drop-zone"
      >
        <div className="text-ui-fg-subtle flex items-center gap-x-2">
          {fileName ? <DocumentText /> : <ArrowDownTray />}
          <Text>{busy ? `Reading ${fileName ?? "the file"}…` : fileName ? fileName : "Drop a CSV file here or click to choose one"}</Text>
        </div>
        <Text size="small" leading="compact" className="text-ui-fg-muted">
          {fileName
            ? "Drop another file or click to replace it."
            : "Comma or semicolon separated, first line the column names, dates as YYYY-MM-DD."}
        </Text>
      </button>
      <input
        ref={inputRef}
        type="file"
        hidden
        accept=".csv,text/csv,application/vnd.ms-excel"
        onChange={onChange}
        data-testid="import-file-input"
      />
      {error && (
        <Hint variant="error" data-testid="import-file-error">
          {error}
        </Hint>
      )}
    </div>
  )
}
