/** Failure signatures and the classifier: each signature on an example of its own, precedence, and the CLI. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyJob, type JobFacts } from "../../src/diagnose/classify.js";
import { FAILURE_CLASSES, SIGNATURES } from "../../src/diagnose/signatures.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { repoRoot, runBinary, runInProcess } from "../helpers/cli.js";
import { configFile, githubEnv } from "../route/helpers.js";
import { call, exampleScenario, startEmulator } from "../sandbox/helpers.js";

const failed = (extra: Partial<JobFacts> = {}): JobFacts => ({ status: "completed", conclusion: "failure", started: true, annotations: [], log: "", runner: { status: "online", busy: false }, ...extra });
const annotated = (...messages: string[]) => failed({ annotations: messages.map((message) => ({ message, title: null })) });

/** One example per signature, in GitHub's (or Ansible's) own words. */
const EXAMPLES: Record<string, JobFacts> = {
  "runner-lost-communication": annotated(
    "The self-hosted runner: prod-a-1 lost communication with the server. Verify the machine is running and has a healthy network connection. Anything in your workflow that terminates the runner process, starves it for CPU/Memory, or blocks its network access can cause this error.",
  ),
  "runner-shutdown-signal": annotated("The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.", "Process completed with exit code 143."),
  "runner-os-shutdown": annotated("Operating system is shutting down for computer 'prod-a-1'"),
  "runner-not-acquired": annotated("The job was not acquired by Runner of type self-hosted even after multiple attempts"),
  "runner-none-online": annotated("This request was automatically failed because there were no enabled runners online to process the request for more than 1 days."),
  "runner-disk-full": annotated("You are running out of disk space. The runner will stop working when the machine runs out of disk space. Free space left: 12 MB"),
  "runner-no-space-left": failed({ log: "ERROR! Unexpected Exception: [Errno 28] No space left on device: '/home/runner/.ansible/tmp'" }),
  "deploy-interrupted": failed({ conclusion: "cancelled", log: "TASK [app : copy]\nrunwarden deploy: interrupted by SIGTERM: the command was stopped\n" }),
  "runner-died-mid-job": failed({ runner: { status: "offline", busy: true } }),
  "runner-offline-after-failure": failed({ runner: { status: "offline", busy: false } }),
  "job-never-started": failed({ started: false, runner: undefined }),
  "github-internal-error": annotated("GitHub Actions has encountered an internal error when running your job."),
  "runner-log-missing": failed({ log: null }),
  "ansible-task-failed": failed({ log: 'TASK [app : restart]\nfatal: [web-1]: FAILED! => {"msg": "boom"}\nPLAY RECAP\nweb-1 : ok=3 changed=1 unreachable=0 failed=1' }),
  "ansible-host-unreachable": annotated("fatal: [web-2]: UNREACHABLE! => {\"changed\": false, \"msg\": \"Failed to connect to the host via ssh\"}"),
  "runwarden-gate-failed": failed({ annotations: [{ message: "production: version live on every host failed 6 of 6", title: "runwarden gate" }] }),
  "runwarden-preflight-failed": failed({ annotations: [{ message: "disk /: 2 GiB free, needs 5GiB", title: "runwarden preflight" }] }),
  "job-timeout": failed({ conclusion: "timed_out", annotations: [{ message: "The job running on runner prod-a-1 has exceeded the maximum execution time of 30 minutes.", title: null }] }),
  "concurrency-superseded": failed({ conclusion: "cancelled", annotations: [{ message: "Canceling since a higher priority waiting request for 'deploy-production' exists", title: null }] }),
  "cancelled-by-user": failed({ conclusion: "cancelled", annotations: [{ message: "The run was canceled by @alice.", title: null }] }),
  "operation-canceled": failed({ conclusion: "cancelled", annotations: [{ message: "The operation was canceled.", title: null }] }),
  "step-failed": annotated("Process completed with exit code 2."),
};

describe("failure signatures", () => {
  it("every signature has an example here, a known class, and a line in docs/failover.md", () => {
    const doc = readFileSync(join(repoRoot, "docs", "failover.md"), "utf8");
    expect(Object.keys(EXAMPLES).sort()).toEqual(SIGNATURES.map((s) => s.id).sort());
    for (const signature of SIGNATURES) {
      expect(FAILURE_CLASSES).toContain(signature.class);
      expect(doc, `docs/failover.md does not list ${signature.id}`).toContain(`| \`${signature.id}\` | ${signature.class} |`);
    }
    expect(new Set(SIGNATURES.map((s) => s.id)).size).toBe(SIGNATURES.length);
  });

  it.each(SIGNATURES.map((s) => [s.id, s.class] as const))("%s is recognised on its example and decides it (%s)", (id, cls) => {
    const result = classifyJob(EXAMPLES[id] ?? failed());
    expect(result.signature?.id).toBe(id);
    expect(result.class).toBe(cls);
    expect(result.failover).toBe(cls === "runner" || cls === "infrastructure");
  });

  it("no evidence means no failover; a job that did not fail is 'none'", () => {
    expect(classifyJob(failed())).toMatchObject({ class: "unknown", failover: false, signature: null });
    expect(classifyJob(failed({ conclusion: "success" }))).toMatchObject({ class: "none", failover: false });
    expect(classifyJob(failed({ status: "in_progress", conclusion: null }))).toMatchObject({ class: "unknown", failover: false });
  });

  it("precedence: an application or guard signature vetoes a runner one; generic ones only count alone", () => {
    const both = annotated("The runner has received a shutdown signal.", "fatal: [web-1]: FAILED! => {}");
    expect(classifyJob(both)).toMatchObject({ class: "application", failover: false });
    const cancelled = failed({ conclusion: "cancelled", annotations: [{ message: "The run was canceled by @alice.", title: null }], runner: { status: "offline", busy: true } });
    expect(classifyJob(cancelled)).toMatchObject({ class: "guard", failover: false });
    // A killed step exits 143: the generic exit-code signature does not outweigh the shutdown.
    expect(classifyJob(EXAMPLES["runner-shutdown-signal"] ?? failed())).toMatchObject({ class: "runner", failover: true });
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
    const run = await runInProcess(["diagnose", "--config", config.path, "--run-id", String(failedRun), "--job", "deploy", "--classify"], { env: githubEnv(emulator), cwd: config.dir });
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
    const json = await runInProcess(["diagnose", "-c", config.path, "--run-id", String(failedRun), "--job", "deploy", "--classify", "--json"], { env: githubEnv(emulator), cwd: config.dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ class: "runner", failover: true, job: { name: "deploy", conclusion: "failure" }, evidence: { log: "missing" } });
  });

  it("bad input: no --classify, no run id, an unknown job (exit 2, naming the jobs)", async () => {
    const env = githubEnv(emulator);
    const bare = await runInProcess(["diagnose", "--config", config.path, "--run-id", String(failedRun), "--job", "deploy"], { env, cwd: config.dir });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("only classifies a failed job so far: add --classify");
    const noRun = await runInProcess(["diagnose", "--config", config.path, "--job", "deploy", "--classify"], { env, cwd: config.dir });
    expect(noRun.code).toBe(2);
    const unknown = await runInProcess(["diagnose", "--config", config.path, "--run-id", String(failedRun), "--job", "deploy-primary", "--classify"], { env, cwd: config.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("has no job named 'deploy-primary'");
    expect(unknown.stderr).toContain("its jobs: route, deploy, verify");
  });

  it("the bundled executable: --help is honest about what diagnose does today", async () => {
    const help = await runBinary(["diagnose", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("The full incident report");
    expect(help.stdout).toContain("Examples:");
  });
});
