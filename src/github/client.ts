/**
 * The GitHub client runwarden's capabilities use: typed, validated calls to the endpoints in
 * `endpoints.ts`, each with a deadline and the caller's AbortSignal, ETag-cached reads, Link-header
 * pagination, and counted requests. Failures become runwarden errors (errors.ts) naming the endpoint.
 */
import { z } from "zod";
import { EtagCache } from "./etag-cache.js";
import { ENDPOINTS, type EndpointKey } from "./endpoints.js";
import { httpFailure, toGithubError } from "./errors.js";
import { createOctokit, type GithubAuth, type OctokitClient } from "./octokit.js";
import { resolvePolicy, type RequestPolicy } from "./policy.js";
import { RequestStats } from "./stats.js";
import { createTransport, displayPath } from "./transport.js";
import { parseResponse } from "./validate.js";

export const DEFAULT_API_URL = "https://api.github.com";
export const API_VERSION = "2022-11-28";
/** Most pages one list call follows (100 items each). */
export const DEFAULT_MAX_PAGES = 50;

export interface GithubClientOptions {
  /** REST API base URL: https://api.github.com, or https://HOST/api/v3 for GHES. */
  readonly apiUrl: string;
  readonly auth: GithubAuth;
  readonly policy?: Partial<RequestPolicy>;
  /** Debug sink: one line per attempt, wait and warning. */
  readonly log?: (line: string) => void;
  readonly userAgent?: string;
  /** The fetch underneath (default: Node's). */
  readonly fetch?: typeof fetch;
  /** Share counters with another client (e.g. the App's installation lookup). */
  readonly stats?: RequestStats;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  readonly maxPages?: number;
}

export type Params = Readonly<
  Record<string, string | number | boolean | undefined | Readonly<Record<string, unknown>> | readonly string[] | readonly number[]>
>;

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number | undefined>>;
  readonly data: unknown;
  readonly url: string;
}

function nextLink(link: unknown): string | undefined {
  if (typeof link !== "string") return undefined;
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="([^"]+)"/.exec(part);
    if (match?.[2] === "next") return match[1];
  }
  return undefined;
}

export class GithubClient {
  readonly stats: RequestStats;
  readonly policy: RequestPolicy;
  readonly apiUrl: string;
  readonly #basePath: string;
  readonly #octokit: OctokitClient;

  constructor(options: GithubClientOptions) {
    this.stats = options.stats ?? new RequestStats();
    this.policy = resolvePolicy(options.policy);
    this.apiUrl = options.apiUrl.replace(/\/+$/, "");
    this.#basePath = new URL(this.apiUrl).pathname.replace(/\/+$/, "");
    const transport = createTransport({
      timeoutMs: this.policy.timeoutMs,
      cache: new EtagCache(),
      stats: this.stats,
      basePath: this.#basePath,
      now: this.policy.now,
      ...(options.log === undefined ? {} : { log: options.log }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
    this.#octokit = createOctokit({
      apiUrl: this.apiUrl,
      basePath: this.#basePath,
      auth: options.auth,
      policy: this.policy,
      stats: this.stats,
      fetch: transport,
      userAgent: options.userAgent ?? "runwarden",
      ...(options.log === undefined ? {} : { log: options.log }),
    });
  }

  /** One request with deadline, retries and error mapping. `route` is `METHOD /template` or `GET https://…`. */
  async #call(route: string, params: Params, options: CallOptions): Promise<RawResponse> {
    const deadline = AbortSignal.timeout(this.policy.deadlineMs);
    const signal = options.signal === undefined ? deadline : AbortSignal.any([options.signal, deadline]);
    const requestParams = { ...params, headers: { "x-github-api-version": API_VERSION }, request: { signal } };
    const before = this.stats.attempts.length;
    try {
      const response = await this.#octokit.request(route, requestParams);
      const data: unknown = response.data;
      return { status: response.status, headers: response.headers, data, url: response.url };
    } catch (e: unknown) {
      const [method = "GET"] = route.split(" ");
      let path = route;
      try {
        path = displayPath(this.#octokit.request.endpoint(route, params).url, this.#basePath);
      } catch (ignored: unknown) {
        if (!(ignored instanceof TypeError)) throw ignored;
      }
      throw toGithubError(e, {
        method,
        path,
        attempts: this.stats.attempts.length - before,
        timeoutMs: this.policy.timeoutMs,
        deadlineMs: this.policy.deadlineMs,
        deadlinePassed: deadline.aborted,
        cancelled: options.signal?.aborted === true,
      });
    }
  }

  #route(key: EndpointKey): string {
    const endpoint = ENDPOINTS[key];
    return `${endpoint.method} ${endpoint.path}`;
  }

  /** A raw response (no validation): for logs, redirects and writes without a body. */
  raw(key: EndpointKey, params: Params, options: CallOptions = {}): Promise<RawResponse> {
    return this.#call(this.#route(key), params, options);
  }

  /** A GET (or POST) whose body is validated with `schema`. */
  async get<S extends z.ZodType>(key: EndpointKey, params: Params, schema: S, options: CallOptions = {}): Promise<z.output<S>> {
    const response = await this.#call(this.#route(key), params, options);
    return parseResponse(schema, response.data, `${ENDPOINTS[key].method} ${ENDPOINTS[key].path}`);
  }

  /** Like `get`, but a 404 is `null` (branch protection on an unprotected branch, logs that are gone). */
  async getOrNull<S extends z.ZodType>(key: EndpointKey, params: Params, schema: S, options: CallOptions = {}): Promise<z.output<S> | null> {
    try {
      return await this.get(key, params, schema, options);
    } catch (e: unknown) {
      if (httpFailure(e instanceof Error ? e.cause : undefined)?.status === 404) return null;
      throw e;
    }
  }

  /**
   * Every page of a list endpoint (per_page 100, following `Link: rel="next"`). `key` names the
   * array in wrapped responses (`{ total_count, runners: [...] }`); omit it for bare arrays.
   */
  async list<S extends z.ZodType>(key: EndpointKey, params: Params, itemsKey: string | undefined, item: S, options: ListOptions = {}): Promise<z.output<S>[]> {
    const endpoint = `${ENDPOINTS[key].method} ${ENDPOINTS[key].path}`;
    const page = itemsKey === undefined ? z.array(item) : z.object({ [itemsKey]: z.array(item) });
    const items: z.output<S>[] = [];
    let response = await this.#call(this.#route(key), { ...params, per_page: 100 }, options);
    for (let pages = 1; ; pages++) {
      const parsed: unknown = parseResponse(page, response.data, endpoint);
      const list: unknown = itemsKey === undefined ? parsed : (parsed as Record<string, unknown>)[itemsKey];
      items.push(...(list as z.output<S>[]));
      const next = nextLink(response.headers["link"]);
      if (next === undefined || pages >= (options.maxPages ?? DEFAULT_MAX_PAGES)) return items;
      response = await this.#call(`GET ${next}`, {}, options);
    }
  }
}
