import { MedusaError } from "@medusajs/framework/utils"
import { runLotSubscriber, SUBSCRIBER_ATTEMPTS } from "../run-lot-subscriber"

const RUN = { event: "order.placed", key: "order_1", workflow_id: "allocate-order-lots", input: { order_id: "order_1" } }
const busy = () =>
  new MedusaError(
    MedusaError.Types.CONFLICT,
    "Inventory item iitem_1 is busy with other stock operations (waited 30 s); nothing was changed, please try again"
  )

/** A container whose lot service records what the subscriber wrapper asks of it. */
function containerRecording() {
  const recorded: { message: string }[] = []
  const resolved: unknown[] = []
  const logged: string[] = []
  const container = {
    resolve: (key: string) => {
      if (key === "lot_tracking") {
        return {
          recordSyncFailure: async (input: { message: string }) => void recorded.push(input),
          resolveSyncFailures: async (target: unknown) => void resolved.push(target),
        }
      }
      if (key === "logger") {
        return { error: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) }
      }
      throw new Error(`unexpected ${key}`)
    },
  }
  return { container, recorded, resolved, logged }
}

describe("runLotSubscriber", () => {
  it("tries a busy item again with backoff and records nothing when a later attempt succeeds", async () => {
    const { container, recorded, resolved } = containerRecording()
    const waits: number[] = []
    const fn = jest.fn().mockRejectedValueOnce(busy()).mockRejectedValueOnce(busy()).mockResolvedValueOnce("allocated")

    const result = await runLotSubscriber(container, RUN, fn, { sleep: async (ms) => void waits.push(ms) })

    expect(result).toBe("allocated")
    expect(fn).toHaveBeenCalledTimes(3)
    expect(waits).toHaveLength(2)
    expect(waits[1]).toBeGreaterThan(waits[0])
    expect(recorded).toEqual([])
    expect(resolved).toEqual([{ event: "order.placed", key: "order_1" }])
  })

  it("gives up after a bounded number of attempts, records the failure for reconcile and rethrows", async () => {
    const { container, recorded } = containerRecording()
    const fn = jest.fn().mockRejectedValue(busy())

    const error: any = await runLotSubscriber(container, RUN, fn, { sleep: async () => undefined }).catch((e) => e)

    expect(error.type).toBe(MedusaError.Types.CONFLICT)
    expect(fn).toHaveBeenCalledTimes(SUBSCRIBER_ATTEMPTS)
    expect(recorded).toEqual([expect.objectContaining({ ...RUN, message: expect.stringContaining("is busy") })])
  })

  it("does not retry a failure that would fail the same way again", async () => {
    const { container, recorded } = containerRecording()
    const fn = jest.fn().mockRejectedValue(new MedusaError(MedusaError.Types.NOT_ALLOWED, "Lot LOT-1 has only 2 units available"))
    const sleep = jest.fn(async () => undefined)

    await expect(runLotSubscriber(container, RUN, fn, { sleep })).rejects.toThrow("Lot LOT-1 has only 2 units available")

    expect(fn).toHaveBeenCalledTimes(1)
    expect(sleep).not.toHaveBeenCalled()
    expect(recorded).toEqual([expect.objectContaining({ message: "Lot LOT-1 has only 2 units available" })])
  })
})
