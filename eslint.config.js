// Medusa's own lint rules (workflows, steps, routes, modules, admin), run by `medusa lint`,
// plus the plugin's layering rule (see docs/ARCHITECTURE.md, "Layers").
const medusa = require("@medusajs/eslint-plugin")

/** An import path that climbs out of the current folder into one of `folders` of src/. */
const into = (folders) => `^(\\.{1,2}/)+(${folders.join("|")})(/|$)`

/** `no-restricted-imports` with these forbidden src/ folders, each with why. */
const layer = (rules) => ({
  "no-restricted-imports": ["error", { patterns: rules.map(([folders, message]) => ({ regex: into(folders), message })) }],
})

module.exports = [
  { ignores: ["scripts/**", "bench/**", "jest.config.js", "eslint.config.js", "docs/**", "integration-tests/**"] },
  ...medusa.configs.recommended,
  {
    // Pure domain rules: no framework imports (the admin bundle uses them too),
    // so they throw plain errors that callers turn into MedusaErrors.
    files: ["src/lib/**/*.ts"],
    rules: { "@medusajs/use-medusa-error-not-generic-error": "off" },
  },
  // Layers: lib <- modules <- read-models <- workflows <- api. Each layer imports only the ones
  // before it (and read-models only for reading), so a reader knows where any statement lives.
  // Tests may cross layers to build their fixtures.
  {
    files: ["src/lib/**/*.ts"],
    ignores: ["**/__tests__/**"],
    rules: layer([
      [["api", "workflows", "modules", "read-models"], "src/lib holds pure rules: it imports no other layer of the plugin (the admin compiles it too)."],
    ]),
  },
  {
    files: ["src/modules/**/*.ts"],
    ignores: ["**/__tests__/**"],
    rules: layer([
      [["api", "workflows", "read-models"], "The module stands alone: it may import src/lib, never the read models, workflows or routes built on it."],
    ]),
  },
  {
    files: ["src/read-models/**/*.ts"],
    ignores: ["**/__tests__/**"],
    rules: layer([[["api", "workflows"], "Read models serve both routes and workflows, so they import neither."]]),
  },
  {
    files: ["src/workflows/**/*.ts"],
    ignores: ["**/__tests__/**"],
    rules: layer([[["api"], "Workflows never import the HTTP layer: move what they share to src/read-models, src/lib or the module."]]),
  },
  {
    // The admin runs in the browser: it reaches the server only over HTTP (src/admin/hooks/api).
    files: ["src/admin/**/*.{ts,tsx}"],
    ignores: ["**/__tests__/**"],
    rules: layer([
      [["api", "workflows", "modules", "read-models", "subscribers", "jobs"], "The admin talks to the server over HTTP only: import src/lib rules and src/types, never server code."],
    ]),
  },
  {
    files: ["src/types/**/*.ts"],
    rules: layer([
      [["api", "workflows", "modules", "read-models", "admin"], "src/types is the shared vocabulary (type-only): it may build on src/lib only."],
    ]),
  },
  {
    files: ["src/api/**/*.ts"],
    ignores: ["**/__tests__/**"],
    rules: layer([
      [
        ["workflows/(steps|utils|hooks)", "workflows/[^/]+/steps"],
        "Routes run workflows (import a workflow's index), never their steps or helpers: read through src/read-models or the module instead.",
      ],
    ]),
  },
]
