import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * The read models in this folder join the plugin's tables to Medusa's own
 * (orders, customers, fulfilments, stock locations, products, prices) in one
 * SQL statement each, through the app's shared connection (`PG_CONNECTION`).
 * They assume the lot_tracking module lives in the same database as Medusa's
 * core modules (the default) and read Medusa 2.21's tables and columns.
 * Statements on the plugin's own tables alone belong to the module's service.
 */

/** Anything that resolves from the container: a request scope, a step's container, a test's app. */
export type { Resolver } from "../types/container"
import type { Resolver } from "../types/container"

/** The app's shared PostgreSQL connection. */
export function pgConnection(container: Resolver): Knex {
  return container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as Knex
}

export { iso, placeholders } from "../lib/sql"
