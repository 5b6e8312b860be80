/**
 * The supersede rule (src/pipeline/supersede.ts) against the emulator's commit graph C1 ← C2 ← C3
 * (and a side branch S off C1): only a commit that GitHub says is ahead of ours, live (`success`) or
 * being deployed (`in_progress`), supersedes it — from GitHub deployments or runwarden's history.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeployment, createDeploymentStatus } from "../../src/github/index.js";
import { checkSuperseded } from "../../src/pipeline/supersede.js";
import { parseScenario } from "../../src/sandbox/github/scenario.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import type { AttemptRecord } from "../../src/store/types.js";
import { REPO, testClient } from "../github/helpers.js";
import { startEmulator } from "../sandbox/helpers.js";

const [C1, C2, C3, S] = ["1".repeat(40), "2".repeat(40), "3".repeat(40), "5".repeat(40)] as const;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator(
    parseScenario(
      `
org: acme
repository: platform
commits:
  - { sha: "${C1}", message: one }
  - { sha: "${C2}", message: two, parents: ["${C1}"] }
  - { sha: "${C3}", message: three, parents: ["${C2}"] }
  - { sha: "${S}", message: side, parents: ["${C1}"] }
`,
      "supersede.yml",
    ),
  );
});
afterAll(async () => {
  await emulator.close();
});

async function deployment(environment: string, sha: string, ...states: ("in_progress" | "success" | "failure")[]): Promise<void> {
  const { client } = testClient(emulator);
  const created = await createDeployment(client, REPO, { ref: sha, environment });
  for (const state of states) await createDeploymentStatus(client, REPO, created.id, { state });
}

function attempt(id: number, environment: string, sha: string, status: AttemptRecord["status"]): AttemptRecord {
  return {
    id,
    environment,
    sha,
    ref: "refs/heads/main",
    runId: "1",
    runAttempt: 1,
    actor: "alice",
    runner: "r",
    runnerGroup: undefined,
    startedAt: 0,
    lockToken: 1,
    status,
    failureClass: null,
    failover: false,
    deploymentId: undefined,
    stages: [],
    hosts: [],
    finishedAt: 1,
  };
}

const check = (environment: string, sha: string, history: AttemptRecord[] = []) =>
  checkSuperseded({ environment, sha, client: testClient(emulator).client, repo: REPO, history, signal: new AbortController().signal });

describe("supersede", () => {
  it("a newer commit live (success) supersedes ours; an older one does not", async () => {
    await deployment("prod-a", C3, "in_progress", "success");
    expect(await check("prod-a", C2)).toMatchObject({ superseded: true, by: C3 });
    expect((await check("prod-a", C3)).superseded).toBe(false);
    await deployment("prod-b", C1, "success");
    expect(await check("prod-b", C2)).toMatchObject({ superseded: false, detail: expect.stringContaining("behind") });
  });

  it("a newer commit still in_progress supersedes; one that failed does not", async () => {
    await deployment("prod-c", C3, "in_progress");
    expect(await check("prod-c", C2)).toMatchObject({ superseded: true, by: C3 });
    await deployment("prod-d", C3, "in_progress", "failure");
    expect((await check("prod-d", C2)).superseded).toBe(false);
  });

  it("a diverged commit, or one GitHub does not know, never supersedes (we deploy)", async () => {
    await deployment("prod-e", S, "success");
    expect(await check("prod-e", C3)).toMatchObject({ superseded: false, detail: expect.stringContaining("diverged") });
    await deployment("prod-f", "9".repeat(40), "success");
    expect(await check("prod-f", C2)).toMatchObject({ superseded: false, detail: expect.stringContaining("unknown to GitHub") });
  });

  it("runwarden's history counts too: a newer successful attempt on the environment supersedes", async () => {
    expect(await check("prod-g", C2, [attempt(7, "prod-g", C3, "success")])).toMatchObject({
      superseded: true,
      by: C3,
      detail: expect.stringContaining("history attempt 7"),
    });
    expect((await check("prod-g", C2, [attempt(8, "prod-g", C3, "failure"), attempt(9, "other", C3, "success")])).superseded).toBe(false);
  });
});
