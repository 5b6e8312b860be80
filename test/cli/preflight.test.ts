/**
 * `runwarden preflight` end to end: runwarden.yml and an Ansible inventory written here (addresses
 * on loopback, `prometheus_url` an inventory variable), real servers (HTTP, one hanging, HTTPS with
 * an expired certificate), a real Prometheus with an alerting rule, the GitHub API emulator for the
 * `github` check. In-process, plus one run of the built executable. Nothing waits a fixed time: Ctrl-C
 * is sent when the hanging host has received the probe's request.
 */
import { EventEmitter, once } from "node:events";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { Masker } from "../../src/mask/index.js";
import type { CheckResult } from "../../src/model/check.js";
import { createMemoryIo } from "../../src/output/memory-io.js";
import { parseScenario } from "../../src/sandbox/github/scenario.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { runBinary, runInProcess, startBinary } from "../helpers/cli.js";
import { startExporter, startPrometheus, type Exporter, type PrometheusServer } from "../helpers/prometheus.js";
import { closedPort, makeCertificate, startHttpServer, startHttpsServer, startVersionServer, type TestServer } from "../helpers/servers.js";
import { startEmulator } from "../sandbox/helpers.js";

const SHA = "3f9c2e1d0b8a4c5e6f7a8b9c0d1e2f3a4b5c6d7e";
const SECRET = "deploy-key-material-0123456789";
const GROUP = "    runner_groups: [{ name: primary, labels: [self-hosted] }]\n";
const RULES = `groups:
  - name: app
    rules:
      - alert: AppDown
        expr: app_down > 0
      - alert: Watchdog
        expr: vector(1)
`;
const SCENARIO = `org: acme
repository: platform
branches:
  - name: main
    rules: [{ type: pull_request }]
  - name: release
    protection: { required_approving_review_count: 1 }
  - name: feature
    rules: [{ type: creation }]
environments:
  - name: production
    reviewers: [alice]
`;

interface PreflightJson {
  environment: string;
  verdict: "pass" | "fail" | "error";
  counts: Record<string, number>;
  duration_ms: number;
  deadline_ms: number;
  results: CheckResult[];
}

let dir: string;
let config: string;
let exporter: Exporter;
let prometheus: PrometheusServer;
let emulator: RunningEmulator;
let web: TestServer[];
let hanging: TestServer;
let expired: TestServer;
let expiring: TestServer;
let closed: number;
/** Emits `request` for each request the hanging host receives (and never answers): a probe has started. */
const hangingHost = new EventEmitter();

function env(name: string, hosts: string, checks: readonly string[]): string {
  return `  ${name}:\n    hosts: ${hosts}\n${GROUP}    preflight:\n${checks.map((check) => `      - ${check}\n`).join("")}`;
}

async function preflight(args: readonly string[], envVars: Record<string, string> = {}): Promise<{ code: number; json: PreflightJson; stderr: string }> {
  const run = await runInProcess(["preflight", "--config", config, "--json", ...args], { env: { PATH: process.env.PATH ?? "", ...envVars } });
  return { code: run.code, json: JSON.parse(run.stdout) as PreflightJson, stderr: run.stderr };
}

