import { MedusaError } from "@medusajs/framework/utils"
import { InMemoryLockingProvider } from "@medusajs/locking/dist/providers/in-memory"
import { withItemLock } from "../lot-lock"

/** A container with Medusa's real in-memory lock provider and the plugin's options. */
function containerWith(locking: InMemoryLockingProvider, lock_timeout_seconds = 1) {
  return {
    resolve: (key: string) => {
      if (key === "lot_tracking") {
        return { getOptions: async () => ({ lock_timeout_seconds }) }
      }
      if (key === "locking") {
        return locking
      }
      throw new Error(`unexpected ${key}`)
    },
  }
}

describe("withItemLock", () => {
  it("answers a lock wait that times out with a 409 that says to retry, runs nothing, and keeps no key", async () => {
    const locking = new InMemoryLockingProvider()
    await locking.acquire(["inv_b"], { ownerId: "checkout" })
    const job = jest.fn(async () => "done")

    const error = await withItemLock(containerWith(locking), ["inv_b", "inv_a"], job).catch((e) => e)
    expect(MedusaError.isMedusaError(error)).toBe(true)
    expect(error.type).toEqual(MedusaError.Types.CONFLICT)
    expect(error.message).toEqual(
      "Inventory items inv_a, inv_b are busy with other stock operations (waited 1 s); nothing was changed, please try again"
    )
    expect(job).not.toHaveBeenCalled()

    // Once the holder lets go, the next caller gets both keys: the waiter that gave up kept none.
    await locking.release(["inv_b"], { ownerId: "checkout" })
    await expect(withItemLock(containerWith(locking), ["inv_a", "inv_b"], job)).resolves.toEqual("done")
    await expect(locking.acquire(["inv_a", "inv_b"], { ownerId: "next" })).resolves.toBeUndefined()
  })

  it("serializes callers on the same item and passes other errors through", async () => {
    const locking = new InMemoryLockingProvider()
    const order: string[] = []
    let release!: () => void
    const first = withItemLock(containerWith(locking, 5), ["inv_1"], async () => {
      order.push("first:start")
      await new Promise<void>((r) => (release = r))
      order.push("first:end")
    })
    const second = withItemLock(containerWith(locking, 5), ["inv_1"], async () => {
      order.push("second")
    })
    await new Promise((r) => setImmediate(r))
    release()
    await Promise.all([first, second])
    expect(order).toEqual(["first:start", "first:end", "second"])

    const boom = new MedusaError(MedusaError.Types.NOT_ALLOWED, "no")
    await expect(withItemLock(containerWith(locking), ["inv_1"], async () => Promise.reject(boom))).rejects.toBe(boom)
  })
})
