/**
 * The acting commands besides deploy write their audit entries (docs/audit.md): `route` its decision,
 * `gate` a verdict per gate — with who/what/where from the job's GitHub variables — and the chain
 * still verifies. Against the GitHub API emulator and a real HTTP server on loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { runInProcess } from "../helpers/cli.js";
import { startVersionServer, type TestServer } from "../helpers/servers.js";
import { githubEnv, ROUTE_CONFIG } from "../route/helpers.js";
import { exampleScenario, startEmulator } from "../sandbox/helpers.js";

const SHA = "8d2f0c4b6a1e3f5d7c9b0a2e4f6d8c1b3a5e7f90";
let emulator: RunningEmulator;
let app: TestServer & { setSha(next: string): void };
let dir = "";

interface Entry {
  readonly seq: number;
  readonly event: Record<string, unknown> & { type: string };
}

beforeAll(async () => {
  emulator = await startEmulator(exampleScenario("failover.yml"));
  app = await startVersionServer(SHA);
  dir = mkdtempSync(join(tmpdir(), "rw-audit-acting-"));
  writeFileSync(join(dir, "hosts"), `[production]\nweb-1 ansible_host=127.0.0.1 app_port=${app.port}\n`);
  writeFileSync(
    join(dir, "runwarden.yml"),
    `${ROUTE_CONFIG}    gates:
      - name: version live
        version: { url: "http://{{ ansible_host }}:{{ app_port }}/version", json_path: $.sha }
        count: 1
`,
  );
});
afterAll(async () => {
  await emulator.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const jobEnv = () =>
  githubEnv(emulator, { GITHUB_ACTOR: "octocat", GITHUB_REPOSITORY: "acme/platform", GITHUB_RUN_ID: "4242", GITHUB_RUN_ATTEMPT: "2", GITHUB_SHA: SHA });

async function entries(): Promise<Entry[]> {
  const shown = await runInProcess(["audit", "show", "--json", "--limit", "100"], { cwd: dir, env: {} });
  expect(shown.code, shown.stderr).toBe(0);
  return (JSON.parse(shown.stdout) as { entries: Entry[] }).entries;
}

describe("acting commands write the audit chain", () => {
  it("route: the decision, every group considered, and who asked", async () => {
    const routed = await runInProcess(["route", "--environment", "production", "--json"], { cwd: dir, env: jobEnv() });
    expect(routed.code, routed.stderr).toBe(0);
    const last = (await entries()).at(-1);
    expect(last?.event).toMatchObject({
      type: "route.decision",
      actor: "octocat",
      repository: "acme/platform",
      environment: "production",
      sha: SHA,
      run_id: 4242,
      run_attempt: 2,
      chosen: "primary",
      failover: false,
      drill: false,
      considered: [
        { name: "primary", github_group: "prod-primary", healthy: true, eligible: true },
        { name: "secondary", github_group: "prod-secondary", eligible: true },
      ],
    });
  });

  it("gate: one verdict per gate with its measurement counts; a failing gate is recorded too", async () => {
    const passed = await runInProcess(["gate", "--environment", "production", "--json"], { cwd: dir, env: jobEnv() });
    expect(passed.code, passed.stderr).toBe(0);
    expect((await entries()).at(-1)?.event).toMatchObject({
      type: "gate.verdict",
      gate: "version live",
      verdict: "pass",
      environment: "production",
      sha: SHA,
      probes: [{ kind: "version", passes: 1, failures: 0, errors: 0 }],
    });
    app.setSha("0".repeat(40));
    const failed = await runInProcess(["gate", "--environment", "production", "--json"], { cwd: dir, env: jobEnv() });
    app.setSha(SHA);
    expect(failed.code).toBe(1);
    expect((await entries()).at(-1)?.event).toMatchObject({ type: "gate.verdict", verdict: "fail", probes: [{ passes: 0, failures: 1 }] });
  });

  it("a dry run records nothing, and the chain verifies", async () => {
    const before = (await entries()).length;
    expect((await runInProcess(["gate", "--environment", "production", "--dry-run"], { cwd: dir, env: jobEnv() })).code).toBe(0);
    expect(await entries()).toHaveLength(before);
    const verified = await runInProcess(["audit", "verify", "--json"], { cwd: dir, env: {} });
    expect(verified.code, verified.stdout).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ intact: true, entries_checked: before });
  });
});
