/**
 * The Octokit stack: `@octokit/rest` with the retry and throttling plugins, plus one plugin of ours
 * innermost that sees every attempt. The plugins decide *whether* to retry (5xx/network: retry;
 * 403/429 rate limits: throttling); runwarden decides *how long* to wait and waits through the
 * injected, abortable `sleep`, so the plugins' own timers are set to zero and every wait is recorded.
 */
import { randomUUID } from "node:crypto";
import { createAppAuth } from "@octokit/auth-app";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck/light.js";
import { backoffMs, DO_NOT_RETRY, isRetryableStatus, type RequestPolicy } from "./policy.js";
import type { RequestStats, WaitReason } from "./stats.js";
import { displayPath, type Fetch } from "./transport.js";

export type OctokitClient = InstanceType<typeof Octokit>;
type Plugin = Parameters<typeof Octokit.plugin>[number];
/** The Octokit a plugin receives (core, before the REST methods are added). */
type CoreOctokit = Parameters<Plugin>[0];
type HookOptions = Required<CoreOctokit["request"]["endpoint"]["DEFAULTS"]>;

export type GithubAuth =
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "app"; readonly appId: number; readonly privateKey: string; readonly installationId?: number };

export interface OctokitParts {
  readonly apiUrl: string;
  readonly basePath: string;
  readonly auth: GithubAuth;
  readonly policy: RequestPolicy;
  readonly stats: RequestStats;
  readonly fetch: Fetch;
  readonly userAgent: string;
  readonly log?: (line: string) => void;
}

function statusOf(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null || !("status" in err)) return undefined;
  return typeof err.status === "number" ? err.status : undefined;
}

function signalOf(options: HookOptions): AbortSignal | undefined {
  const signal: unknown = options.request.signal;
  return signal instanceof AbortSignal ? signal : undefined;
}

function numberOption(options: HookOptions, name: string): number | undefined {
  const value: unknown = options.request[name];
  return typeof value === "number" ? value : undefined;
}

function pathOf(octokit: CoreOctokit, options: HookOptions, basePath: string): string {
  try {
    return displayPath(octokit.request.endpoint(options).url, basePath);
  } catch (e: unknown) {
    if (e instanceof TypeError) return String(options.url);
    throw e;
  }
}

/** Innermost plugin: after a failed attempt the retry plugin will repeat, waits the backoff first. */
function backoffPlugin(parts: OctokitParts): Plugin {
  return (octokit: CoreOctokit) => {
    octokit.hook.wrap("request", async (request, options) => {
      try {
        return await request(options);
      } catch (e: unknown) {
        const signal = signalOf(options);
        if (signal?.aborted === true) {
          options.request["retries"] = 0;
          throw e;
        }
        const status = statusOf(e);
        const done = numberOption(options, "retryCount") ?? 0;
        const allowed = numberOption(options, "retries") ?? parts.policy.retries;
        if (status === undefined || !isRetryableStatus(status) || done >= allowed) throw e;
        const ms = backoffMs(parts.policy, done + 1);
        parts.stats.recordWait({ reason: "backoff", ms, method: options.method, path: pathOf(octokit, options, parts.basePath) });
        try {
          await parts.policy.sleep(ms, signal);
        } catch (aborted: unknown) {
          if (!(signal?.aborted ?? false)) throw aborted;
          options.request["retries"] = 0;
        }
        throw e;
      }
    });
  };
}

function limitHandler(parts: OctokitParts, reason: WaitReason, octokitRef: { current?: OctokitClient }) {
  return async (retryAfterSeconds: number, options: HookOptions, _octokit: unknown, retryCount: number): Promise<boolean> => {
    const ms = Math.max(0, retryAfterSeconds) * 1000;
    const path = octokitRef.current === undefined ? String(options.url) : pathOf(octokitRef.current, options, parts.basePath);
    if (retryCount >= parts.policy.rateLimitRetries || ms > parts.policy.maxRateLimitWaitMs) {
      parts.log?.(`github: ${options.method} ${path} rate limited (${reason}); not waiting ${ms} ms`);
      return false;
    }
    parts.stats.recordWait({ reason, ms, method: options.method, path });
    parts.log?.(`github: ${options.method} ${path} rate limited (${reason}); waiting ${ms} ms`);
    await parts.policy.sleep(ms, signalOf(options));
    return true;
  };
}

/** Writes one at a time, in order, without a minimum spacing. */
function writeGroup(): Bottleneck.Group {
  return new Bottleneck.Group({ id: `runwarden-write-${randomUUID()}`, maxConcurrent: 1, minTime: 0 });
}

export function createOctokit(parts: OctokitParts): OctokitClient {
  const Client = Octokit.plugin(backoffPlugin(parts), retry, throttling);
  const warn = (message: string) => parts.log?.(`github: ${message}`);
  const ref: { current?: OctokitClient } = {};
  const log = { debug: () => undefined, info: () => undefined, warn, error: warn };
  const common = {
    baseUrl: parts.apiUrl,
    userAgent: parts.userAgent,
    log,
    // `request.log` too: @octokit/request would otherwise warn about deprecations on the console.
    request: { fetch: parts.fetch, log },
    retry: { retries: parts.policy.retries, doNotRetry: [...DO_NOT_RETRY], retryAfterBaseValue: 0 },
    throttle: {
      id: randomUUID(),
      retryAfterBaseValue: 0,
      fallbackSecondaryRateRetryAfter: parts.policy.secondaryFallbackSeconds,
      onRateLimit: limitHandler(parts, "primary-rate-limit", ref),
      onSecondaryRateLimit: limitHandler(parts, "secondary-rate-limit", ref),
      // The plugin spaces every write 1 s apart (GitHub's advice for *many* writes). runwarden writes a
      // handful per command (a deployment and its statuses, a cancel, a re-run), one at a time: they go
      // out in order without the spacing, and a secondary limit is still honoured from retry-after.
      write: writeGroup(),
      notifications: writeGroup(),
    },
  };
  const octokit =
    parts.auth.kind === "token"
      ? new Client({ ...common, auth: parts.auth.token })
      : new Client({
          ...common,
          authStrategy: createAppAuth,
          auth: {
            appId: parts.auth.appId,
            privateKey: parts.auth.privateKey,
            ...(parts.auth.installationId === undefined ? {} : { installationId: parts.auth.installationId }),
            log: { warn },
          },
        });
  ref.current = octokit;
  return octokit;
}
