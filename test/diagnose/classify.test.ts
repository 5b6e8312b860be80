/** Failure signatures and the classifier: each signature on an example of its own, precedence, and the CLI. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyJob, FAILOVER_CLASSES, matchSignatures, rankMatches, type JobFacts } from "../../src/diagnose/classify.js";
import { FAILURE_CLASSES, SIGNATURES } from "../../src/diagnose/signatures.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { repoRoot, runBinary, runInProcess } from "../helpers/cli.js";
import { configFile, githubEnv } from "../route/helpers.js";
import { call, exampleScenario, startEmulator } from "../sandbox/helpers.js";
import { FIXTURE_IDS, loadFixture } from "./fixtures.js";

const failed = (extra: Partial<JobFacts> = {}): JobFacts => ({
  status: "completed",
  conclusion: "failure",
  started: true,
  annotations: [],
  log: "",
  runner: { status: "online", busy: false },
  ...extra,
});
const annotated = (...messages: string[]) => failed({ annotations: messages.map((message) => ({ message, title: null })) });

describe("failure signatures", () => {
  it("every signature has a fixture case, a known class, and a section in docs/diagnose.md; no generic one can decide a failover", () => {
    const doc = readFileSync(join(repoRoot, "docs", "diagnose.md"), "utf8");
    expect(FIXTURE_IDS).toEqual(SIGNATURES.map((s) => s.id).sort());
    for (const signature of SIGNATURES) {
      expect(FAILURE_CLASSES).toContain(signature.class);
      expect(doc, `docs/diagnose.md does not document ${signature.id}`).toContain(`### \`${signature.id}\``);
      expect(doc, `docs/diagnose.md gives ${signature.id} another class`).toMatch(
        new RegExp(`### \`${signature.id}\`[^#]*?\\*\\*class\\*\\*: ${signature.class}\\b`),
      );
      if (signature.strength === "generic") expect(FAILOVER_CLASSES, signature.id).not.toContain(signature.class);
    }
    expect(new Set(SIGNATURES.map((s) => s.id)).size).toBe(SIGNATURES.length);
  });

  it.each(FIXTURE_IDS)("fixture %s: realistic annotations, log and _diag lines; the signature is ranked first", (id) => {
    const fixture = loadFixture(id);
    const result = classifyJob(fixture.facts);
    const signature = SIGNATURES.find((s) => s.id === id);
    expect(result.signature?.id, fixture.title).toBe(id);
    expect(result.class).toBe(signature?.class);
    expect(result.failover).toBe(signature?.strength === "specific" && (signature.class === "runner" || signature.class === "infrastructure"));
  });

  it("no evidence means no failover; a job that did not fail is 'none'", () => {
    expect(classifyJob(failed())).toMatchObject({ class: "unknown", failover: false, signature: null });
    expect(classifyJob(failed({ conclusion: "success" }))).toMatchObject({ class: "none", failover: false });
    expect(classifyJob(failed({ status: "in_progress", conclusion: null }))).toMatchObject({ class: "unknown", failover: false });
  });

  it("application, target and guard evidence always vetoes and leads; a killed step does not veto", () => {
    const both = annotated("The runner has received a shutdown signal.", "fatal: [web-1]: FAILED! => {}");
    expect(classifyJob(both)).toMatchObject({ class: "application", failover: false, signature: { id: "ansible-task-failed" } });
    const cancelled = failed({
      conclusion: "cancelled",
      annotations: [{ message: "The run was canceled by @alice.", title: null }],
      runner: { status: "offline", busy: true },
    });
    expect(classifyJob(cancelled)).toMatchObject({ class: "guard", failover: false });
    // A step that exited by itself (1) vetoes even a specific runner signature, and leads.
    const exited = failed({ annotations: [{ message: "Process completed with exit code 1.", title: null }], runner: { status: "offline", busy: true } });
    expect(classifyJob(exited)).toMatchObject({ class: "application", failover: false, signature: { id: "step-failed" } });
    expect(classifyJob(exited).matched.map((m) => m.id)).toEqual(["step-failed", "runner-died-mid-job", "runner-offline-after-failure"]);
    // A killed step exits 143: not an exit of its own, so the shutdown decides.
    const killed = annotated(
      "The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.",
      "Process completed with exit code 143.",
    );
    expect(classifyJob(killed)).toMatchObject({ class: "runner", failover: true, signature: { id: "runner-shutdown-signal" } });
    // The command stopped by runwarden itself did not exit by itself either.
    const stopped = failed({
      conclusion: "cancelled",
      annotations: [{ message: "Process completed with exit code 1.", title: null }],
      log: "runwarden deploy: interrupted by SIGTERM: the command was stopped\n",
    });
    expect(classifyJob(stopped)).toMatchObject({ class: "runner", signature: { id: "deploy-interrupted" } });
    // An unreachable host (target) leads over the deploy step's own exit (application, generic).
    expect(classifyJob(annotated("fatal: [web-3]: UNREACHABLE! => {}", "Process completed with exit code 1.")).signature?.id).toBe("ansible-host-unreachable");
  });

  it("an ephemeral runner offline after the job: never enough for a failover", () => {
    expect(classifyJob(failed({ runner: { status: "offline", busy: false } }))).toMatchObject({
      class: "unknown",
      failover: false,
      signature: { id: "runner-offline-after-failure" },
    });
    expect(classifyJob(failed({ log: null, runner: { status: "offline", busy: false } }))).toMatchObject({ class: "unknown", failover: false });
    const app = failed({ annotations: [{ message: "Process completed with exit code 1.", title: null }], runner: { status: "offline", busy: false } });
    expect(classifyJob(app)).toMatchObject({ class: "application", failover: false });
  });

  it("rankMatches: the deciding match first, the rest specific before generic", () => {
    const ranked = rankMatches(
      matchSignatures(annotated("The runner has received a shutdown signal.", "The operation was canceled.", "Process completed with exit code 143.")),
    );
    expect(ranked.map((m) => m.id)).toEqual(["runner-shutdown-cancel", "runner-shutdown-signal", "operation-canceled", "step-killed"]);
  });
});

describe("runwarden diagnose --classify", () => {
  let emulator: RunningEmulator;
  const config = configFile();
  let failedRun = 0;
  beforeAll(async () => {
    emulator = await startEmulator(exampleScenario("two-groups.yml"));
    const runs = (await call(emulator, "GET", "/repos/acme/platform/actions/runs")).body as { workflow_runs: { id: number; conclusion: string | null }[] };
    failedRun = runs.workflow_runs.find((run) => run.conclusion === "failure")?.id ?? 0;
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("the example's dead runner: class runner, failover, the signature and what to do", async () => {
    const run = await runInProcess(["diagnose", "--config", config.path, "--run-id", String(failedRun), "--job", "deploy", "--classify"], {
      env: githubEnv(emulator),
      cwd: config.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/classify deploy \(run \d+, attempt 1, job \d+\) — runner · failover: yes/);
    expect(run.stdout).toContain("→ runner-lost-communication (runner): annotation: The self-hosted runner: prod-b-3 lost communication");
    expect(run.stdout).toContain("log missing; prod-b-3 is offline and busy now");
    expect(run.stdout).toContain("what to do: the runner host died");
  });

  it("--json, and GITHUB_RUN_ID inside Actions with outputs", async () => {
    const out = configFile("");
    const env = githubEnv(emulator, { GITHUB_ACTIONS: "true", GITHUB_RUN_ID: String(failedRun), GITHUB_OUTPUT: join(out.dir, "output") });
    const run = await runInProcess(["diagnose", "--config", config.path, "--job", "deploy", "--classify"], { env, cwd: config.dir });
    expect(run.code).toBe(0);
    const outputs = readFileSync(env.GITHUB_OUTPUT, "utf8");
    expect(outputs).toMatch(/^class<<\S+\nrunner\n/m);
    expect(outputs).toMatch(/^failover<<\S+\ntrue\n/m);
    expect(outputs).toMatch(/^signature<<\S+\nrunner-lost-communication\n/m);
    const json = await runInProcess(["diagnose", "-c", config.path, "--run-id", String(failedRun), "--job", "deploy", "--classify", "--json"], {
      env: githubEnv(emulator),
      cwd: config.dir,
    });
    expect(JSON.parse(json.stdout)).toMatchObject({
      class: "runner",
      failover: true,
      job: { name: "deploy", conclusion: "failure" },
      evidence: { log: "missing" },
    });
  });

  it("bad input: no run id, an unknown job (exit 2, naming the jobs)", async () => {
    const env = githubEnv(emulator);
    const noRun = await runInProcess(["diagnose", "--config", config.path, "--job", "deploy", "--classify"], { env, cwd: config.dir });
    expect(noRun.code).toBe(2);
    const unknown = await runInProcess(["diagnose", "--config", config.path, "--run-id", String(failedRun), "--job", "deploy-primary", "--classify"], {
      env,
      cwd: config.dir,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("has no job named 'deploy-primary'");
    expect(unknown.stderr).toContain("its jobs: route, deploy, verify");
  });

  it("the bundled executable: --help names the report's contract and the failover rule", async () => {
    const help = await runBinary(["diagnose", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("causes[0].class");
    expect(help.stdout).toContain('never for "runner offline after the failure" alone');
    expect(help.stdout).toContain("Examples:");
  });
});
