import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Checkbox, Container, Heading, Select, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Link, useNavigate, useSearchParams } from "react-router-dom"
import { QueryState, SimpleTable } from "../../../components/common"
import { PrintArea, PrintButton } from "../../../components/print-document"
import { PickListDocument } from "../../../components/print-pick-list"
import { useStockLocations } from "../../../hooks/api/core"
import { usePickableOrders, usePickList } from "../../../hooks/api/documents"
import { formatDate, pluralize } from "../../../lib/format"

const PAGE_SIZE = 50
/** The API takes at most this many orders per pick list. */
const MAX_ORDERS = 100

/** `?order_id=a&order_id=b` or `?order_id=a,b`: the orders to pick, once each. */
const orderIdsOf = (params: URLSearchParams) => [
  ...new Set(
    params
      .getAll("order_id")
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter(Boolean)
  ),
]

/** The pick list of the chosen orders, ready to print. */
const PickListView = ({ orderIds }: { orderIds: string[] }) => {
  const pickList = usePickList(orderIds)
  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex items-center justify-between gap-x-4 px-6 py-4" data-testid="pick-list-toolbar">
        <div>
          <Heading>Pick list</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {pluralize(orderIds.length, "order")}: per location in walking order (bin, SKU, expiry). Print it and tick each line as it is
            picked.
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          {orderIds.length === 1 && (
            <Button size="small" variant="secondary" asChild>
              <Link to={`/orders/${orderIds[0]}`}>Back to the order</Link>
            </Button>
          )}
          <Button size="small" variant="secondary" asChild>
            <Link to="/lots/pick-list" data-testid="pick-list-choose">
              Choose orders
            </Link>
          </Button>
          <PrintButton testId="pick-list-print" />
        </div>
      </Container>
      <QueryState query={pickList} page loading="Loading the pick list…">
        {(d) => (
          <PrintArea testId="pick-list-print-area">
            <PickListDocument pickList={d.pick_list} />
          </PrintArea>
        )}
      </QueryState>
    </div>
  )
}

/** Open orders with reserved lots: tick some, then make their pick list. */
const ChooseOrders = () => {
  const navigate = useNavigate()
  const [offset, setOffset] = useState(0)
  const [location, setLocation] = useState("all")
  const [selected, setSelected] = useState<string[]>([])
  const locations = useStockLocations()
  const orders = usePickableOrders({ limit: PAGE_SIZE, offset, location_id: location === "all" ? undefined : location })
  const shown = orders.data?.orders ?? []
  const allShown = shown.length > 0 && shown.every((o) => selected.includes(o.id))
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))
  const toggleShown = () =>
    setSelected((s) => (allShown ? s.filter((id) => !shown.some((o) => o.id === id)) : [...new Set([...s, ...shown.map((o) => o.id)])]))
  const tooMany = selected.length > MAX_ORDERS
  const count = orders.data?.count ?? 0
  const locationNames = useMemo(() => locations.data?.stock_locations ?? [], [locations.data])

  return (
    <Container className="divide-y p-0" data-testid="pick-list-orders">
      <div className="flex flex-col justify-between gap-4 px-6 py-4 md:flex-row md:items-center">
        <div>
          <Heading>Pick lists</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Open orders with lots reserved and not shipped yet, oldest first. Choose the orders of a picking round.
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          <Select
            value={location}
            onValueChange={(v) => {
              setLocation(v)
              setOffset(0)
            }}
          >
            <Select.Trigger className="w-[220px]" data-testid="pick-list-location">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value="all">All locations</Select.Item>
              {locationNames.map((l) => (
                <Select.Item key={l.id} value={l.id}>
                  {l.name}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
          <Button
            size="small"
            disabled={!selected.length || tooMany}
            onClick={() => navigate(`/lots/pick-list?order_id=${selected.map(encodeURIComponent).join(",")}`)}
            data-testid="pick-list-make"
          >
            {selected.length ? `Pick list for ${pluralize(selected.length, "order")}` : "Choose orders"}
          </Button>
        </div>
      </div>
      {tooMany && (
        <Text size="small" className="text-ui-fg-error px-6 py-2">
          A pick list takes at most {MAX_ORDERS} orders: {selected.length} are chosen.
        </Text>
      )}
      <QueryState query={orders} isEmpty={(d) => !d.orders.length} empty="No open order has lots reserved.">
        {(d) => (
          <SimpleTable
            testId="pick-list-order-table"
            head={[
              <Checkbox key="all" checked={allShown} onCheckedChange={toggleShown} aria-label="Choose every order shown" />,
              "Order",
              "Placed",
              "Customer",
              "Lines",
              "Units reserved",
              "Waiting for stock",
              "Locations",
            ]}
            rows={d.orders.map((o) => ({
              key: o.id,
              cells: [
                <Checkbox
                  key="c"
                  checked={selected.includes(o.id)}
                  onCheckedChange={() => toggle(o.id)}
                  aria-label={`Choose order #${o.display_id}`}
                  data-testid={`pick-order-${o.display_id}`}
                />,
                <Link key="o" to={`/orders/${o.id}`} className="text-ui-fg-interactive whitespace-nowrap">
                  #{o.display_id ?? o.id}
                </Link>,
                formatDate(o.created_at),
                o.email ?? "-",
                o.line_count,
                o.reserved_quantity,
                o.shortfall_quantity || "-",
                o.location_names.join(", "),
              ],
            }))}
          />
        )}
      </QueryState>
      {count > PAGE_SIZE && (
        <div className="flex items-center justify-between px-6 py-3">
          <Text size="small" className="text-ui-fg-subtle">
            {offset + 1}-{Math.min(offset + PAGE_SIZE, count)} of {count}
          </Text>
          <div className="flex gap-x-2">
            <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              Previous
            </Button>
            <Button size="small" variant="secondary" disabled={offset + PAGE_SIZE >= count} onClick={() => setOffset(offset + PAGE_SIZE)}>
              Next
            </Button>
          </div>
        </div>
      )}
    </Container>
  )
}

const PickListPage = () => {
  const [params] = useSearchParams()
  const orderIds = orderIdsOf(params)
  return orderIds.length ? <PickListView orderIds={orderIds} /> : <ChooseOrders />
}

export const config = defineRouteConfig({
  label: "Pick lists",
  rank: 7,
})

export default PickListPage
