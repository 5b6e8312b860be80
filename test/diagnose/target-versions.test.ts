/**
 * Diagnose's targets collector reads each host's version through the version gate's probe: real HTTP
 * servers on loopback answer /version with different commits, the report shows every host's version
 * and ranks the skew (`target-version-skew`) with its evidence — through the library and the CLI.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { runCollectors } from "../../src/diagnose/budget.js";
import { collectTargets, type TargetsFindings } from "../../src/diagnose/collect-targets.js";
import { groupVersions, versionSkew } from "../../src/diagnose/target-versions.js";
import { loadEnvironment } from "../../src/preflight/environment.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { runInProcess } from "../helpers/cli.js";
import { closedPort, startHangingServer, startHttpServer, startVersionServer, type TestServer } from "../helpers/servers.js";
import { configFile, githubEnv, ROUTE_CONFIG } from "../route/helpers.js";
import { exampleScenario, startEmulator } from "../sandbox/helpers.js";

const NEW = "4f2c9e1d8b7a6c5e4f3a2b1c0d9e8f7a6b5c4d3e";
const OLD = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
const GATE = `    gates:
      - name: version-live
        version: { url: "http://{{ ansible_host }}:{{ version_port }}/version", json_path: $.sha, timeout: 2s }
`;

let servers: TestServer[] = [];
let inventory = "";
let dead = 0;
beforeAll(async () => {
  const [a, b, c] = await Promise.all([startVersionServer(NEW), startVersionServer(OLD), startVersionServer(NEW.slice(0, 8))]);
  const broken = await startHttpServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ build: "no sha here" }));
  });
  servers = [a, b, c, broken];
  dead = await closedPort();
  inventory = [
    "[production]",
    `web-1 ansible_host=127.0.0.1 ansible_port=${a.port} version_port=${a.port}`,
    `web-2 ansible_host=127.0.0.1 ansible_port=${b.port} version_port=${b.port}`,
    `web-3 ansible_host=127.0.0.1 ansible_port=${c.port} version_port=${c.port}`,
    `web-4 ansible_host=127.0.0.1 ansible_port=${broken.port} version_port=${broken.port}`,
    `web-5 ansible_host=127.0.0.1 ansible_port=${dead} version_port=${dead}`,
    "",
  ].join("\n");
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

function setup(gates = GATE): { dir: string; path: string } {
  const config = configFile(`${ROUTE_CONFIG}${gates}`);
  writeFileSync(join(config.dir, "hosts"), inventory);
  return config;
}

async function collect(
  path: string,
  env: Record<string, string>,
  budgetMs = 30_000,
): Promise<{ targets: TargetsFindings | undefined; missing: { source: string; reason: string }[] }> {
  const envSetup = loadEnvironment(loadConfig(path), "production");
  let targets: TargetsFindings | undefined;
  const result = await runCollectors(
    [
      {
        name: "targets",
        async run(ctx) {
          targets = await collectTargets(ctx, envSetup, env);
        },
      },
    ],
    budgetMs,
    Date.now,
  );
  return { targets, missing: [...result.missing] };
}

describe("diagnose: the version each target reports", () => {
  it("the library: every host's version through the gate's probe, grouped; skew against each other and the expected commit", async () => {
    const config = setup();
    const { targets, missing } = await collect(config.path, { GITHUB_SHA: NEW });
    const versions = targets?.versions;
    expect(versions?.gate).toBe("version-live");
    expect(versions?.expected).toBe(NEW);
    expect(versions?.hosts.map((h) => [h.host, h.version])).toEqual([
      ["web-1", NEW],
      ["web-2", OLD],
      ["web-3", NEW.slice(0, 8)],
      ["web-4", null],
      ["web-5", null],
    ]);
    expect(versions?.hosts.find((h) => h.host === "web-4")?.problem).toBe("the JSON has no $.sha");
    // The abbreviation counts as the full commit: two versions, not three.
    expect(versions?.versions).toEqual([
      { version: NEW, hosts: ["web-1", "web-3"] },
      { version: OLD, hosts: ["web-2"] },
    ]);
    expect(versions?.skew).toEqual([`2 versions across 3 hosts: ${NEW} (web-1, web-3); ${OLD} (web-2)`, `web-2 reports ${OLD}, expected ${NEW}`]);
    // The host that could not be asked is named under missing, with the probe's reason.
    const refused = missing.find((m) => m.source === `targets: web-5 version GET http://127.0.0.1:${dead}/version`);
    expect(refused?.reason).toMatch(/refused/i);
  });

  it("without a known commit the skew across hosts is still reported; without a version gate nothing is read and missing says why", async () => {
    const unknown = await collect(setup().path, {});
    expect(unknown.targets?.versions?.expected).toBeNull();
    expect(unknown.targets?.versions?.skew).toEqual([`2 versions across 3 hosts: ${NEW} (web-1, web-3); ${OLD} (web-2)`]);
    const none = await collect(setup("").path, {});
    expect(none.targets?.versions).toBeNull();
    expect(none.missing).toContainEqual({
      source: "targets: versions",
      reason: "environments.production.gates has no version gate (the probe that reads each host's version)",
    });
  });

  it("a host that never answers: named under missing with the gate's timeout, or with the budget when that runs out first", async () => {
    const hanging = await startHangingServer();
    try {
      const config = configFile(`${ROUTE_CONFIG}${GATE.replace("timeout: 2s", "timeout: 300ms")}`);
      writeFileSync(join(config.dir, "hosts"), `[production]\nweb-1 ansible_host=127.0.0.1 ansible_port=${hanging.port} version_port=${hanging.port}\n`);
      const { targets, missing } = await collect(config.path, {});
      expect(targets?.versions?.hosts).toEqual([
        { host: "web-1", url: `http://127.0.0.1:${hanging.port}/version`, version: null, problem: "no answer (see missing)" },
      ]);
      expect(missing).toContainEqual({
        source: `targets: web-1 version GET http://127.0.0.1:${hanging.port}/version`,
        reason: "no answer within 300 ms (the gate's timeout)",
      });
      const slow = configFile(`${ROUTE_CONFIG}${GATE.replace("timeout: 2s", "timeout: 10m")}`);
      writeFileSync(join(slow.dir, "hosts"), `[production]\nweb-1 ansible_host=127.0.0.1 ansible_port=${hanging.port} version_port=${hanging.port}\n`);
      const cut = await collect(slow.path, {}, 500);
      expect(cut.missing).toContainEqual({ source: `targets: web-1 version GET http://127.0.0.1:${hanging.port}/version`, reason: "budget" });
    } finally {
      await hanging.close();
    }
  });

  it("one version everywhere and the expected one: no skew", () => {
    const hosts = ["a", "b"].map((host) => ({ host, url: null, version: NEW, problem: null }));
    expect(groupVersions(hosts)).toEqual([{ version: NEW, hosts: ["a", "b"] }]);
    expect(versionSkew(hosts, NEW.slice(0, 7))).toEqual([]);
    expect(versionSkew(hosts, OLD)).toEqual([`a, b report ${NEW}, expected ${OLD}`]);
  });

  describe("the CLI", () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator(exampleScenario("two-groups.yml"));
    });
    afterAll(async () => {
      await emulator.close();
    });

    it("runwarden diagnose --json ranks target-version-skew with the versions as evidence; the text names it", async () => {
      const config = setup();
      const env = githubEnv(emulator, { GITHUB_SHA: NEW });
      const run = await runInProcess(["diagnose", "--config", config.path, "-e", "production", "--json"], { env, cwd: config.dir });
      expect(run.code, run.stderr).toBe(0);
      const data = JSON.parse(run.stdout) as {
        causes: { signature: string; class: string; evidence: { source: string; text: string }[] }[];
        targets: TargetsFindings;
      };
      const skew = data.causes.find((cause) => cause.signature === "target-version-skew");
      expect(skew?.class).toBe("target");
      expect(skew?.evidence.map((e) => e.text)).toEqual([
        `2 versions across 3 hosts: ${NEW} (web-1, web-3); ${OLD} (web-2)`,
        `web-2 reports ${OLD}, expected ${NEW}`,
      ]);
      expect(data.targets.versions?.hosts).toHaveLength(5);
      const text = await runInProcess(["diagnose", "--config", config.path, "-e", "production"], { env, cwd: config.dir });
      expect(text.stdout).toContain("the target hosts report different versions, or not the expected one — target (target-version-skew, 55 %)");
      expect(text.stdout).toContain(`2 versions across 3 hosts: ${NEW} (web-1, web-3); ${OLD} (web-2) [state: target-version-skew]`);
    });
  });
});
