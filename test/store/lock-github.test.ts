/**
 * The same lock suite on the GitHub-ref backend, against the emulator's Git data API (creating a
 * reference fails when it exists; updating it without force only fast-forwards), with the fences
 * mirrored into a local SQLite store.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GithubClient } from "../../src/github/index.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { openStore } from "../../src/store/index.js";
import { githubLock, lockRefName } from "../../src/store/lock-github.js";
import { fixtureScenario, startEmulator } from "../sandbox/helpers.js";
import { lockSuite } from "./lock-suite.js";

let emulator: RunningEmulator;
let dir = "";
let n = 0;

beforeAll(async () => {
  emulator = await startEmulator(fixtureScenario("fidelity.yml"));
  dir = mkdtempSync(join(tmpdir(), "rw-ghlock-"));
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

function client(): GithubClient {
  return new GithubClient({ apiUrl: emulator.url, auth: { kind: "token", token: emulator.token }, policy: { retries: 0 } });
}

lockSuite(
  "a GitHub ref",
  async () => {
    const store = await openStore({ kind: "sqlite", path: join(dir, `state-${++n}.db`) });
    // The suite reuses environment names: each fixture gets an emulator (and Git database) of its own.
    const fresh = await startEmulator(fixtureScenario("fidelity.yml"));
    const locks = githubLock({
      client: new GithubClient({ apiUrl: fresh.url, auth: { kind: "token", token: fresh.token }, policy: { retries: 0 } }),
      repo: { owner: "acme", repo: "platform" },
      store,
      pollMs: 100,
    });
    return {
      locks,
      store,
      close: async () => {
        await store.close();
        await fresh.close();
      },
    };
  },
  { shortTtlMs: 3_000, aliveTtlMs: 10_000 },
);

describe("GitHub-ref lock details", () => {
  it("names environments safely as Git references", () => {
    expect(lockRefName("production")).toBe("runwarden/lock/production");
    expect(lockRefName("prod eu/1")).toBe(`runwarden/lock/x-${Buffer.from("prod eu/1").toString("hex")}`);
    expect(lockRefName("a.lock")).toMatch(/^runwarden\/lock\/x-/);
  });

  it("two processes' worth of clients race to create the lock: exactly one wins", async () => {
    const store = await openStore({ kind: "sqlite", path: join(dir, "race.db") });
    const contenders = Array.from({ length: 8 }, () => githubLock({ client: client(), repo: { owner: "acme", repo: "platform" }, store, pollMs: 20 }));
    const results = await Promise.all(
      contenders.map((locks, i) => locks.acquire({ environment: "race", owner: { runId: `r${i}`, attempt: 1, runner: `h${i}` }, ttlMs: 60_000, timeoutMs: 0 })),
    );
    expect(results.filter((r) => r.status === "acquired")).toHaveLength(1);
    expect(results.filter((r) => r.status === "timeout")).toHaveLength(7);
    await store.close();
  });
});
