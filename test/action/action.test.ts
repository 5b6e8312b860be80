/**
 * The GitHub Action: action.yml validated by GitHub's action parser, the committed bundle equal to a
 * fresh build, and the bundle run the way the runner runs it (INPUT_* variables, $GITHUB_OUTPUT)
 * against the emulator — on this machine's Node (20; action.yml asks for node24, the code targets both).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NoOperationTraceWriter } from "@actions/workflow-parser";
import { parseAction } from "@actions/workflow-parser/actions/index";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { bundleAction } from "../../scripts/build-action.mjs";
import { ACTION_INPUTS, actionArgv, GENERAL_INPUTS } from "../../src/cli/action-inputs.js";
import { routeOutputs } from "../../src/cli/commands/route/render.js";
import { UsageError } from "../../src/model/errors.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { repoRoot } from "../helpers/cli.js";
import { thrown } from "../helpers/thrown.js";
import { configFile, parseOutputs } from "../route/helpers.js";
import { exampleScenario, startEmulator } from "../sandbox/helpers.js";

const actionText = readFileSync(join(repoRoot, "action.yml"), "utf8");
const action = parseYaml(actionText) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
};
const bundlePath = join(repoRoot, action.runs.main);

function runAction(inputs: Record<string, string>, env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundlePath], { cwd, env: { PATH: process.env.PATH ?? "", ...env, ...inputEnv }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe("action.yml", () => {
  it("validates against GitHub's action schema, runs on node24 from the committed bundle", () => {
    const result = parseAction({ name: "action.yml", content: actionText }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    expect(action.runs).toEqual({ using: "node24", main: "action/dist/index.mjs" });
  });

  it("declares every input the entry point reads, and every output route writes", () => {
    // The one list of inputs is the registry's (ACTION_INPUTS); test/cli/registry.test.ts checks the rest.
    expect(Object.keys(action.inputs).sort()).toEqual([...GENERAL_INPUTS, ...Object.keys(ACTION_INPUTS)].sort());
    const written = Object.keys(
      routeOutputs({
        environment: "p",
        group: "a",
        github_group: "g",
        labels: ["x"],
        failover: false,
        drill: false,
        unchecked: false,
        reasons: [],
        next: [],
        groups: [],
      }),
    );
    for (const name of [...written, "class", "signature", "healthy", "stuck", "rerouted"]) expect(Object.keys(action.outputs), name).toContain(name);
  });

  it("the committed bundle is what scripts/build-action.mjs builds from these sources", async () => {
    const fresh = await bundleAction();
    const committed = readFileSync(bundlePath, "utf8");
    expect(committed === fresh, "action/dist/index.mjs is stale: run `node scripts/build-action.mjs` and commit it").toBe(true);
  });
});

describe("inputs → command line", () => {
  const env = (inputs: Record<string, string>) => Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));

  it("maps each command's inputs to its flags", () => {
    expect(actionArgv(env({ command: "route", environment: "production", exclude: "primary\n", config: "ops/runwarden.yml" }))).toEqual([
      "route",
      "--config",
      "ops/runwarden.yml",
      "--environment",
      "production",
      "--exclude",
      "primary",
    ]);
    expect(actionArgv(env({ command: "diagnose", job: "deploy-primary", classify: "true", "dry-run": "false" }))).toEqual([
      "diagnose",
      "--config",
      "runwarden.yml",
      "--job",
      "deploy-primary",
      "--classify",
    ]);
    expect(actionArgv(env({ command: "watchdog", "dry-run": "TRUE", args: "--json" }))).toEqual([
      "watchdog",
      "--config",
      "runwarden.yml",
      "--once",
      "--dry-run",
      "--json",
    ]);
    expect(actionArgv(env({ command: "config-validate" }))).toEqual(["config", "validate", "--config", "runwarden.yml"]);
    expect(actionArgv(env({ command: "gate", environment: "production", sha: "3f9c2e1", phase: "pre", deadline: "10m" }))).toEqual([
      "gate",
      "--config",
      "runwarden.yml",
      "--environment",
      "production",
      "--sha",
      "3f9c2e1",
      "--phase",
      "pre",
      "--deadline",
      "10m",
    ]);
    expect(() => actionArgv(env({ command: "route", phase: "pre" }))).toThrow(/input 'phase' is not used by command 'route'/);
  });

  it("refuses an unknown command, an input the command does not take, a boolean that is not one", () => {
    expect(thrown(UsageError, () => actionArgv(env({ command: "rollback" }))).message).toContain(
      "input 'command' must be one of config-validate, fleet, route,",
    );
    expect(thrown(UsageError, () => actionArgv(env({ command: "route", job: "x" }))).message).toBe(
      "input 'job' is not used by command 'route' (it takes: environment, force-group, exclude)",
    );
    expect(thrown(UsageError, () => actionArgv(env({ command: "diagnose", classify: "yes" }))).message).toBe(
      "input 'classify' must be true or false, found 'yes'",
    );
  });
});

describe("the bundle, run as the runner runs it", () => {
  let emulator: RunningEmulator;
  const config = configFile();
  beforeAll(async () => {
    emulator = await startEmulator(exampleScenario("failover.yml"));
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("command: route — outputs for runs-on, the github-token input used and masked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-action-"));
    const env = {
      GITHUB_ACTIONS: "true",
      GITHUB_API_URL: emulator.url,
      GITHUB_OUTPUT: join(dir, "output"),
      GITHUB_STEP_SUMMARY: join(dir, "summary"),
      GITHUB_WORKFLOW_REF: "acme/platform/.github/workflows/deploy.yml@refs/heads/main",
      RUNWARDEN_DEBUG: "1",
    };
    const run = await runAction({ command: "route", environment: "production", config: config.path, "github-token": emulator.token }, env, config.dir);
    expect(run.code, run.stderr).toBe(0);
    expect(parseOutputs(readFileSync(env.GITHUB_OUTPUT, "utf8"))).toMatchObject({
      group: "prod-primary",
      name: "primary",
      failover: "false",
      labels: '["self-hosted","linux","x64","production"]',
    });
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, "utf8")).toContain("### runwarden route: production → `prod-primary` ✅");
    expect(`${run.stdout}${run.stderr}`).not.toContain(emulator.token);
  });

  it("a workflow mistake is exit 2 with a message, before anything runs", async () => {
    const run = await runAction({ command: "route", job: "deploy" }, { GITHUB_ACTIONS: "true" }, config.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("input 'job' is not used by command 'route'");
    expect(run.stdout).toMatch(/^::error title=RW_USAGE::/m);
  });
});
