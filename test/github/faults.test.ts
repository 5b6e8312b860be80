/**
 * The client against the emulator with every fault kind: retries and backoff, rate-limit waits that
 * honour retry-after and x-ratelimit-reset, conditional requests, timeouts, deadlines, and errors
 * that name the endpoint and the status — never the token. Waits are recorded, not slept.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { listRunners } from "../../src/github/api/runners.js";
import { InputError, UnreachableError } from "../../src/model/errors.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { control, fixtureScenario, startEmulator } from "../sandbox/helpers.js";
import { REPO, testClient } from "./helpers.js";

let emulator: RunningEmulator;
const scope = { kind: "repo", ...REPO } as const;

beforeAll(async () => {
  // Reads the clock at each call, so a test that stops the clock (vi.useFakeTimers) stops it for both sides.
  emulator = await startEmulator(fixtureScenario("fidelity.yml"), { now: () => Date.now() });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  await control(emulator, "DELETE", "/faults");
});

async function fault(spec: Record<string, unknown>): Promise<void> {
  const response = await control(emulator, "POST", "/faults", spec);
  expect(response.status, response.text).toBe(201);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e: unknown) {
    return e;
  }
  throw new Error("expected the call to fail");
}

describe("retries with backoff", () => {
  it("retries 5xx answers with growing backoff, then succeeds", async () => {
    await fault({ kind: "status", status: 502, times: 1 });
    await fault({ kind: "status", status: 503, times: 1 });
    const { client, sleeps } = testClient(emulator);
    const runners = await listRunners(client, scope);
    expect(runners.map((r) => r.name)).toEqual(["repo-1"]);
    expect(client.stats.attempts.map((a) => a.status)).toEqual([502, 503, 200]);
    expect(sleeps).toEqual([1000, 4000]);
    expect(client.stats.waits.map((w) => w.reason)).toEqual(["backoff", "backoff"]);
  });

  it("retries a connection reset like any network error", async () => {
    await fault({ kind: "reset", times: 1 });
    const { client, sleeps } = testClient(emulator);
    await listRunners(client, scope);
    expect(client.stats.attempts.map((a) => a.status)).toEqual(["network", 200]);
    expect(sleeps).toEqual([1000]);
  });

  it("a permanent 500 ends in UnreachableError naming the endpoint, the status and the attempts — not the token", async () => {
    await fault({ kind: "status", status: 500 });
    const { client, sleeps } = testClient(emulator, { policy: { retries: 2 } });
    const error = await rejection(listRunners(client, scope));
    expect(error).toBeInstanceOf(UnreachableError);
    const message = (error as UnreachableError).message;
    expect(message).toBe("GitHub: GET /repos/acme/platform/actions/runners answered 500 (Server Error) after 3 attempts");
    expect(message).not.toContain(emulator.token);
    expect((error as UnreachableError).exitCode).toBe(3);
    expect(sleeps).toEqual([1000, 4000]);
  });
});

describe("rate limits", () => {
  it("waits until x-ratelimit-reset after a primary limit, then retries", async () => {
    // The clock stands still (on a whole second), so the wait derives from the reset header alone,
    // not from how long the request took: the reset 5 s away, plus the throttling plugin's margin.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.UTC(2030, 0, 1) });
    try {
      await fault({ kind: "primary_rate_limit", times: 1, reset_in_s: 5 });
      const { client, sleeps } = testClient(emulator);
      await listRunners(client, scope);
      expect(client.stats.attempts.map((a) => a.status)).toEqual([403, 200]);
      expect(sleeps).toHaveLength(1);
      expect(sleeps[0]).toBeGreaterThanOrEqual(5000);
      expect(sleeps[0]).toBeLessThanOrEqual(7000);
      expect(client.stats.waits[0]?.reason).toBe("primary-rate-limit");
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not wait for a reset beyond the longest allowed wait: exit 3 with the reset time", async () => {
    await fault({ kind: "primary_rate_limit", times: 1, reset_in_s: 3000 });
    const { client, sleeps } = testClient(emulator, { policy: { maxRateLimitWaitMs: 60_000 } });
    const error = await rejection(listRunners(client, scope));
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as Error).message).toMatch(
      /^GitHub: GET \/repos\/acme\/platform\/actions\/runners answered 403: API rate limit exhausted until \d{4}-\d\d-\d\dT/,
    );
    expect(sleeps).toEqual([]);
  });

  it("honours retry-after on a secondary limit (429)", async () => {
    await fault({ kind: "secondary_rate_limit", status: 429, retry_after_s: 7, times: 1 });
    const { client, sleeps } = testClient(emulator);
    await listRunners(client, scope);
    expect(sleeps).toEqual([7000]);
    expect(client.stats.waits[0]?.reason).toBe("secondary-rate-limit");
  });

  it("backs off at least a minute on a secondary limit without retry-after (403)", async () => {
    await fault({ kind: "secondary_rate_limit", status: 403, times: 1 });
    const { client, sleeps } = testClient(emulator, { policy: { maxRateLimitWaitMs: 120_000 } });
    await listRunners(client, scope);
    expect(sleeps).toEqual([60_000]);
  });

  it("gives up after the rate-limit retries", async () => {
    await fault({ kind: "secondary_rate_limit", status: 429, retry_after_s: 1 });
    const { client, sleeps } = testClient(emulator, { policy: { rateLimitRetries: 2 } });
    const error = await rejection(listRunners(client, scope));
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as Error).message).toContain("secondary rate limit (retry after 1 s), still limited after 3 attempts");
    expect(sleeps).toEqual([1000, 1000]);
  });

  it("reports the remaining rate limit from the headers", async () => {
    const { client } = testClient(emulator);
    await listRunners(client, scope);
    const rate = client.stats.snapshot().rate_limit;
    expect(rate?.limit).toBe(5000);
    expect(rate?.remaining).toBeLessThan(5000);
    expect(rate?.reset).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  });
});

describe("conditional requests", () => {
  it("a repeated read is a 304 answered from the cache, and costs no rate limit", async () => {
    const { client } = testClient(emulator);
    const first = await listRunners(client, { kind: "org", org: "acme" });
    const before = client.stats.rateLimit?.remaining;
    const second = await listRunners(client, { kind: "org", org: "acme" });
    expect(second).toEqual(first);
    expect(client.stats.attempts.map((a) => [a.status, a.notModified])).toEqual([
      [200, false],
      [304, true],
    ]);
    expect(client.stats.rateLimit?.remaining).toBe(before);
    expect(client.stats.snapshot()).toMatchObject({ requests: 2, not_modified: 1 });
    expect(emulator.requests.at(-1)).toMatchObject({ path: "/orgs/acme/actions/runners", status: 304, notModified: true });
  });

  it("a change in state changes the ETag: the next read gets the new data", async () => {
    const { client } = testClient(emulator);
    await listRunners(client, scope);
    await control(emulator, "PATCH", "/runners/repo-1", { status: "offline" });
    const after = await listRunners(client, scope);
    expect(after[0]?.status).toBe("offline");
    expect(client.stats.attempts.map((a) => a.status)).toEqual([200, 200]);
    await control(emulator, "PATCH", "/runners/repo-1", { status: "online" });
  });
});

describe("timeouts and deadlines", () => {
  it("an answer slower than the timeout fails by the timeout, after the retries", async () => {
    await fault({ kind: "latency", ms: 3000 });
    const { client } = testClient(emulator, { policy: { timeoutMs: 200, retries: 1 } });
    const error = await rejection(listRunners(client, scope));
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as Error).message).toBe("GitHub: GET /repos/acme/platform/actions/runners got no response within 0.2 s (2 attempts)");
    expect(client.stats.attempts.map((a) => a.status)).toEqual(["timeout", "timeout"]);
  });

  it("the call's deadline bounds retries and waits together", async () => {
    await fault({ kind: "status", status: 503 });
    const { client } = testClient(emulator, { policy: { deadlineMs: 300, retries: 10, backoffBaseMs: 100 }, realSleep: true });
    const error = await rejection(listRunners(client, scope));
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as Error).message).toMatch(
      /^GitHub: GET \/repos\/acme\/platform\/actions\/runners gave up after \d+ attempts?: the 0\.3 s deadline passed \(last answer: 503\)$/,
    );
  });

  it("the caller's AbortSignal cancels a call in flight", async () => {
    await fault({ kind: "latency", ms: 3000 });
    const controller = new AbortController();
    // Cancelled once the request has been handed to fetch, i.e. while the call is in flight.
    const inFlight: typeof fetch = (input, init) => {
      const response = fetch(input, init);
      controller.abort();
      return response;
    };
    const { client } = testClient(emulator, { fetch: inFlight });
    const pending = rejection(listRunners(client, scope, { signal: controller.signal }));
    const error = await pending;
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as Error).message).toBe("GitHub: GET /repos/acme/platform/actions/runners was cancelled");
  });
});

describe("credentials and permissions", () => {
  it("a rejected token is exit 2 naming the endpoint and 401, never the token", async () => {
    const { client } = testClient(emulator, { token: "ghp_thisIsNotAValidTokenAtAll1234567890" });
    const error = await rejection(listRunners(client, scope));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe("RW_GITHUB_AUTH");
    expect((error as InputError).exitCode).toBe(2);
    expect((error as Error).message).toBe("GitHub rejected the credentials: GET /repos/acme/platform/actions/runners answered 401 (Bad credentials)");
    expect(client.stats.attempts).toHaveLength(1);
  });

  it("a missing permission is exit 2 naming the permission GitHub asked for", async () => {
    const { client } = testClient(emulator, { token: "read-only-actions-token" });
    const error = await rejection(listRunners(client, scope));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe("RW_GITHUB_FORBIDDEN");
    expect((error as InputError).hint).toContain("administration: read");
  });
});

describe("pagination and GHES", () => {
  it("follows Link headers across pages", async () => {
    const big = fixtureScenario("fidelity.yml");
    const many = await startEmulator({
      ...big,
      runners: Array.from({ length: 230 }, (_, i) => ({
        name: `r-${i}`,
        scope: "org" as const,
        labels: ["self-hosted"],
        status: "online" as const,
        busy: false,
        version: "2.330.0",
        os: "Linux",
        ephemeral: false,
      })),
    });
    try {
      const { client } = testClient(many);
      const runners = await listRunners(client, { kind: "org", org: "acme" });
      expect(runners).toHaveLength(230);
      expect(new Set(runners.map((r) => r.id)).size).toBe(230);
      expect(client.stats.attempts.map((a) => a.path)).toEqual(["/orgs/acme/actions/runners", "/orgs/acme/actions/runners", "/orgs/acme/actions/runners"]);
    } finally {
      await many.close();
    }
  });

  it("works under a GHES base URL (/api/v3)", async () => {
    const { client } = testClient(emulator, { apiUrl: emulator.ghesUrl });
    const runners = await listRunners(client, scope);
    expect(runners.map((r) => r.name)).toEqual(["repo-1"]);
    expect(client.stats.attempts[0]?.path).toBe("/repos/acme/platform/actions/runners");
  });
});
