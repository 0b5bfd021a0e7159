// Development harness: makes this repository a runnable Medusa app that loads
// the plugin from ./src. It is not part of the published package.
import { defineConfig, loadEnv, Modules } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// Several instances (docs/DEPLOYMENT.md; the cluster test sets these): REDIS_URL
// puts the event bus, workflow engine and locking on Redis, MEDUSA_WORKER_MODE
// makes this process an API server ("server") or a background worker
// ("worker"). LOCKING_REDIS_URL alone puts only the locks on Redis (the
// order-race-redis spec). Unset, the app is the single-process dev app.
const redisUrl = process.env.REDIS_URL
const lockingRedisUrl = process.env.LOCKING_REDIS_URL || redisUrl
const WORKER_MODES = ["shared", "worker", "server"] as const
const workerMode = WORKER_MODES.find((m) => m === process.env.MEDUSA_WORKER_MODE)

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    ...(redisUrl ? { redisUrl } : {}),
    ...(workerMode ? { workerMode } : {}),
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS || "http://localhost:9000,http://localhost:5173,http://localhost:8000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.MEDUSA_ADMIN_DISABLE === "true",
  },
  modules: [
    {
      resolve: "./src/modules/lot_tracking",
      options: {
        default_strategy: "fefo",
        expiry_warning_days: 30,
        min_shelf_life_days: 0,
        require_expiry: true,
        lot_number_pattern: "LOT-{YYYY}-{SEQ:5}",
        time_zone: process.env.LOT_TRACKING_TIME_ZONE || "UTC",
      },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/notification-local",
            id: "local",
            options: { channels: ["email", "feed"] },
          },
        ],
      },
    },
    ...(redisUrl
      ? [
          { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
          { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
        ]
      : []),
    ...(lockingRedisUrl
      ? [
          {
            resolve: "@medusajs/medusa/locking",
            key: Modules.LOCKING,
            options: {
              providers: [
                {
                  resolve: "@medusajs/medusa/locking-redis",
                  id: "locking-redis",
                  is_default: true,
                  options: { redisUrl: lockingRedisUrl },
                },
              ],
            },
          },
        ]
      : []),
  ],
})
