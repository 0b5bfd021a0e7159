"use strict"
/**
 * Steps run by integration-tests/browser/run.js after admin-ui.js's (logged in already).
 * Same shape as admin-ui.js: `steps(ctx)` answers [{ name, run }].
 */

function steps(_ctx) {
  return []
}

module.exports = { steps }
