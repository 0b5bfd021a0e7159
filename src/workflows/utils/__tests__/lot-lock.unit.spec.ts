import { MedusaError } from "@medusajs/framework/utils"
import { InMemoryLockingProvider } from "@medusajs/locking/dist/providers/in-memory"
import { lotLockKey, withInventoryLock, withLotLock } from "../lot-lock"

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

/** True when `keys` can be taken at once (then given back): nobody holds any of them. */
async function free(locking: InMemoryLockingProvider, keys: string[]): Promise<boolean> {
  try {
    await locking.acquire(keys, { ownerId: "probe" })
  } catch {
    return false
  }
  await locking.release(keys, { ownerId: "probe" })
  return true
}

const tick = () => new Promise((r) => setImmediate(r))

describe("withLotLock / withInventoryLock", () => {
  it("takes the plugin's own keys, so a lot operation never waits on core's lock of the item", async () => {
    const locking = new InMemoryLockingProvider()
    // A core checkout holds the item (core's key is the inventory item id).
    await locking.acquire(["inv_1"], { ownerId: "checkout" })
    let keysHeld: boolean | null = null
    const result = await withLotLock(containerWith(locking), ["inv_1"], async () => {
      keysHeld = !(await free(locking, [lotLockKey("inv_1")]))
      return "allocated"
    })
    expect(result).toEqual("allocated")
    expect(keysHeld).toBe(true)
    expect(await free(locking, [lotLockKey("inv_1")])).toBe(true)
    expect(await free(locking, ["inv_1"])).toBe(false)
  })

  it("answers a lock wait that times out with a 409 that says to retry, runs nothing, and keeps no key", async () => {
    const locking = new InMemoryLockingProvider()
    await locking.acquire([lotLockKey("inv_b")], { ownerId: "other" })
    const job = jest.fn(async () => "done")

    const error = await withLotLock(containerWith(locking), ["inv_b", "inv_a"], job).catch((e) => e)
    expect(MedusaError.isMedusaError(error)).toBe(true)
    expect(error.type).toEqual(MedusaError.Types.CONFLICT)
    expect(error.message).toEqual(
      "Inventory items inv_a, inv_b are busy with other stock operations (waited 1 s); nothing was changed, please try again"
    )
    expect(job).not.toHaveBeenCalled()
    // The key taken before the wait (lot:inv_a) was given back on the way out, while the holder still holds lot:inv_b.
    expect(await free(locking, [lotLockKey("inv_a")])).toBe(true)

    await locking.release([lotLockKey("inv_b")], { ownerId: "other" })
    await expect(withLotLock(containerWith(locking), ["inv_a", "inv_b"], job)).resolves.toEqual("done")
    expect(await free(locking, [lotLockKey("inv_a"), lotLockKey("inv_b")])).toBe(true)
  })

  it("waits for each key holding none, then takes them one at a time in sorted order", async () => {
    const locking = new InMemoryLockingProvider()
    const taken: string[][] = []
    const execute = locking.execute.bind(locking)
    locking.execute = (keys: any, job: any, args?: any) => {
      taken.push([...keys])
      return execute(keys, job, args)
    }
    await withLotLock(containerWith(locking), ["inv_c", "inv_a", "inv_b", "inv_a"], async () => "ok")
    const sorted = [[lotLockKey("inv_a")], [lotLockKey("inv_b")], [lotLockKey("inv_c")]]
    expect(taken).toEqual([...sorted, ...sorted])
    taken.length = 0
    await withInventoryLock(containerWith(locking), ["inv_b", "inv_a"], async () => "ok")
    expect(taken).toEqual([["inv_a"], ["inv_b"], ["inv_a"], ["inv_b"]])
    // One key: no separate wait.
    taken.length = 0
    await withLotLock(containerWith(locking), ["inv_a"], async () => "ok")
    expect(taken).toEqual([[lotLockKey("inv_a")]])
  })

  it("never wedges against a core caller that takes the same keys in the other order", async () => {
    const locking = new InMemoryLockingProvider()
    const execute = locking.execute.bind(locking)
    let core: Promise<unknown> | null = null
    let asksForB = 0
    // The crossed case, made deterministic: once the plugin holds inv_a and asks for inv_b (its
    // second request for inv_b: the first is the wait holding nothing), a core step (one multi-key
    // call, keys unsorted) takes inv_b and waits for inv_a; only then does the plugin's request go in.
    locking.execute = async (keys: any, job: any, args?: any) => {
      if (!core && keys[0] === "inv_b" && ++asksForB === 2) {
        core = execute(["inv_b", "inv_a"], async () => "core", { timeout: 30 })
        while (await free(locking, ["inv_b"])) {
          await tick()
        }
      }
      return execute(keys, job, args)
    }
    const plugin = await withInventoryLock(containerWith(locking), ["inv_b", "inv_a"], async () => "plugin").catch((e) => e)
    // The plugin gives way: 409 to retry, and it let go of inv_a, so core completes.
    expect(MedusaError.isMedusaError(plugin)).toBe(true)
    expect(plugin.type).toEqual(MedusaError.Types.CONFLICT)
    expect(await core).toEqual("core")
    // Nothing stays locked afterwards.
    expect(await free(locking, ["inv_a", "inv_b"])).toBe(true)
  })

  it("serializes callers on the same item and passes other errors through", async () => {
    const locking = new InMemoryLockingProvider()
    const order: string[] = []
    let release!: () => void
    const first = withLotLock(containerWith(locking, 5), ["inv_1"], async () => {
      order.push("first:start")
      await new Promise<void>((r) => (release = r))
      order.push("first:end")
    })
    const second = withLotLock(containerWith(locking, 5), ["inv_1"], async () => {
      order.push("second")
    })
    await tick()
    release()
    await Promise.all([first, second])
    expect(order).toEqual(["first:start", "first:end", "second"])

    const boom = new MedusaError(MedusaError.Types.NOT_ALLOWED, "no")
    await expect(withLotLock(containerWith(locking), ["inv_1"], async () => Promise.reject(boom))).rejects.toBe(boom)
    expect(await free(locking, [lotLockKey("inv_1")])).toBe(true)
  })
})
