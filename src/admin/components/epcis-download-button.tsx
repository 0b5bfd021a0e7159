import { ArrowDownTray } from "@medusajs/icons"
import { Button, toast } from "@medusajs/ui"
import { useMutation } from "@tanstack/react-query"
import { errorMessage } from "../lib/field-errors"
import { downloadFile } from "../lib/sdk"

/**
 * "Download EPCIS": a lot's or a recall's events as an EPCIS 2.0 document
 * (`GET /admin/lots/:id/epcis`, `/admin/recalls/:id/epcis`), for a retailer's
 * or a regulator's traceability request. The server names the file.
 */
export const EpcisDownloadButton = ({ kind, id, name }: { kind: "lots" | "recalls"; id: string; name: string }) => {
  const download = useMutation({
    mutationFn: () => downloadFile(`/admin/${kind}/${id}/epcis`, `${kind === "lots" ? "lot" : "recall"}-${name}.epcis.jsonld`),
  })
  return (
    <Button
      size="small"
      variant="secondary"
      isLoading={download.isPending}
      data-testid={kind === "lots" ? "lot-epcis" : "recall-epcis"}
      onClick={() => download.mutate(undefined, { onError: (e) => toast.error("Could not download the EPCIS document", { description: errorMessage(e) }) })}
    >
      <ArrowDownTray /> Download EPCIS
    </Button>
  )
}
