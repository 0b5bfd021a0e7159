/**
 * The customer's acknowledgement of a recall notice: each notice carries an
 * unguessable token (192 random bits, URL-safe), the key of the public link
 * `GET/POST /store/lot-recalls/notices/:token`. The token is the only
 * credential of that link, so it is long and never derived from ids.
 */
import { randomBytes } from "node:crypto"

export const ACKNOWLEDGEMENT_ACTIONS = ["returned", "destroyed", "kept"] as const
export type AcknowledgementAction = (typeof ACKNOWLEDGEMENT_ACTIONS)[number]

/** A new token: 24 random bytes as base64url (32 characters). */
export function newAcknowledgementToken(): string {
  return randomBytes(24).toString("base64url")
}

/** Whether a path segment can be a token at all (checked before any query). */
export function isAcknowledgementToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{32}$/.test(value)
}
