/**
 * How hard the client tries: per-attempt timeout, overall deadline, retries with backoff for
 * 5xx/network errors, and how long it may wait for a rate limit to reset. `sleep` and `now` are
 * injected so tests can record every wait instead of waiting.
 */
import { setTimeout as delay } from "node:timers/promises";

export interface RequestPolicy {
  /** Time limit of one HTTP attempt, body included (ms). */
  readonly timeoutMs: number;
  /** Time limit of one call: every attempt, backoff and rate-limit wait together (ms). */
  readonly deadlineMs: number;
  /** Retries after a 5xx, a timeout or a network error. */
  readonly retries: number;
  /** Backoff before retry n (1-based) is n² × this (ms): 1 s, 4 s, 9 s by default. */
  readonly backoffBaseMs: number;
  /** Retries after a primary or secondary rate limit. */
  readonly rateLimitRetries: number;
  /** Longest wait for a rate limit (ms); a later reset fails the call at once. */
  readonly maxRateLimitWaitMs: number;
  /** Wait after a secondary limit without `retry-after` (s). GitHub asks for at least a minute. */
  readonly secondaryFallbackSeconds: number;
  /** Waits `ms`; rejects with the signal's reason when it aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now: () => number;
}

export const DEFAULT_POLICY: RequestPolicy = {
  timeoutMs: 10_000,
  deadlineMs: 120_000,
  retries: 3,
  backoffBaseMs: 1_000,
  rateLimitRetries: 2,
  maxRateLimitWaitMs: 60_000,
  secondaryFallbackSeconds: 60,
  sleep: (ms, signal) => delay(ms, undefined, signal === undefined ? undefined : { signal }),
  now: () => Date.now(),
};

/** Statuses never retried by the 5xx/network path (rate limits have their own path). */
export const DO_NOT_RETRY: readonly number[] = [304, 400, 401, 403, 404, 409, 410, 422, 429, 451];

export function resolvePolicy(overrides: Partial<RequestPolicy> = {}): RequestPolicy {
  return { ...DEFAULT_POLICY, ...overrides };
}

/** Backoff before retry number `retry` (1-based). */
export function backoffMs(policy: RequestPolicy, retry: number): number {
  return retry * retry * policy.backoffBaseMs;
}

/** Whether the 5xx/network path retries a failed attempt with this status. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || (status >= 400 && !DO_NOT_RETRY.includes(status));
}
