import Medusa from "@medusajs/js-sdk"

/**
 * The JS SDK as Medusa's admin customization docs set it up: same origin as
 * the dashboard unless VITE_BACKEND_URL says otherwise, and the dashboard's
 * session cookie for authentication.
 */
export const sdk = new Medusa({
  baseUrl: import.meta.env.VITE_BACKEND_URL || "/",
  debug: import.meta.env.DEV && import.meta.env.VITE_LOT_TRACKING_DEBUG === "true",
  auth: { type: "session" },
})

/** Query parameters as the API takes them (undefined values are left out). */
export type Query = Record<string, string | number | boolean | string[] | undefined>

const clean = (q: Query) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== ""))

/** A GET of one of the plugin's routes (core resources go through `sdk.admin.*`). */
export const get = <T>(path: string, query: Query = {}) => sdk.client.fetch<T>(path, { method: "GET", query: clean(query) })

/** A POST of one of the plugin's routes. */
export const post = <T>(path: string, body: object = {}) => sdk.client.fetch<T>(path, { method: "POST", body })

/** Fetches a file (CSV) with the session and hands it to the browser as a download. */
export async function downloadFile(path: string, filename: string, query: Query = {}) {
  const res = (await sdk.client.fetch<Response>(path, {
    method: "GET",
    query: clean(query),
    headers: { accept: "text/csv" },
  })) as unknown as Response
  const blob = await res.blob()
  const disposition = res.headers.get("content-disposition") ?? ""
  const named = /filename="?([^";]+)"?/i.exec(disposition)?.[1]
  const url = URL.createObjectURL(blob)
  const a = document.createElement("a")
  a.href = url
  a.download = named || filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
