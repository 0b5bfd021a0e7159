import { configManager } from "@medusajs/framework/config"

export const PLUGIN_NAME = "medusa-plugin-lot-tracking"
const MODULE_KEY = "lot_tracking"

type Options = { core_hooks?: unknown } | undefined

/**
 * Whether the plugin registers its handlers for Medusa's order hooks (option
 * `core_hooks`, true unless set to false). Medusa hands a plugin's options to
 * the plugin's module, so the module's entry in the loaded config holds them
 * both when the app lists the plugin under `plugins` and when this repository
 * runs as its own app with the module under `modules`. The hooks file is
 * imported while Medusa loads workflows, after the config (with the plugin's
 * modules merged in) is loaded.
 */
export function coreHooksEnabled(): boolean {
  let config: any
  try {
    config = configManager.config
  } catch {
    // No config loaded (e.g. the file imported outside an app): keep the default.
    return true
  }
  const modules = config?.modules
  const moduleOptions: Options = Array.isArray(modules)
    ? modules.find((m: any) => m?.key === MODULE_KEY)?.options
    : modules?.[MODULE_KEY]?.options
  const plugin = (config?.plugins ?? []).find((p: any) => typeof p === "object" && p?.resolve === PLUGIN_NAME)
  const pluginOptions: Options = plugin?.options
  const value = pluginOptions?.core_hooks ?? moduleOptions?.core_hooks
  return value !== false
}