const statuses = (json: PreflightJson) => Object.fromEntries(json.results.map((r) => [r.id, r.status]));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-preflight-cli-"));
  exporter = await startExporter();
  exporter.set("app_down", 0);
  exporter.set("app_replicas", 3);
  const now = Date.now();
  [prometheus, web, hanging, emulator, closed] = await Promise.all([
    startPrometheus({ targets: [`${exporter.host}:${exporter.port}`], rules: RULES }),
    Promise.all(["127.0.0.1", "127.0.0.2"].map((host) => startVersionServer(SHA, host))),
    startHttpServer(() => hangingHost.emit("request"), "127.0.0.3"),
    startEmulator(parseScenario(SCENARIO, "scenario.yml")),
    closedPort(),
  ]);
  expired = await startHttpsServer(makeCertificate(join(dir, "ca-expired"), new Date(now - 60 * 86_400_000), new Date(now - 30 * 86_400_000)));
  expiring = await startHttpsServer(makeCertificate(join(dir, "ca-expiring"), new Date(now - 86_400_000), new Date(now + 5 * 86_400_000)));
  await prometheus.waitFor('ALERTS{alertname="Watchdog", alertstate="firing"}', (v) => v === "1");

  writeFileSync(
    join(dir, "hosts"),
    [
      "[web]",
      ...web.map((server, i) => `web-0${i + 1} ansible_host=${server.host} app_port=${server.port}`),
      "[stuck]",
      `web-03 ansible_host=${hanging.host} app_port=${hanging.port}`,
      "[down]",
      `web-04 ansible_host=127.0.0.1 app_port=${closed}`,
      "[tls]",
      `tls-expired ansible_host=127.0.0.1 tls_port=${expired.port}`,
      `tls-expiring ansible_host=127.0.0.1 tls_port=${expiring.port}`,
      "",
    ].join("\n"),
  );
  mkdirSync(join(dir, "group_vars"));
  writeFileSync(join(dir, "group_vars", "all.yml"), `prometheus_url: ${prometheus.url}\n`);
  writeFileSync(join(dir, "deploy.yml"), "- hosts: all\n");
  config = join(dir, "runwarden.yml");
  writeFileSync(
    config,
    [
      "inventory: hosts",
      "monitoring:",
      '  prometheus_url: "{{ prometheus_url }}"',
      "mask: { secrets: [DEPLOY_KEY] }",
      "environments:",
      env("healthy", "web", [
        "disk: { path: ., min_free: 1MiB }",
        "memory: { min_available: 1MiB }",
        "load: { max_15m: 1000 }",
        'command: { program: node, min_version: "18" }',
        "file: { path: deploy.yml }",
        "inventory: { forbid_loopback: false, min_hosts: 2, require_vars: [ansible_host, app_port] }",
        "secrets: {}",
        'tcp: { each_host: true, port: "{{ app_port }}" }',
        'http: { url: "http://{{ ansible_host }}:{{ app_port }}/version", each_host: true, json: { path: $.sha, equals: "{{ sha }}" }, max_latency: 30s }',
        "dns: { host: localhost }",
        "prometheus: { query: 'sum(app_replicas)', condition: \"result >= 2\", no_firing_alerts: true, ignore_alerts: [Watchdog] }",
      ]),
      env("failing", "web:down", [
        "inventory: {}",
        'tcp: { each_host: true, port: "{{ app_port }}" }',
        "prometheus: { no_firing_alerts: true }",
        "load: { max_1m: 1000, warn_only: true }",
        "memory: { name: impossible memory, min_available: 100%, warn_only: true }",
      ]),
      env("warned", "web", ['tcp: { each_host: true, port: "{{ app_port }}" }', "file: { path: /nonexistent/maintenance-off, warn_only: true }"]),
      env("remote-only", "web", ['tcp: { each_host: true, port: "{{ app_port }}" }']),
      env("hang", "stuck", [
        'http: { url: "http://{{ ansible_host }}:{{ app_port }}/health", each_host: true, timeout: 10s }',
        "memory: { min_available: 1MiB }",
      ]),
      // With --concurrency 1 the hanging probe starts only once the memory check has finished.
      env("hang-last", "stuck", [
        "memory: { min_available: 1MiB }",
        'http: { url: "http://{{ ansible_host }}:{{ app_port }}/health", each_host: true, timeout: 10s }',
      ]),
      `${env("hang-configured", "stuck", ['http: { url: "http://{{ ansible_host }}:{{ app_port }}/health", each_host: true, timeout: 10s }'])}    preflight_deadline: 400ms\n`,
      env("tls", "tls", ['http: { url: "https://{{ ansible_host }}:{{ tls_port }}/", each_host: true, tls_verify: false, min_cert_days: 14 }']),
      env("tls-verified", "tls", ['http: { url: "https://{{ ansible_host }}:{{ tls_port }}/", each_host: true }']),
      env("production", "web", ["github: { min_rate_limit: 10, protected_branch: true, required_reviewers: true }"]),
      env("empty", "web", []).replace("    preflight:\n", "    preflight: []\n"),
      "",
    ].join("\n"),
  );
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await Promise.all([
    exporter?.close(),
    hanging?.close(),
    expired?.close(),
    expiring?.close(),
    emulator?.close(),
    ...(web ?? []).map((server) => server.close()),
  ]);
  rmSync(dir, { recursive: true, force: true });
});

