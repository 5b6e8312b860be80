/** The one abort race (checks/abortable.ts) and the two callers built on it: a check (harness) and a gate measurement (within). Fake timers: no waiting. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { abortable, abortReasonText } from "../../src/checks/abortable.js";
import { defineCheck } from "../../src/checks/harness.js";
import type { Outcome } from "../../src/checks/types.js";
import { within } from "../../src/gates/within.js";

const context = { env: {}, now: () => 0 };
/** Work that never settles and ignores its signal. */
const deaf = (): Promise<never> => new Promise<never>(() => {});
const pass: Outcome = { status: "pass", summary: "fine" };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("abortable", () => {
  it("returns what the work returned, and was not stopped", async () => {
    const settled = await abortable(1000, new AbortController().signal, () => Promise.resolve(42));
    expect(settled).toEqual({ kind: "returned", value: 42, stopped: undefined });
  });

  it("reports what the work threw", async () => {
    const error = new Error("boom");
    const settled = await abortable(1000, new AbortController().signal, () => Promise.reject(error));
    expect(settled).toEqual({ kind: "threw", error, stopped: undefined });
  });

  it("ends work that ignores its signal at the time limit, and hands the work a signal that aborted", async () => {
    let seen: AbortSignal | undefined;
    const race = abortable(300, new AbortController().signal, (signal) => {
      seen = signal;
      return deaf();
    });
    await vi.advanceTimersByTimeAsync(299);
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await race).toMatchObject({ kind: "threw", stopped: { by: "timeout", reason: "timed out after 300 ms" } });
    expect(seen?.aborted).toBe(true);
  });

  it("ends at once when the caller aborts, naming the caller's reason", async () => {
    const caller = new AbortController();
    const race = abortable(60_000, caller.signal, deaf);
    caller.abort(new Error("interrupted by SIGINT"));
    expect(await race).toMatchObject({ kind: "threw", stopped: { by: "caller", reason: "interrupted by SIGINT" } });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not start racing an already aborted signal: settles at once", async () => {
    const caller = new AbortController();
    caller.abort();
    expect(await abortable(1000, caller.signal, deaf)).toMatchObject({ kind: "threw", stopped: { by: "caller", reason: "cancelled" } });
  });

  it("names the caller when the caller's signal has aborted too", async () => {
    const both = new AbortController();
    both.abort(new Error("deadline passed"));
    expect((await abortable(0, both.signal, deaf)).stopped).toEqual({ by: "caller", reason: "deadline passed" });
  });

  it("abortReasonText: an Error's message, else 'cancelled'", () => {
    const named = new AbortController();
    named.abort(new Error("stopped: gate 'x' failed"));
    const plain = new AbortController();
    plain.abort();
    const odd = new AbortController();
    odd.abort("a string");
    expect([abortReasonText(named.signal), abortReasonText(plain.signal), abortReasonText(odd.signal)]).toEqual([
      "stopped: gate 'x' failed",
      "cancelled",
      "cancelled",
    ]);
  });
});

describe("a check (harness) on the race", () => {
  it("a probe past its timeout is an error saying so; the caller's abort is 'not finished'", async () => {
    const check = defineCheck({ id: "deaf", kind: "test" }, { timeoutMs: 200, body: deaf });
    const timedOut = check.run(context, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(200);
    expect(await timedOut).toMatchObject({ status: "error", summary: "timed out after 200 ms" });
    const caller = new AbortController();
    const cancelled = check.run(context, caller.signal);
    caller.abort(new Error("preflight deadline of 1 s passed"));
    expect(await cancelled).toMatchObject({ status: "error", summary: "not finished: preflight deadline of 1 s passed" });
  });

  it("a pass that arrives as the signal aborts still counts; anything else becomes the abort's error", async () => {
    const caller = new AbortController();
    const passing = defineCheck(
      { id: "p", kind: "test" },
      {
        timeoutMs: 1000,
        body: () => {
          caller.abort(new Error("stop"));
          return Promise.resolve(pass);
        },
      },
    );
    expect(await passing.run(context, caller.signal)).toMatchObject({ status: "pass", summary: "fine" });
    const other = new AbortController();
    const failing = defineCheck(
      { id: "f", kind: "test" },
      {
        timeoutMs: 1000,
        body: () => {
          other.abort(new Error("stop"));
          return Promise.resolve({ status: "fail", summary: "bad" });
        },
      },
    );
    expect(await failing.run(context, other.signal)).toMatchObject({ status: "error", summary: "not finished: stop" });
  });

  it("an exception is an error naming it", async () => {
    const check = defineCheck({ id: "t", kind: "test" }, { timeoutMs: 1000, body: () => Promise.reject(new Error("no such file")) });
    expect(await check.run(context, new AbortController().signal)).toMatchObject({ status: "error", summary: "no such file" });
  });
});

describe("a gate measurement (within) on the race", () => {
  it("past its timeout: an error saying so; an exception: an error naming it; a result: as returned", async () => {
    const late = within(150, new AbortController().signal, deaf);
    await vi.advanceTimersByTimeAsync(150);
    expect(await late).toEqual({ status: "error", summary: "timed out after 150 ms" });
    expect(await within(150, new AbortController().signal, () => Promise.reject(new Error("connection refused")))).toEqual({
      status: "error",
      summary: "connection refused",
    });
    expect(await within(150, new AbortController().signal, () => Promise.resolve({ status: "fail", summary: "0.2 ≥ 0.01" }))).toEqual({
      status: "fail",
      summary: "0.2 ≥ 0.01",
    });
  });
});
