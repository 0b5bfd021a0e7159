let config: any
jest.mock("@medusajs/framework/config", () => ({
  configManager: {
    get config() {
      if (config instanceof Error) throw config
      return config
    },
  },
}))

import { coreHooksEnabled } from "../core-hooks-enabled"

describe("coreHooksEnabled", () => {
  it("is on by default: no option, no plugin entry, or no config loaded", () => {
    config = { modules: { lot_tracking: { options: { default_strategy: "fefo" } } } }
    expect(coreHooksEnabled()).toBe(true)
    config = { plugins: ["medusa-plugin-lot-tracking"] }
    expect(coreHooksEnabled()).toBe(true)
    config = new Error("Config not loaded")
    expect(coreHooksEnabled()).toBe(true)
  })

  it("is off when the plugin's options say core_hooks: false", () => {
    config = {
      plugins: [{ resolve: "medusa-plugin-lot-tracking", options: { core_hooks: false } }],
      // Medusa hands the plugin's options to its module as well.
      modules: { lot_tracking: { options: { core_hooks: false } } },
    }
    expect(coreHooksEnabled()).toBe(false)
  })

  it("reads the module's options when the module is registered on its own (this repository's dev app)", () => {
    config = { modules: { lot_tracking: { resolve: "./src/modules/lot_tracking", options: { core_hooks: false } } } }
    expect(coreHooksEnabled()).toBe(false)
  })

  it("takes only false as off", () => {
    config = { plugins: [{ resolve: "medusa-plugin-lot-tracking", options: { core_hooks: "no" } }] }
    expect(coreHooksEnabled()).toBe(true)
  })
})
