/**
 * Runner hosts end to end through the built executable (dist/runwarden.js): `inventory check` applies
 * the runner-host rules with file:line, and `fleet --inventory` compares the fleet the GitHub API
 * emulator reports (examples/scenarios/two-groups.yml) with the runner hosts of fixture inventories.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetInventory } from "../../src/route/fleet-inventory.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { repoRoot, runBinary } from "../helpers/cli.js";
import { configFile, githubEnv, ROUTE_CONFIG } from "../route/helpers.js";
import { exampleScenario, startEmulator } from "../sandbox/helpers.js";

const FIXTURES = join(repoRoot, "test", "fixtures", "runner-hosts");

interface FindingJson {
  id: string;
  severity: string;
  host?: string;
  message: string;
  location: { file: string; line?: number };
}

describe("runwarden inventory check: the runner-host rules", () => {
  it("names each runner host that lacks a variable of the role, leaves one empty or shares a runner name, with file:line; exit 1", async () => {
    const run = await runBinary(["inventory", "check", "-i", "broken.ini", "--json"], { cwd: FIXTURES });
    expect(run.code, run.stderr).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: FindingJson[] }).findings.filter((f) => f.id === "inventory/runner-host");
    expect(findings.map((f) => [f.host, f.message, `${f.location.file}:${f.location.line ?? "?"}`])).toEqual([
      ["runner-a2", "runner host 'runner-a2' does not define ansible_host", "broken.ini:4"],
      ["runner-a3", "runner host 'runner-a3' does not define runner_labels", "broken.ini:5"],
      ["runner-b1", "runner host 'runner-b1': runner_labels is a string: the role joins a list (config.sh --labels), write [a, b]", "broken.ini:12"],
      [
        "runner-b1",
        "runner host 'runner-b1': runner_tarball_checksum is not sha256:<64 lowercase hex digits> (the role checks the tarball against it)",
        "broken.ini:12",
      ],
      ["runner-a3", "runner hosts 'runner-a1' and 'runner-a3' both register as runner 'runner-a1': the second replaces the first on GitHub", "broken.ini:5"],
    ]);
    expect(findings.every((f) => f.severity === "error")).toBe(true);
    const text = await runBinary(["inventory", "check", "-i", "broken.ini"], { cwd: FIXTURES });
    expect(text.stdout).toContain("broken.ini:4");
    expect(text.stdout).toContain("runner host 'runner-a2' does not define ansible_host");
  });

  it("the runner role's own example inventory (ansible/inventories/example) meets the rules", async () => {
    const run = await runBinary(["inventory", "check", "-i", "ansible/inventories/example/hosts.yml", "--json"], { cwd: repoRoot });
    expect(run.code, run.stdout).toBe(0);
    const data = JSON.parse(run.stdout) as { hosts: number; findings: FindingJson[] };
    expect(data.hosts).toBe(2);
    expect(data.findings.filter((f) => f.id === "inventory/runner-host")).toEqual([]);
  });

  it("a complete runner inventory passes; --pattern narrows the runner hosts checked; --runner-groups names other groups", async () => {
    const ok = await runBinary(["inventory", "check", "-i", "agreeing.yml"], { cwd: FIXTURES });
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain("5 host(s) — 0 error(s)");
    const web = await runBinary(["inventory", "check", "-i", "broken.ini", "--pattern", "web", "--json"], { cwd: FIXTURES });
    expect(web.code, web.stdout).toBe(0);
    const renamed = await runBinary(["inventory", "check", "-i", "broken.ini", "--runner-groups", "runner_secondary", "--json"], { cwd: FIXTURES });
    expect(renamed.code).toBe(1);
    const hosts = (JSON.parse(renamed.stdout) as { findings: FindingJson[] }).findings.filter((f) => f.id === "inventory/runner-host").map((f) => f.host);
    expect(hosts).toEqual(["runner-b1", "runner-b1"]);
  });
});

describe("runwarden fleet --inventory: declared runner hosts against the fleet", () => {
  let emulator: RunningEmulator;
  let config: { dir: string; path: string };
  beforeAll(async () => {
    emulator = await startEmulator(exampleScenario("two-groups.yml"));
    config = configFile(ROUTE_CONFIG);
    writeFileSync(join(config.dir, "hosts"), "[production]\napp1.prod.example.internal\n");
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("missing, extra and wrong group, in --json and in text; exit 1", async () => {
    const inventory = join(FIXTURES, "fleet.yml");
    const run = await runBinary(["fleet", "--config", config.path, "--inventory", inventory, "--json"], { env: githubEnv(emulator), cwd: config.dir });
    expect(run.code, run.stderr).toBe(1);
    const data = JSON.parse(run.stdout) as { ok: boolean; inventory: FleetInventory };
    // The groups themselves are fine: the exit 1 is the inventory's.
    expect(data.ok).toBe(true);
    expect(data.inventory.ok).toBe(false);
    expect(data.inventory.declared).toBe(5);
    expect(data.inventory.missing).toEqual([
      { host: "runner-a3", runner: "prod-a-3", expected_group: "prod-primary", where: expect.stringMatching(/fleet\.yml:18:\d+$/) },
    ]);
    expect(data.inventory.wrong_group).toEqual([
      { host: "prod-b-2", runner: "prod-b-2", expected_group: "prod-secondary", group: "Default", where: expect.stringMatching(/fleet\.yml:26:\d+$/) },
    ]);
    expect(data.inventory.extra).toEqual([{ runner: "prod-b-3", group: "prod-secondary", status: "offline", busy: true }]);
    const text = await runBinary(["fleet", "--config", config.path, "--inventory", inventory], { env: githubEnv(emulator), cwd: config.dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("inventory");
    expect(text.stdout).toContain("5 runner host(s) declared, 5 runner(s) registered — 3 mismatch(es): 1 missing, 1 extra, 1 in the wrong group");
    expect(text.stdout).toMatch(/missing: prod-a-3 \(host runner-a3, \S*fleet\.yml:18:\d+\) is declared for group prod-primary but not registered on GitHub/);
    expect(text.stdout).toMatch(/wrong group: prod-b-2 \(host prod-b-2, \S*fleet\.yml:26:\d+\) sits in group Default, the inventory says group prod-secondary/);
    expect(text.stdout).toContain("extra: prod-b-3 is registered in group prod-secondary (offline, busy) but no runner host of the inventory declares it");
  });

  it("an inventory that agrees with the fleet: exit 0; one without runner hosts is bad input (exit 2)", async () => {
    const run = await runBinary(["fleet", "--config", config.path, "--inventory", join(FIXTURES, "agreeing.yml"), "--json"], {
      env: githubEnv(emulator),
      cwd: config.dir,
    });
    expect(run.code, run.stdout).toBe(0);
    const data = JSON.parse(run.stdout) as { inventory: FleetInventory };
    expect(data.inventory).toMatchObject({ ok: true, declared: 5, registered: 5, missing: [], extra: [], wrong_group: [] });
    const none = await runBinary(["fleet", "--config", config.path, "--inventory", join(config.dir, "hosts")], { env: githubEnv(emulator), cwd: config.dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("declares no runner host: none of its groups runner_primary, runner_secondary has a host");
  });
});
