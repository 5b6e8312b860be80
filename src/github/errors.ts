/**
 * Turns whatever a GitHub call threw into a runwarden error that names the endpoint, the last
 * status and what to do — never the token (messages are built here from method, path and GitHub's
 * own error text; the masker sits under every writer as well).
 *
 * - could not reach / gave up (5xx, timeouts, network, rate limits after waiting) → `UnreachableError`, exit 3
 * - credentials rejected (401), permission missing (403), not found (404), request refused (4xx) → `InputError`, exit 2
 */
import { InputError, UnreachableError, type RunwardenError } from "../model/errors.js";
import { endpointFor, permissionText } from "./endpoints.js";
import { AttemptTimeoutError, CallAbortedError } from "./transport.js";

export interface FailedCall {
  readonly method: string;
  /** Concrete path without query, e.g. `/repos/acme/platform/actions/runners`. */
  readonly path: string;
  readonly attempts: number;
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  /** The call's deadline passed. */
  readonly deadlinePassed: boolean;
  /** The caller's signal aborted. */
  readonly cancelled: boolean;
}

export interface HttpFailure {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly message: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** The HTTP side of an Octokit `RequestError` (duck-typed: status, response headers, GitHub's message). */
export function httpFailure(err: unknown): HttpFailure | undefined {
  if (!(err instanceof Error)) return undefined;
  const fields = record(err);
  const status = fields?.["status"];
  if (typeof status !== "number") return undefined;
  const response = record(fields?.["response"]);
  if (response === undefined) return undefined;
  const rawHeaders = record(response?.["headers"]) ?? {};
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(rawHeaders))
    headers[name.toLowerCase()] = typeof value === "string" ? value : value === undefined ? undefined : String(value);
  const data = record(response?.["data"]);
  const message = typeof data?.["message"] === "string" ? data["message"] : typeof response?.["data"] === "string" ? response["data"] : "";
  return { status, headers, message: message.slice(0, 300) };
}

function causeOf(err: unknown): unknown {
  return err instanceof Error ? err.cause : undefined;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function attemptsText(n: number): string {
  return n === 1 ? "1 attempt" : `${n} attempts`;
}

const TOKEN_HINT =
  "set GITHUB_TOKEN (or RUNWARDEN_GITHUB_TOKEN, or the variable named by github.token_env) to a valid token, or configure github.app; see docs/github.md";

function rateLimitReset(failure: HttpFailure): string | undefined {
  const reset = failure.headers["x-ratelimit-reset"];
  return reset !== undefined && /^\d+$/.test(reset) ? new Date(Number(reset) * 1000).toISOString() : undefined;
}

export function isRateLimited(failure: HttpFailure): "primary" | "secondary" | undefined {
  if (failure.status !== 403 && failure.status !== 429) return undefined;
  if (/secondary rate limit/i.test(failure.message)) return "secondary";
  if (failure.headers["x-ratelimit-remaining"] === "0") return "primary";
  if (failure.status === 429) return "secondary";
  return undefined;
}

function forbiddenHint(call: FailedCall, failure: HttpFailure): string {
  const accepted = failure.headers["x-accepted-github-permissions"];
  const endpoint = endpointFor(call.method, call.path);
  const needed =
    accepted !== undefined && accepted !== ""
      ? accepted.replace(/=/g, ": ").replace(/,/g, " or ")
      : endpoint?.permission === undefined
        ? undefined
        : permissionText(endpoint.permission);
  const what = needed === undefined ? "a permission it lacks" : `the permission ${needed}`;
  return `the token needs ${what} (fine-grained token or GitHub App); docs/github.md lists what each command needs`;
}

/** The runwarden error for a failed call. */
export function toGithubError(err: unknown, call: FailedCall): RunwardenError {
  const endpoint = `${call.method} ${call.path}`;
  const cause = causeOf(err);
  if (call.cancelled) return new UnreachableError(`GitHub: ${endpoint} was cancelled`, { cause: err });
  if (call.deadlinePassed || err instanceof CallAbortedError || cause instanceof CallAbortedError) {
    const last = httpFailure(err);
    return new UnreachableError(
      `GitHub: ${endpoint} gave up after ${attemptsText(call.attempts)}: the ${seconds(call.deadlineMs)} deadline passed${last === undefined ? "" : ` (last answer: ${last.status})`}`,
      { hint: "GitHub is slow or failing; check https://www.githubstatus.com (or your GHES instance) and retry", cause: err },
    );
  }
  if (err instanceof AttemptTimeoutError || cause instanceof AttemptTimeoutError) {
    return new UnreachableError(`GitHub: ${endpoint} got no response within ${seconds(call.timeoutMs)} (${attemptsText(call.attempts)})`, {
      hint: "check the network path to GITHUB_API_URL and GitHub's status; retry later",
      cause: err,
    });
  }
  const failure = httpFailure(err);
  if (failure === undefined) {
    const detail =
      cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : err instanceof Error ? err.message : String(err);
    return new UnreachableError(`GitHub: could not reach ${endpoint} after ${attemptsText(call.attempts)}: ${detail}`, {
      hint: "check GITHUB_API_URL (GHES: https://HOST/api/v3), DNS, proxies and firewalls between this machine and GitHub",
      cause: err,
    });
  }
  const said = failure.message === "" ? "" : ` (${failure.message})`;
  const limited = isRateLimited(failure);
  if (limited === "primary") {
    const reset = rateLimitReset(failure);
    return new UnreachableError(`GitHub: ${endpoint} answered ${failure.status}: API rate limit exhausted${reset === undefined ? "" : ` until ${reset}`}`, {
      hint: "wait for the reset, use a GitHub App installation (higher limit), or make fewer calls; runwarden already caches reads with ETags",
      cause: err,
    });
  }
  if (limited === "secondary") {
    const after = failure.headers["retry-after"];
    return new UnreachableError(
      `GitHub: ${endpoint} answered ${failure.status}: secondary rate limit${after === undefined ? "" : ` (retry after ${after} s)`}, still limited after ${attemptsText(call.attempts)}`,
      {
        hint: "too many requests in a short time: run fewer runwarden commands in parallel and retry in a minute",
        cause: err,
      },
    );
  }
  if (failure.status >= 500) {
    return new UnreachableError(`GitHub: ${endpoint} answered ${failure.status}${said} after ${attemptsText(call.attempts)}`, {
      hint: "GitHub is failing; check https://www.githubstatus.com (or your GHES instance) and retry later",
      cause: err,
    });
  }
  if (failure.status === 401) {
    return new InputError("RW_GITHUB_AUTH", `GitHub rejected the credentials: ${endpoint} answered 401${said}`, [], { hint: TOKEN_HINT, cause: err });
  }
  if (failure.status === 403) {
    return new InputError("RW_GITHUB_FORBIDDEN", `GitHub refused ${endpoint}: 403${said}`, [], { hint: forbiddenHint(call, failure), cause: err });
  }
  if (failure.status === 404) {
    return new InputError("RW_GITHUB_NOT_FOUND", `GitHub: ${endpoint} answered 404${said}`, [], {
      hint: "check github.repository (or GITHUB_REPOSITORY) and the names used; GitHub also answers 404 when the token cannot see the resource",
      cause: err,
    });
  }
  return new InputError("RW_GITHUB_REJECTED", `GitHub refused ${endpoint}: ${failure.status}${said}`, [], {
    hint: "GitHub's message above says what it expected",
    cause: err,
  });
}
