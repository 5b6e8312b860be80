/**
 * The request side of every HTTP probe (the `http` check and the version-live gate): the URL checked
 * as input when the probe is built, one exchange sent under the probe's signal, a connection failure
 * turned into an outcome (`fail` for the unhealthy kinds, `error` otherwise), and the evidence line
 * that names the request and its answer.
 */
import { InputError } from "../model/errors.js";
import { formatMs } from "./format.js";
import { fetchOnce, type HttpExchange } from "./http-request.js";
import { networkFailure } from "./net-errors.js";
import type { Outcome } from "./types.js";

export interface ProbeRequestOptions {
  readonly url: string;
  readonly method?: "GET" | "HEAD";
  /** Verify the TLS certificate (default true). */
  readonly tlsVerify?: boolean;
  /** Characters of body kept (default: fetchOnce's). */
  readonly maxBodyChars?: number;
}

export type ProbeAnswer = { readonly exchange: HttpExchange } | { readonly failure: Outcome };

export interface ProbeRequest {
  readonly url: URL;
  readonly method: "GET" | "HEAD";
  /** `GET http://host:port/path`: how evidence and failures name the request. */
  readonly target: string;
  /** Sends it once. A connection failure is an answer (`failure`); throws only when `signal` has aborted. */
  send(signal: AbortSignal): Promise<ProbeAnswer>;
  /** `GET http://host:port/path → 200 in 12 ms`. */
  evidence(exchange: HttpExchange): string;
}

/** Throws `InputError` (`RW_CHECK_URL`) when `url` is not a URL: a probe that cannot be sent is bad input. */
export function probeRequest(options: ProbeRequestOptions): ProbeRequest {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new InputError("RW_CHECK_URL", `not a URL: '${options.url}'`, [], { hint: "write a full http:// or https:// URL" });
  }
  const method = options.method ?? "GET";
  const target = `${method} ${url.href}`;
  const tlsVerify = options.tlsVerify ?? true;
  return {
    url,
    method,
    target,
    async send(signal) {
      try {
        return {
          exchange: await fetchOnce(url, { method, tlsVerify, signal, ...(options.maxBodyChars === undefined ? {} : { maxBodyChars: options.maxBodyChars }) }),
        };
      } catch (e: unknown) {
        if (signal.aborted) throw e;
        return { failure: networkFailure(e, target) };
      }
    },
    evidence: (exchange) => `${target} → ${exchange.status} in ${formatMs(exchange.latencyMs)}`,
  };
}
