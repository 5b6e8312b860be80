/**
 * What GitHub checks before it serves a request: who is calling (token, App installation token or
 * App JWT; 401 otherwise), whether the primary rate limit allows it (403 with reset headers), and
 * whether the token carries the endpoint's permission (403 naming it).
 */
import { createVerify } from "node:crypto";
import type { Endpoint } from "../../github/endpoints.js";
import { fail, type RouteReply } from "./http.js";
import type { Engine } from "./engine.js";
import type { Permissions, TokenState } from "./state.js";

export interface Identity {
  readonly kind: "token" | "installation" | "app";
  readonly token: TokenState | undefined;
  /** Login shown as creator/actor of what this identity writes. */
  readonly login: string;
  /** Rate-limit bucket. */
  readonly bucket: string;
}

export const RATE_LIMIT_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch (e: unknown) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** Verifies an App JWT (RS256, issued by the scenario's App, not expired, at most 10 minutes long). */
function verifyJwt(engine: Engine, jwt: string): boolean {
  const app = engine.state.app;
  const [head, payload, signature] = jwt.split(".");
  if (app === undefined || head === undefined || payload === undefined || signature === undefined) return false;
  if (decodeJson(head)?.["alg"] !== "RS256") return false;
  const claims = decodeJson(payload);
  const now = Math.floor(engine.now() / 1000);
  const iat = claims?.["iat"];
  const exp = claims?.["exp"];
  if (typeof iat !== "number" || typeof exp !== "number" || String(claims?.["iss"]) !== String(app.id)) return false;
  if (exp <= now || iat > now + 60 || exp - iat > 660) return false;
  const verify = createVerify("RSA-SHA256");
  verify.update(`${head}.${payload}`);
  try {
    return verify.verify(app.publicKey, Buffer.from(signature, "base64url"));
  } catch (e: unknown) {
    if (e instanceof Error) return false;
    throw e;
  }
}

export function authenticate(engine: Engine, authorization: string | undefined, endpoint: Endpoint): Identity | RouteReply {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization?.trim() ?? "");
  const credential = match?.[1];
  if (credential === undefined) return fail(401, "Requires authentication");
  if (endpoint.auth === "app-jwt") {
    if (!verifyJwt(engine, credential)) return fail(401, "A JSON web token could not be decoded");
    const app = engine.state.app;
    return { kind: "app", token: undefined, login: `${app?.slug ?? "app"}[bot]`, bucket: `app:${app?.id ?? 0}` };
  }
  const token = engine.state.tokens.get(credential);
  if (token === undefined || (token.expiresAt !== undefined && token.expiresAt <= engine.now())) return fail(401, "Bad credentials");
  const login = token.kind === "installation" ? `${engine.state.app?.slug ?? "app"}[bot]` : "octocat";
  return { kind: token.kind, token, login, bucket: bucketKey(token) };
}

/** The rate-limit bucket of a token. */
export function bucketKey(token: TokenState): string {
  return `${token.kind}:${token.value}`;
}

export function allows(permissions: Permissions | undefined, endpoint: Endpoint): boolean {
  const needed = endpoint.permission;
  if (needed === undefined || permissions === undefined) return true;
  const granted = permissions[needed.name];
  return needed.access === "read" ? granted !== undefined : granted === "write";
}

/** 403 when the identity lacks the endpoint's permission, as GitHub words it. */
export function authorize(identity: Identity, endpoint: Endpoint): RouteReply | undefined {
  if (identity.kind === "app" || allows(identity.token?.permissions, endpoint)) return undefined;
  const needed = endpoint.permission;
  const who = identity.kind === "installation" ? "integration" : "personal access token";
  return fail(
    403,
    `Resource not accessible by ${who}`,
    needed === undefined ? undefined : { "x-accepted-github-permissions": `${needed.name}=${needed.access}` },
  );
}

interface Bucket {
  remaining: number;
  resetAt: number;
}

/** The primary rate limit, one bucket per identity; `304`s and `/rate_limit` are free. */
export class RateLimits {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    readonly limit: number,
    readonly now: () => number,
  ) {}

  bucket(key: string): Bucket {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined || bucket.resetAt <= this.now()) {
      bucket = { remaining: this.limit, resetAt: Math.ceil(this.now() / 1000) * 1000 + 3_600_000 };
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Sets what is left in a bucket (control API: exhaust or refill). */
  set(key: string, remaining: number): void {
    this.bucket(key).remaining = Math.max(0, Math.min(this.limit, remaining));
  }

  headers(key: string): Record<string, string> {
    const bucket = this.bucket(key);
    return {
      "x-ratelimit-limit": String(this.limit),
      "x-ratelimit-remaining": String(bucket.remaining),
      "x-ratelimit-used": String(this.limit - bucket.remaining),
      "x-ratelimit-reset": String(Math.floor(bucket.resetAt / 1000)),
      "x-ratelimit-resource": "core",
    };
  }

  exhaustedReply(identity: Identity, installationId: number | undefined): RouteReply {
    const who = identity.kind === "installation" ? `installation ID ${installationId ?? 0}` : "user ID 1";
    return fail(403, `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID.`);
  }
}

export const SECONDARY_LIMIT_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.";
