import { createHash } from "node:crypto"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  idempotencyKeyProblem,
  isKeptAnswer,
  keyExpiresAt,
  normalizePath,
  requestFingerprint,
} from "../../lib/idempotency-key"
import { lotService } from "../../modules/lot_tracking/resolve"

/** The stock-moving POSTs that honour `Idempotency-Key` (docs/INTEGRATION.md). */
export const IDEMPOTENT_ROUTES = [
  "/admin/lots",
  "/admin/lots/:id/receive",
  "/admin/lots/:id/adjust",
  "/admin/lots/:id/transfer",
  "/admin/lots/:id/write-off",
  "/admin/lots/:id/put-away",
  "/admin/lot-tracking/opening-balance",
  "/admin/lot-tracking/imports/:id/confirm",
] as const

/**
 * How long a retry waits for the first request with its key to finish
 * before it is answered 409 "still in progress" (the first may itself wait
 * up to `lock_timeout_seconds` for busy items, then move stock).
 */
export const IDEMPOTENCY_WAIT_SECONDS = 60

/** The key's lease with the Redis locking provider (renewed while the request runs), as the plugin's item locks. */
const LEASE_SECONDS = 10

/** A request that never answers through `res.json` nor finishes gives its key back after this (a safety net). */
const MAX_HOLD_MS = 5 * 60 * 1000

const LOCK_TIMEOUT = /timed-out acquiring lock/i

/** The lock key of one caller's idempotency key: two callers may pick the same string. */
export const idempotencyLockKey = (actorId: string, key: string) => `idempotency:${actorId}:${key}`

export function requestHash(req: { method: string; path: string; body?: unknown; query?: Record<string, unknown> | null }): string {
  return createHash("sha256").update(requestFingerprint(req)).digest("hex")
}

/**
 * `Idempotency-Key` on a stock-moving POST. Without the header the request
 * runs as always. With it, under the Locking Module's key
 * `idempotency:<actor>:<key>` (so two racing copies, on one instance or
 * several with the Redis or Postgres provider, run one at a time):
 * - a stored answer for the same request (method, path, query, JSON body) is
 *   sent again, with `Idempotent-Replayed: true`, and nothing runs;
 * - a stored answer for another request is a 409 that says so;
 * - else the request runs and its answer is stored before it is sent (2xx
 *   and 4xx except 409 and 429, which are transient; never a 5xx, which may
 *   be a crash half-way), then the key is given back.
 * Runs before the body is validated, so a refused body replays its 400 too.
 */
export async function idempotentRequest(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const raw = req.headers[IDEMPOTENCY_KEY_HEADER]
  if (raw === undefined) {
    return next()
  }
  const problem = idempotencyKeyProblem(raw)
  if (problem) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, problem)
  }
  const actorId = (req as MedusaRequest & { auth_context?: { actor_id?: string } }).auth_context?.actor_id
  if (!actorId) {
    // Admin routes are authenticated before this runs; nothing to key on otherwise.
    return next()
  }
  const key = raw as string
  const path = normalizePath(String(req.originalUrl ?? req.url).split("?")[0])
  const hash = requestHash({ method: req.method, path, body: req.body, query: req.query as Record<string, unknown> })
  const service = lotService(req.scope)
  const { idempotency_key_hours } = await service.getOptions()
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)

  const underLock = async () => {
    const stored = await service.findIdempotencyKey({ key, actor_id: actorId })
    if (stored) {
      if (stored.request_hash !== hash) {
        res.status(409).json({
          type: MedusaError.Types.CONFLICT,
          code: "idempotency_key_reused",
          message:
            `Idempotency-Key "${key}" was already used for another request (${stored.method} ${stored.path} with another body); ` +
            `nothing was changed. Send a new key for a new request.`,
        })
        return
      }
      res.setHeader(IDEMPOTENT_REPLAYED_HEADER, "true")
      res.status(stored.response_status).json(stored.response_body)
      return
    }
    // Run the request; its answer is stored before it goes out, and the key is held until then.
    await new Promise<void>((resolve) => {
      let done = false
      const release = () => {
        if (!done) {
          done = true
          clearTimeout(timer)
          resolve()
        }
      }
      const timer = setTimeout(release, MAX_HOLD_MS)
      timer.unref?.()
      const send = res.json.bind(res)
      res.json = ((body: unknown) => {
        res.json = send
        const status = res.statusCode
        if (!isKeptAnswer(status)) {
          send(body)
          release()
          return res
        }
        service
          .saveIdempotencyKey({
            key,
            actor_id: actorId,
            method: req.method,
            path,
            request_hash: hash,
            response_status: status,
            response_body: body === undefined ? null : JSON.parse(JSON.stringify(body)),
            expires_at: keyExpiresAt(new Date(), idempotency_key_hours),
          })
          .catch((e) => logger.error(`Idempotency-Key ${key}: the answer could not be stored (${(e as Error).message})`))
          .finally(() => {
            send(body)
            release()
          })
        return res
      }) as typeof res.json
      // Answers not sent through res.json (none of the routes today) give the key back once sent.
      res.once("finish", release)
      next()
    })
  }

  try {
    await req.scope.resolve(Modules.LOCKING).execute([idempotencyLockKey(actorId, key)], underLock, {
      timeout: IDEMPOTENCY_WAIT_SECONDS,
      expire: LEASE_SECONDS,
    })
  } catch (e) {
    if (LOCK_TIMEOUT.test(String((e as Error)?.message ?? e)) && !res.headersSent) {
      res.status(409).json({
        type: MedusaError.Types.CONFLICT,
        code: "idempotency_key_in_progress",
        message: `A request with Idempotency-Key "${key}" is still being processed (waited ${IDEMPOTENCY_WAIT_SECONDS} s); retry it later with the same key`,
      })
      return
    }
    throw e
  }
}
