/** The runner probe over a real runner folder layout: .runner, .service, _diag/Runner_*.log. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runnerProbe, runnerRoot, type RunnerInfo } from "../../src/checks/runner.js";
import { context, runProbe } from "./run.js";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "runwarden-runner-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const stamp = (date: Date) =>
  date
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
const ago = (ms: number) => new Date(Date.now() - ms);
const HOUR = 3_600_000;

function runnerDir(name: string, lines: readonly string[], options: { service?: string } = {}): string {
  const root = join(tmp, name);
  mkdirSync(join(root, "_diag"), { recursive: true });
  writeFileSync(
    join(root, ".runner"),
    `\uFEFF${JSON.stringify({ agentId: 7, agentName: "prod-runner-1", poolId: 1, poolName: "Default", workFolder: "_work" })}`,
  );
  if (options.service !== undefined) writeFileSync(join(root, ".service"), `${options.service}\n`);
  writeFileSync(join(root, "_diag", "Runner_20260101-000000-utc.log"), `${lines.join("\n")}\n`);
  const old = join(root, "_diag", "Runner_20250101-000000-utc.log");
  writeFileSync(old, `[${stamp(ago(400 * 24 * HOUR))} ERR  Runner] Runner connect error: ancient\n`);
  utimesSync(old, ago(400 * 24 * HOUR), ago(400 * 24 * HOUR));
  return root;
}

describe("runner probe", () => {
  it("passes a healthy runner folder (no service installed is a warning)", async () => {
    const root = runnerDir("healthy", [`[${stamp(ago(HOUR))} INFO Runner] Listening for Jobs`]);
    const result = await runProbe(runnerProbe({ root, timeoutMs: 5000 }));
    expect(result.status).toBe("warn");
    expect(result.summary).toBe("prod-runner-1: not installed as a service (no .service file): it will not restart on its own");
  });

  it("lists recent ERR lines with what the known ones mean; a deleted registration fails", async () => {
    const root = runnerDir("broken", [
      `[${stamp(ago(30 * HOUR))} ERR  Runner] Runner connect error: too old to count.`,
      `[${stamp(ago(2 * HOUR))} ERR  Runner] Runner connect error: The HTTP request timed out. Retrying until reconnected.`,
      `[${stamp(ago(HOUR))} ERR  GitHubActionsService] Something unexpected`,
      `[${stamp(ago(HOUR / 2))} ERR  Runner] Failed to create a session. The runner registration has been deleted from the server, please re-configure.`,
    ]);
    const result = await runProbe(runnerProbe({ root, timeoutMs: 5000 }));
    expect(result.status).toBe("fail");
    expect(result.summary).toMatch(/3 error line\(s\) in _diag \(known: connect-error, registration-deleted\)/);
    const diag = result.evidence.filter((line) => line.startsWith("Runner_"));
    expect(diag).toHaveLength(3);
    expect(diag[0]).toMatch(/^Runner_20260101-000000-utc\.log:2 .* ERR Runner: Runner connect error: .* — known \(connect-error\): could not reach GitHub/);
    expect(diag[2]).toMatch(/known \(registration-deleted\): the runner registration was deleted: re-run config.sh/);
  });

  it("only transient known errors are a warning", async () => {
    const root = runnerDir("flaky", [`[${stamp(ago(HOUR))} ERR  Runner] Runner connect error: name resolution failed. Retrying until reconnected.`]);
    expect((await runProbe(runnerProbe({ root, timeoutMs: 5000 }))).status).toBe("warn");
  });

  it("with a .service file, the unit's state counts: no systemd here is an error, never a pass", async () => {
    const root = runnerDir("service", [], { service: "actions.runner.acme-platform.prod-runner-1.service" });
    const result = await runProbe(runnerProbe({ root, timeoutMs: 5000 }));
    expect(result.status).toBe("error");
    expect(result.summary).toMatch(/service actions\.runner\.acme-platform\.prod-runner-1\.service: systemctl could not tell/);
  });

  it("checks group, labels and version through the GitHub layer's lookup", async () => {
    const root = runnerDir("registered", []);
    const info: RunnerInfo = { name: "prod-runner-1", status: "online", group: "prod-secondary", labels: ["self-hosted", "linux"], version: "2.311.0" };
    const seen: string[] = [];
    const lookup = (name: string) => {
      seen.push(name);
      return Promise.resolve(info);
    };
    const result = await runProbe(
      runnerProbe({ root, group: "prod-primary", labels: ["self-hosted", "production"], minVersion: "2.320.0", lookup, timeoutMs: 5000 }),
    );
    expect(seen).toEqual(["prod-runner-1"]);
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("in group prod-secondary, expected prod-primary; missing label(s) production; version 2.311.0 older than 2.320.0");
    const unknown = await runProbe(runnerProbe({ root, group: "prod-primary", timeoutMs: 5000 }));
    expect(unknown.status).toBe("error");
    expect(unknown.summary).toMatch(/need the GitHub layer/);
  });

  it("finds its folder from RUNNER_WORKSPACE and errors outside a runner", async () => {
    expect(runnerRoot({ RUNNER_WORKSPACE: "/home/runner/actions-runner/_work/platform" })).toBe("/home/runner/actions-runner");
    const result = await runProbe(runnerProbe({ timeoutMs: 1000 }), { ...context, env: {} });
    expect(result.status).toBe("error");
  });
});
