"use strict"
/**
 * Pick lists and packing slips: open them from an order and print them (print media screenshots).
 * Steps run by integration-tests/browser/run.js after admin-ui.js's (logged in already).
 */

/** Same shape as admin-ui.js: `steps(ctx)` answers [{ name, run }]. */
function steps(ctx) {
  return []
}

module.exports = { steps }
