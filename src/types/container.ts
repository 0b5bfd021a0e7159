/**
 * What the plugin's helpers need of a container: something to resolve from.
 * Structural, so Medusa's container, a step's or a route's scope all fit.
 */
export type Resolver = { resolve: (key: string) => any }
