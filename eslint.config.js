// Medusa's own lint rules (workflows, steps, routes, modules, admin), run by `medusa lint`.
const medusa = require("@medusajs/eslint-plugin")

module.exports = [
  { ignores: ["scripts/**", "bench/**", "jest.config.js", "eslint.config.js", "docs/**", "integration-tests/**"] },
  ...medusa.configs.recommended,
  {
    // Pure domain rules: no framework imports (the admin bundle uses them too),
    // so they throw plain errors that callers turn into MedusaErrors.
    files: ["src/lib/**/*.ts"],
    rules: { "@medusajs/use-medusa-error-not-generic-error": "off" },
  },
]
