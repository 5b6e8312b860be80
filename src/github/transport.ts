/**
 * The `fetch` Octokit sends every HTTP attempt through: a per-attempt timeout joined with the
 * call's signal, conditional GETs from the ETag cache (a 304 comes back to Octokit as the cached
 * 200), the whole body read inside the timeout, and one stats record and debug line per attempt.
 */
import type { EtagCache } from "./etag-cache.js";
import type { RequestStats } from "./stats.js";

/** One attempt got no complete response within the attempt timeout (retried like a network error). */
export class AttemptTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
    this.name = "AttemptTimeoutError";
  }
}

/** The call's own signal aborted (caller cancelled, or the call's deadline passed): never retried. */
export class CallAbortedError extends Error {
  constructor(readonly reason: unknown) {
    super("the request was cancelled");
    this.name = "CallAbortedError";
  }
}

export interface TransportOptions {
  readonly timeoutMs: number;
  readonly cache: EtagCache;
  readonly stats: RequestStats;
  /** Path prefix of the API base URL (`/api/v3` on GHES), left out of recorded paths. */
  readonly basePath: string;
  readonly now: () => number;
  readonly log?: (line: string) => void;
  /** The fetch underneath (default: the global one). */
  readonly fetch?: typeof fetch;
}

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

function requestUrl(input: string | URL | Request): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

export function displayPath(url: string, basePath: string): string {
  const { pathname } = new URL(url);
  return basePath !== "" && pathname.startsWith(basePath) ? pathname.slice(basePath.length) || "/" : pathname;
}

function rateText(headers: Headers): string {
  const remaining = headers.get("x-ratelimit-remaining");
  const limit = headers.get("x-ratelimit-limit");
  return remaining === null || limit === null ? "" : `, rate limit ${remaining}/${limit}`;
}

export function createTransport(options: TransportOptions): Fetch {
  const underlying = options.fetch ?? globalThis.fetch;
  return async (input, init = {}) => {
    const url = requestUrl(input);
    const method = (init.method ?? "GET").toUpperCase();
    const path = displayPath(url, options.basePath);
    const outer = init.signal ?? undefined;
    const headers = new Headers(init.headers);
    const cached = method === "GET" ? options.cache.get(url) : undefined;
    if (cached !== undefined) headers.set("if-none-match", cached.etag);

    const attempt = new AbortController();
    const timer = setTimeout(() => attempt.abort(new AttemptTimeoutError(options.timeoutMs)), options.timeoutMs);
    const signal = outer === undefined ? attempt.signal : AbortSignal.any([outer, attempt.signal]);
    const started = options.now();
    const record = (status: number | "timeout" | "network", notModified: boolean, responseHeaders?: Headers) => {
      const durationMs = Math.max(0, options.now() - started);
      options.stats.recordAttempt({ method, path, status, durationMs, notModified }, responseHeaders);
      const shown = notModified ? "304 not modified" : String(status);
      options.log?.(`github: ${method} ${path} → ${shown} (${durationMs} ms${responseHeaders === undefined ? "" : rateText(responseHeaders)})`);
    };
    try {
      const response = await underlying(url, { ...init, headers, signal });
      const body = new Uint8Array(await response.arrayBuffer());
      if (response.status === 304 && cached !== undefined) {
        record(304, true, response.headers);
        const merged = new Headers(cached.headers.map(([name, value]) => [name, value] as [string, string]));
        for (const name of ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset", "x-ratelimit-resource"]) {
          const value = response.headers.get(name);
          if (value !== null) merged.set(name, value);
        }
        return new Response(cached.body.slice(), { status: cached.status, headers: merged });
      }
      record(response.status, false, response.headers);
      const etag = response.headers.get("etag");
      if (method === "GET" && response.status === 200 && etag !== null && !response.redirected) {
        options.cache.set(url, { etag, status: 200, headers: [...response.headers.entries()], body });
      }
      const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
      return new Response(nullBody ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (e: unknown) {
      if (outer?.aborted === true) {
        record("timeout", false);
        throw new CallAbortedError(outer.reason);
      }
      if (attempt.signal.aborted) {
        record("timeout", false);
        throw new AttemptTimeoutError(options.timeoutMs);
      }
      record("network", false);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  };
}