describe("runwarden preflight", () => {
  it("passes (exit 0) when every check passes: runner, inventory, hosts, secrets, monitoring", async () => {
    const { code, json } = await preflight(["-e", "healthy", "--sha", SHA], { DEPLOY_KEY: SECRET });
    expect(json.results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ environment: "healthy", verdict: "pass", deadline_ms: 60_000 });
    expect(json.results.map((r) => r.id)).toEqual([
      "disk .",
      "memory",
      "load",
      "command node",
      "file deploy.yml",
      "inventory",
      "secrets",
      "tcp [web-01]",
      "tcp [web-02]",
      "http [web-01]",
      "http [web-02]",
      "dns A localhost",
      "prometheus",
    ]);
    const byId = Object.fromEntries(json.results.map((r) => [r.id, r.summary]));
    expect(byId["prometheus"]).toBe(`Prometheus ${prometheus.url}: ready; result = 3: result >= 2 holds; no alerts firing`);
    expect(byId["inventory"]).toBe("pattern 'web': 2 host(s), none on loopback, ansible_host, app_port set");
    expect(byId["secrets"]).toBe("1 secret(s) set: DEPLOY_KEY");
    expect(byId["load"]).toMatch(/^load per CPU: 1m \d+\.\d\d, 5m \d+\.\d\d, 15m \d+\.\d\d \(\d+ CPU\(s\)\)$/);
  });

  it("--local: only the checks of this runner host, for a job-started hook (no secrets, targets, DNS or Prometheus)", async () => {
    const { code, json } = await preflight(["-e", "healthy", "--local"], {});
    expect(code).toBe(0);
    expect(json.results.map((r) => r.id)).toEqual(["disk .", "memory", "load", "command node", "file deploy.yml"]);
    const failing = await preflight(["-e", "failing", "--local"], {});
    expect(failing.json.results.map((r) => r.id)).toEqual(["load", "impossible memory"]);
    const none = await runInProcess(["preflight", "--config", config, "-e", "remote-only", "--local"], { env: { PATH: process.env.PATH ?? "" } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no preflight check of this runner host");
  });

  it("fails (exit 1): loopback targets, a refused port, a firing alert — each named; warn_only never blocks", async () => {
    exporter.set("app_down", 1);
    await prometheus.waitFor('ALERTS{alertname="AppDown", alertstate="firing"}', (v) => v === "1");
    try {
      const { code, json } = await preflight(["-e", "failing"]);
      expect(code).toBe(1);
      expect(json.verdict).toBe("fail");
      const byId = Object.fromEntries(json.results.map((r) => [r.id, r]));
      expect(byId["inventory"]?.summary).toBe("3 host(s) on loopback: web-01, web-02, web-04 — the deploy would not reach production");
      expect(statuses(json)).toMatchObject({
        "tcp [web-01]": "pass",
        "tcp [web-02]": "pass",
        "tcp [web-04]": "fail",
        "impossible memory": "warn",
        load: "pass",
      });
      expect(byId["tcp [web-04]"]?.summary).toBe(`127.0.0.1:${closed}: connection refused`);
      expect(byId["prometheus"]?.summary).toBe("2 alert(s) firing: AppDown, Watchdog");
      expect(byId["impossible memory"]?.summary).toMatch(/need at least 100 % \(warn_only: was fail\)$/);
    } finally {
      exporter.set("app_down", 0);
    }
    const warned = await preflight(["-e", "warned"]);
    expect([warned.code, warned.json.verdict, warned.json.counts]).toEqual([0, "pass", { pass: 2, warn: 1, fail: 0, error: 0 }]);
  });

  it("a hanging host is bounded by the deadline: exit 3 (could not tell), never 0", async () => {
    // The host never answers and the probe's own timeout is 10 s: the report says the deadline ended it.
    const { code, json } = await preflight(["-e", "hang", "--deadline", "2s"]);
    expect(code).toBe(3);
    expect(json.verdict).toBe("error");
    expect(json.deadline_ms).toBe(2000);
    expect(statuses(json)).toEqual({ "http [web-03]": "error", memory: "pass" });
    expect(json.results[0]?.summary).toBe("not finished: preflight deadline of 2 s passed");
  });

  it("the environment's preflight_deadline bounds it when no --deadline is given", async () => {
    const { code, json } = await preflight(["-e", "hang-configured"]);
    expect(code).toBe(3);
    expect(json.deadline_ms).toBe(400);
    expect(json.results[0]?.summary).toBe("not finished: preflight deadline of 400 ms passed");
    expect((await preflight(["-e", "hang-configured", "--deadline", "300ms"])).json.deadline_ms).toBe(300);
  });

  it("Ctrl-C ends a hanging preflight at once with what it has: exit 3, the hung check an error", async () => {
    // Sent once the hanging host has the probe's request; neither the 10 s timeout nor the 60 s deadline can have ended it.
    const probing = once(hangingHost, "request");
    const running = startBinary(["preflight", "--config", config, "-e", "hang-last", "--concurrency", "1", "--deadline", "60s", "--json"]);
    await Promise.race([probing, running.done.then((early) => Promise.reject(new Error(`exited before probing (${early.code}): ${early.stderr}`)))]);
    running.child.kill("SIGINT");
    const run = await running.done;
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout) as PreflightJson;
    expect(json.verdict).toBe("error");
    expect(statuses(json)).toEqual({ "http [web-03]": "error", memory: "pass" });
    expect(json.results.find((result) => result.status === "error")?.summary).toBe("not finished: interrupted by SIGINT");
  });

  it("TLS: an expired certificate fails; one expiring within min_cert_days fails, saying when", async () => {
    const { code, json } = await preflight(["-e", "tls"]);
    expect(code).toBe(1);
    const byId = Object.fromEntries(json.results.map((r) => [r.id, r.summary]));
    expect(byId["http [tls-expired]"]).toMatch(/^TLS certificate expired 30 day\(s\) ago \(\d{4}-\d\d-\d\d\)$/);
    expect(byId["http [tls-expiring]"]).toMatch(/^TLS certificate expires in 4 day\(s\) \(\d{4}-\d\d-\d\d\), below 14$/);
    const verified = await preflight(["-e", "tls-verified"]);
    expect(Object.fromEntries(verified.json.results.map((r) => [r.id, r.summary]))["http [tls-expired]"]).toMatch(/: TLS certificate has expired$/);
  });

  it("github: the branch protected by rules (or classic protection), the environment with reviewers — via the GitHub layer", async () => {
    const github = { GITHUB_API_URL: emulator.url, GITHUB_TOKEN: emulator.token, GITHUB_REPOSITORY: "acme/platform" };
    const main = await preflight(["-e", "production"], { ...github, GITHUB_REF_NAME: "main" });
    expect(main.code).toBe(0);
    expect(main.json.results[0]?.summary).toMatch(/^\d+\/5000 API requests left until .*; branch main is protected; environment production requires review$/);
    const release = await preflight(["-e", "production"], { ...github, GITHUB_REF_NAME: "release" });
    expect(release.code).toBe(0);
    // A ruleset that only restricts creating the branch does not protect it.
    const feature = await preflight(["-e", "production"], { ...github, GITHUB_REF_NAME: "feature" });
    expect([feature.code, feature.json.results[0]?.summary]).toEqual([1, "branch feature is not protected"]);
    const noToken = await preflight(["-e", "production"], { GITHUB_REF_NAME: "main" });
    expect(noToken.code).toBe(3);
    expect(noToken.json.results[0]?.summary).toMatch(/^no GitHub client: no GitHub credentials: neither RUNWARDEN_GITHUB_TOKEN nor GITHUB_TOKEN is set/);
    // The token was registered with the masker and appears nowhere.
    expect(JSON.stringify(main.json)).not.toContain(emulator.token);
  });

  it("text: a table worst first, with evidence; secrets never printed", async () => {
    const run = await runInProcess(["preflight", "--config", config, "-e", "failing"], { env: { DEPLOY_KEY: SECRET } });
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/^✗ preflight failing: NOT ready — 7 check\(s\): 3 pass, 1 warn, 3 fail in .* \(deadline 1m00s\)$/);
    expect(lines[2]).toMatch(/^status\s+check\s+summary\s+time$/);
    expect(lines[3]).toMatch(/^✗ fail\s+inventory\s+3 host\(s\) on loopback/);
    expect(run.stdout).toMatch(/evidence:\n {2}tcp \[web-04\]\n {4}ECONNREFUSED/);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it("in GitHub Actions: outputs, a step summary table, an annotation per check that did not pass", async () => {
    const output = join(dir, "github-output");
    const summary = join(dir, "step-summary");
    const run = await runInProcess(["preflight", "--config", config, "-e", "warned"], {
      env: { GITHUB_ACTIONS: "true", GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^::warning title=preflight warn%3A file \/nonexistent\/maintenance-off::\/nonexistent\/maintenance-off does not exist \(warn_only: was fail\)$/m,
    );
    const outputs = readFileSync(output, "utf8");
    expect(outputs).toMatch(/^verdict<<ghadelimiter_[\w-]+\npass\n/m);
    expect(outputs).toMatch(/^warnings<<ghadelimiter_[\w-]+\n1\n/m);
    expect(readFileSync(summary, "utf8")).toMatch(
      /### runwarden preflight warned: ready — 3 check\(s\)[\s\S]*\| ⚠️ warn \| file \/nonexistent\/maintenance-off \|/,
    );
  });

  it("bad input is exit 2: an unknown environment, no checks, a bad flag", async () => {
    const unknown = await runInProcess(["preflight", "--config", config, "-e", "nowhere"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no environment 'nowhere'");
    expect(unknown.stderr).toContain("hint: choose one of: healthy, failing");
    const empty = await runInProcess(["preflight", "--config", config, "-e", "empty"]);
    expect([empty.code, empty.stderr.includes("RW_NO_CHECKS")]).toEqual([2, true]);
    const flag = await runInProcess(["preflight", "--config", config, "-e", "healthy", "--deadline", "soon"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--deadline takes a duration such as 500ms, 10s, 15m or 1h30m");
  });

  it("shows progress on a terminal", async () => {
    const masker = new Masker();
    const io = createMemoryIo(masker, { env: { NO_COLOR: "1" }, isTTY: true });
    const code = await runCli(["preflight", "--config", config, "-e", "hang", "--deadline", "1300ms"], io);
    await io.close();
    expect(code).toBe(3);
    expect(io.stderrText()).toMatch(/\r\u001b\[2K. preflight hang: 2 check\(s\)/);
  });

  it("the built executable runs it end to end", async () => {
    const run = await runBinary(["preflight", "--config", config, "-e", "healthy", "--json"], { env: { GITHUB_SHA: SHA, DEPLOY_KEY: SECRET } });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as PreflightJson).counts).toEqual({ pass: 13, warn: 0, fail: 0, error: 0 });
  });
});
