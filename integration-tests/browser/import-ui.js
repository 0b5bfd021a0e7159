"use strict"
/**
 * The CSV import page: drop a file, read the preview and its row errors, confirm, watch the progress.
 * Steps run by integration-tests/browser/run.js after admin-ui.js's (logged in already).
 */

/** Same shape as admin-ui.js: `steps(ctx)` answers [{ name, run }]. */
function steps(ctx) {
  return []
}

module.exports = { steps }
