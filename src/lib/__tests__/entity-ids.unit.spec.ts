import { sequentialEntityIds } from "../entity-ids"

describe("sequential entity ids", () => {
  it("gives distinct Medusa-shaped ids, in increasing order", () => {
    const ids = sequentialEntityIds("rclntc", 5000)
    expect(ids).toHaveLength(5000)
    expect(new Set(ids).size).toBe(5000)
    for (const id of ids) {
      expect(id).toMatch(/^rclntc_[0-9A-HJKMNP-TV-Z]{26}$/)
    }
    const sorted = [...ids].sort()
    expect(sorted).toEqual(ids)
  })

  it("handles zero and one", () => {
    expect(sequentialEntityIds("x", 0)).toEqual([])
    expect(sequentialEntityIds("x", 1)).toHaveLength(1)
  })
})
