/**
 * What the client did: every HTTP attempt, the waits between them, and the rate limit GitHub
 * reported last. Commands put `snapshot()` into their `--json` output; debug logs show each attempt.
 */

export interface RateLimitState {
  readonly limit: number;
  readonly remaining: number;
  readonly used: number;
  /** When the window resets, ISO 8601. */
  readonly reset: string;
  readonly resource: string;
}

/** `status` is the HTTP status, or `timeout` / `network` when no response came. */
export interface AttemptRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number | "timeout" | "network";
  readonly durationMs: number;
  /** The response was a 304 answered from the ETag cache. */
  readonly notModified: boolean;
}

export type WaitReason = "backoff" | "primary-rate-limit" | "secondary-rate-limit";

export interface WaitRecord {
  readonly reason: WaitReason;
  readonly ms: number;
  readonly method: string;
  readonly path: string;
}

export interface StatsSnapshot {
  /** HTTP requests sent (each retry counts). */
  readonly requests: number;
  /** Of those, answered `304 Not Modified` (free under GitHub's primary rate limit). */
  readonly not_modified: number;
  readonly retries: number;
  readonly waited_ms: number;
  readonly rate_limit: RateLimitState | null;
}

function header(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

export class RequestStats {
  readonly attempts: AttemptRecord[] = [];
  readonly waits: WaitRecord[] = [];
  #rateLimit: RateLimitState | null = null;

  recordAttempt(record: AttemptRecord, headers?: Headers): void {
    this.attempts.push(record);
    if (headers === undefined) return;
    const limit = header(headers, "x-ratelimit-limit");
    const remaining = header(headers, "x-ratelimit-remaining");
    const reset = header(headers, "x-ratelimit-reset");
    if (limit === undefined || remaining === undefined || reset === undefined) return;
    this.#rateLimit = {
      limit,
      remaining,
      used: header(headers, "x-ratelimit-used") ?? limit - remaining,
      reset: new Date(reset * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      resource: headers.get("x-ratelimit-resource") ?? "core",
    };
  }

  recordWait(record: WaitRecord): void {
    this.waits.push(record);
  }

  get rateLimit(): RateLimitState | null {
    return this.#rateLimit;
  }

  snapshot(): StatsSnapshot {
    return {
      requests: this.attempts.length,
      not_modified: this.attempts.filter((a) => a.notModified).length,
      retries: this.waits.length,
      waited_ms: this.waits.reduce((sum, w) => sum + w.ms, 0),
      rate_limit: this.#rateLimit,
    };
  }
}
