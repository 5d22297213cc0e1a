import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Herald's webhook signature, so receivers can trust a delivery: HMAC-SHA256 with the account's
 * secret over `${timestamp}.${payload}`, sent as `X-Herald-Signature: v1=<hex>` next to
 * `X-Herald-Timestamp` (Unix seconds). The payload is the raw request body for POST and the raw
 * query string (without `?`) for the lookup GET. Receivers should refuse timestamps older than
 * five minutes so a captured request cannot be replayed later.
 */

export const TIMESTAMP_HEADER = 'X-Herald-Timestamp';
export const SIGNATURE_HEADER = 'X-Herald-Signature';
const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<payload>")>` */
export function signPayload(secret: string, timestampSeconds: number, payload: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${payload}`).digest('hex')}`;
}

/** Constant-time check of a received signature, including the timestamp window. */
export function verifySignature(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  payload: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  const ts = Number(input.timestamp);
  if (!input.signature || !Number.isInteger(ts)) return false;
  if (Math.abs(input.nowSeconds - ts) > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(signPayload(input.secret, ts, input.payload));
  const received = Buffer.from(input.signature);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
