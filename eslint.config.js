// Medusa's own lint rules (workflows, steps, routes, modules, admin), run by `medusa lint`.
const medusa = require("@medusajs/eslint-plugin")

module.exports = [
  { ignores: ["scripts/**", "bench/**", "jest.config.js", "eslint.config.js", "docs/**"] },
  ...medusa.configs.recommended,
]
