/** The preflight runner: bounded concurrency, one deadline, progress, verdict rules, warn_only. */
import { EventEmitter, once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineCheck } from "../../src/checks/harness.js";
import { httpProbe } from "../../src/checks/http.js";
import type { Check, Outcome } from "../../src/checks/types.js";
import type { CheckStatus } from "../../src/model/check.js";
import { runPreflight, toTableRows } from "../../src/preflight/index.js";
import { startHttpServer, type TestServer } from "../helpers/servers.js";

const context = { env: {}, now: () => Date.now() };

function fixed(id: string, status: CheckStatus, warnOnly = false): Check {
  return defineCheck({ id, kind: "test", warnOnly }, { timeoutMs: 1000, body: () => Promise.resolve({ status, summary: `${id} is ${status}` }) });
}

let hanging: TestServer;
/** Emits `request` for each request the hanging server receives (and never answers). */
const hangingRequests = new EventEmitter();
beforeAll(async () => {
  hanging = await startHttpServer(() => hangingRequests.emit("request"));
});
afterAll(async () => {
  await hanging.close();
});

describe("preflight runner", () => {
  it("runs at most `concurrency` checks at once, and all of them", async () => {
    let inFlight = 0;
    let peak = 0;
    const body = async (): Promise<Outcome> => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      // Yield past this turn: every check started with this one is counted before any finishes.
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return { status: "pass", summary: "ok" };
    };
    const checks = Array.from({ length: 60 }, (_, i) => defineCheck({ id: `c${i}`, kind: "test" }, { timeoutMs: 1000, body }));
    const report = await runPreflight(checks, { context, concurrency: 8 });
    expect(peak).toBe(8);
    expect(report.results.map((r) => r.id)).toEqual(checks.map((c) => c.id));
    expect(report).toMatchObject({ verdict: "pass", counts: { pass: 60, warn: 0, fail: 0, error: 0 } });
  });

  it("reports progress after every check", async () => {
    const seen: [number, number, string][] = [];
    await runPreflight([fixed("a", "pass"), fixed("b", "fail"), fixed("c", "warn")], {
      context,
      onProgress: (done, total, latest) => seen.push([done, total, latest.id]),
    });
    expect(seen.map(([done, total]) => `${done}/${total}`)).toEqual(["1/3", "2/3", "3/3"]);
    expect(seen.map(([, , id]) => id).sort()).toEqual(["a", "b", "c"]);
  });

  it("verdict: fail beats error beats pass; warnings pass; warn_only never blocks", async () => {
    const verdict = async (...checks: Check[]) => (await runPreflight(checks, { context })).verdict;
    expect(await verdict(fixed("a", "pass"), fixed("b", "warn"))).toBe("pass");
    expect(await verdict(fixed("a", "pass"), fixed("b", "error"))).toBe("error");
    expect(await verdict(fixed("a", "error"), fixed("b", "fail"))).toBe("fail");
    expect(await verdict(fixed("a", "pass"), fixed("b", "fail", true), fixed("c", "error", true))).toBe("pass");
    const report = await runPreflight([fixed("b", "fail", true)], { context });
    expect(report.results[0]).toMatchObject({ status: "warn", summary: "b is fail (warn_only: was fail)" });
    expect(await verdict()).toBe("pass");
  });

  it("ends hanging checks at the deadline, and does not start the rest", async () => {
    const hang = (i: number) => defineCheck({ id: `hang${i}`, kind: "http" }, httpProbe({ url: `${hanging.url}/`, timeoutMs: 10_000 }));
    // The server never answers and each probe's own timeout is 10 s: only the deadline can end them.
    const report = await runPreflight([hang(1), hang(2), hang(3)], { context, concurrency: 2, deadlineMs: 200 });
    expect(report.verdict).toBe("error");
    expect(report.results.map((r) => r.summary)).toEqual([
      "not finished: preflight deadline of 200 ms passed",
      "not finished: preflight deadline of 200 ms passed",
      "not run: preflight deadline of 200 ms passed",
    ]);
  });

  it("stops when the caller cancels", async () => {
    const controller = new AbortController();
    // Cancelled once the server has the probe's request, i.e. while the check is in flight.
    void once(hangingRequests, "request").then(() => controller.abort(new Error("interrupted (SIGINT)")));
    const report = await runPreflight([defineCheck({ id: "h", kind: "http" }, httpProbe({ url: hanging.url, timeoutMs: 10_000 }))], {
      context,
      signal: controller.signal,
    });
    expect(report.results[0]?.summary).toBe("not finished: interrupted (SIGINT)");
  });

  it("toTableRows puts the worst first", async () => {
    const report = await runPreflight([fixed("a", "pass"), fixed("b", "warn"), fixed("c", "fail"), fixed("d", "error")], { context });
    expect(toTableRows(report).map((row) => `${row.status} ${row.check}`)).toEqual(["fail c", "error d", "warn b", "pass a"]);
  });
});
