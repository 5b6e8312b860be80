/**
 * `runwarden gate` end to end: a runwarden.yml and an Ansible inventory written here (addresses on
 * loopback, `prometheus_url` an inventory variable), a real Prometheus scraping an exporter whose
 * values the tests set, real HTTP(S) servers for the version-live and http gates (one hanging, one
 * with an expired certificate). In-process, plus one run of the built executable. Nothing here waits
 * a fixed time: a change mid-gate (a rising ratio, Prometheus stopping, Ctrl-C) is made when the
 * progress line of a measurement appears.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { Masker } from "../../src/mask/index.js";
import { createIo } from "../../src/output/io.js";
import { createMemoryIo } from "../../src/output/memory-io.js";
import { repoRoot, runBinary, runInProcess, startBinary } from "../helpers/cli.js";
import { startExporter, startPrometheus, type Exporter, type PrometheusServer } from "../helpers/prometheus.js";
import { makeCertificate, startHangingServer, startHttpsServer, startVersionServer, type TestServer } from "../helpers/servers.js";

const SHA = "3f9c2e1d0b8a4c5e6f7a8b9c0d1e2f3a4b5c6d7e";
const GROUP = "    runner_groups: [{ name: primary, labels: [self-hosted] }]\n";

interface GateJson {
  verdict: "pass" | "fail" | "error";
  sha: string | null;
  gates: {
    name: string;
    verdict: string;
    reason: string;
    probe: string;
    measurements: { index: number; status: string; value?: number | string; summary: string; evidence?: string[] }[];
  }[];
}

let dir: string;
let config: string;
let exporter: Exporter;
let prometheus: PrometheusServer;
let web: (TestServer & { setSha(next: string): void })[];
let hanging: TestServer;
let expired: TestServer;

function gateEnv(name: string, hosts: string, gates: string): string {
  return `  ${name}:\n    hosts: ${hosts}\n${GROUP}    gates:\n${gates}`;
}

// last_over_time: a scrape missed while this process is busy (the exporter runs in it) does not empty the result.
const ratioGate = (extra: string) => `      - name: error ratio
        prometheus: { query: 'max(last_over_time(app_error_ratio{job="app"}[1m]))', condition: "result < 0.01", timeout: 5s }
${extra}`;

const noDataGate = (policy: string) => `      - name: no data ${policy}
        prometheus: { query: app_metric_that_does_not_exist, condition: "result < 0.01", no_data: ${policy} }
        interval: 50ms
        count: 2
`;

const versionGate = (extra: string) => `      - name: version live
        version: { url: "http://{{ ansible_host }}:{{ app_port }}/version", ${extra} }
        interval: 100ms
        count: 2
`;

async function gate(...args: string[]): Promise<{ code: number; json: GateJson; stderr: string }> {
  const run = await runInProcess(["gate", "--config", config, "--json", ...args]);
  return { code: run.code, json: JSON.parse(run.stdout) as GateJson, stderr: run.stderr };
}

/** Like `gate`, calling `onLine` with each (masked) stderr line as it is written: one per measurement. */
async function gateWatching(args: readonly string[], onLine: (line: string) => void): Promise<{ code: number; json: GateJson }> {
  const out: Buffer[] = [];
  let partial = "";
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      out.push(chunk);
      callback();
    },
  });
  const stderr = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) onLine(line);
      callback();
    },
  });
  const target = (destination: Writable) => ({ destination, isTTY: false, columns: undefined });
  const io = createIo({ masker: new Masker(), stdout: target(stdout), stderr: target(stderr), stdin: Readable.from([]), env: {}, cwd: repoRoot });
  const code = await runCli(["gate", "--config", config, "--json", ...args], io);
  await io.close();
  return { code, json: JSON.parse(Buffer.concat(out).toString("utf8")) as GateJson };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-gate-cli-"));
  exporter = await startExporter();
  exporter.set("app_error_ratio", 0.001);
  [prometheus, web, hanging] = await Promise.all([
    startPrometheus({ targets: [`${exporter.host}:${exporter.port}`] }),
    Promise.all(["127.0.0.1", "127.0.0.2", "127.0.0.3"].map((host) => startVersionServer(SHA, host))),
    startHangingServer("127.0.0.4"),
  ]);
  const past = Date.now() - 30 * 86_400_000;
  expired = await startHttpsServer(makeCertificate(join(dir, "ca-expired"), new Date(past - 86_400_000), new Date(past)));
  await prometheus.waitFor("app_error_ratio", (v) => v === "0.001");

  // The inventory holds every address; runwarden.yml holds none.
  writeFileSync(
    join(dir, "hosts"),
    [
      "[web]",
      ...web.map((server, i) => `web-0${i + 1} ansible_host=${server.host} app_port=${server.port}`),
      "[stuck]",
      `web-04 ansible_host=${hanging.host} app_port=${hanging.port}`,
      "[canary]",
      `canary-01 ansible_host=127.0.0.1 app_port=${web[0]?.port ?? 0}`,
      "[tls]",
      `tls-01 ansible_host=${expired.host} tls_port=${expired.port}`,
      "",
    ].join("\n"),
  );
  mkdirSync(join(dir, "group_vars"));
  mkdirSync(join(dir, "host_vars"));
  writeFileSync(join(dir, "group_vars", "all.yml"), `prometheus_url: ${prometheus.url}\n`);
  // One host that disagrees about where monitoring lives.
  writeFileSync(join(dir, "host_vars", "canary-01.yml"), "prometheus_url: http://127.0.0.1:9\n");
  config = join(dir, "runwarden.yml");
  writeFileSync(
    config,
    [
      "inventory: hosts",
      "monitoring:",
      '  prometheus_url: "{{ prometheus_url }}"',
      "environments:",
      gateEnv("ratio", "web", ratioGate("        interval: 200ms\n        count: 3\n        failure_limit: 1\n")),
      // Long enough that only the policy ends them: the change they wait for ends them, however slow the machine.
      gateEnv("rise", "web", ratioGate("        interval: 250ms\n        count: 400\n        failure_limit: 1\n")),
      gateEnv("outage", "web", ratioGate("        interval: 100ms\n        count: 3000\n        consecutive_error_limit: 3\n")),
      // An hour between measurements: only an interrupt ends it after the first.
      gateEnv("patient", "web", ratioGate("        interval: 1h\n        count: 3\n")),
      gateEnv("nodata-fail", "web", noDataGate("fail")),
      gateEnv("nodata-pass", "web", noDataGate("pass")),
      gateEnv("nodata-inconclusive", "web", noDataGate("inconclusive")),
      gateEnv("version", "web", versionGate("json_path: $.sha, timeout: 2s")),
      gateEnv("version-body", "web", versionGate("timeout: 2s")),
      gateEnv(
        "hang",
        "web:stuck",
        '      - name: version live\n        version: { url: "http://{{ ansible_host }}:{{ app_port }}/version", json_path: $.sha, timeout: 2s }\n        interval: 100ms\n        consecutive_error_limit: 1\n',
      ),
      gateEnv("tls", "tls", '      - name: https answers\n        http: { url: "https://{{ ansible_host }}:{{ tls_port }}/", each_host: true, timeout: 2s }\n'),
      gateEnv("mixed", "web:canary", ratioGate("        count: 1\n")),
      gateEnv(
        "phases",
        "web",
        '      - name: ports open before\n        phase: pre\n        tcp: { each_host: true, port: "{{ app_port }}" }\n      - name: ports open after\n        tcp: { each_host: true, port: "{{ app_port }}" }\n',
      ),
      gateEnv("broken", "web", '      - name: needs a variable\n        http: { url: "http://{{ ansible_host }}:{{ no_such_port }}/", each_host: true }\n'),
      "",
    ].join("\n"),
  );
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await Promise.all([exporter?.close(), hanging?.close(), expired?.close(), ...(web ?? []).map((server) => server.close())]);
  rmSync(dir, { recursive: true, force: true });
});

describe("runwarden gate: prometheus gates against a real Prometheus", () => {
  it("passes while the error ratio is low (URL from the inventory's prometheus_url)", async () => {
    const { code, json, stderr } = await gate("-e", "ratio");
    expect(code).toBe(0);
    expect(json.verdict).toBe("pass");
    expect(json.gates[0]?.measurements.map((m) => [m.status, m.value])).toEqual([
      ["pass", 0.001],
      ["pass", 0.001],
      ["pass", 0.001],
    ]);
    // Not a terminal: one plain progress line per measurement on stderr.
    expect(stderr).toContain("gate 'error ratio' #1 pass: result = 0.001: result < 0.01 holds");
  });

  it("fails (exit 1) when the ratio rises past failure_limit during the gate", async () => {
    try {
      // The ratio rises once the first measurement has passed.
      const { code, json } = await gateWatching(["-e", "rise"], (line) => {
        if (line.startsWith("gate 'error ratio' #1 pass")) exporter.set("app_error_ratio", 0.2);
      });
      expect(code).toBe(1);
      expect(json.verdict).toBe("fail");
      const statuses = json.gates[0]?.measurements.map((m) => m.status) ?? [];
      expect(statuses[0]).toBe("pass");
      expect(statuses.slice(-2)).toEqual(["fail", "fail"]);
      expect(statuses.filter((s) => s === "fail")).toHaveLength(2);
      expect(json.gates[0]?.reason).toMatch(/^2 failed measurement\(s\), more than failure_limit 1 — last: result = 0.2: result < 0.01 is false$/);
    } finally {
      exporter.set("app_error_ratio", 0.001);
      await prometheus.waitFor("app_error_ratio", (v) => v === "0.001");
    }
  }, 120_000); // it lasts until Prometheus has scraped the new value, however long a loaded machine takes

  it("treats no data per policy: fail → exit 1, pass → exit 0, inconclusive → exit 3", async () => {
    const [fail, pass, inconclusive] = await Promise.all([gate("-e", "nodata-fail"), gate("-e", "nodata-pass"), gate("-e", "nodata-inconclusive")]);
    expect([fail.code, pass.code, inconclusive.code]).toEqual([1, 0, 3]);
    expect(fail.json.gates[0]?.measurements[0]).toMatchObject({ status: "no_data", summary: "query returned no data (empty result)" });
    expect(pass.json.gates[0]?.measurements.map((m) => m.status)).toEqual(["no_data", "no_data"]);
    expect(inconclusive.json.gates[0]?.reason).toMatch(/no_data is inconclusive: the gate cannot pass/);
  });

  it("refuses hosts that disagree on the Prometheus URL (exit 2, naming them), before measuring", async () => {
    const run = await runInProcess(["gate", "--config", config, "-e", "mixed"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("RW_GATE_INVALID");
    expect(run.stderr).toMatch(
      /the hosts disagree on the Prometheus URL '\{\{ prometheus_url \}\}': http:\/\/127\.0\.0\.1:\d+ for web-01, web-02, web-03; http:\/\/127\.0\.0\.1:9 for canary-01/,
    );
  });
});

describe("runwarden gate: version live on every host", () => {
  it("passes when every host reports the deployed commit (--sha, or $GITHUB_SHA; abbreviations count)", async () => {
    const full = await gate("-e", "version", "--sha", SHA);
    expect(full.code).toBe(0);
    expect(full.json.sha).toBe(SHA);
    expect(full.json.gates[0]?.probe).toBe("version ×3 host(s): http://{{ ansible_host }}:{{ app_port }}/version");
    expect(full.json.gates[0]?.measurements.map((m) => m.summary)).toEqual(["all 3 host(s) pass", "all 3 host(s) pass"]);
    const fromEnv = await runInProcess(["gate", "--config", config, "--json", "-e", "version"], { env: { GITHUB_SHA: SHA.slice(0, 7) } });
    expect(fromEnv.code).toBe(0);
    expect((JSON.parse(fromEnv.stdout) as GateJson).sha).toBe(SHA.slice(0, 7));
  });

  it("fails naming the host that reports another version, and what it reports", async () => {
    web[1]?.setSha("0000000aaaaaaa");
    try {
      const { code, json } = await gate("-e", "version", "--sha", SHA);
      expect(code).toBe(1);
      expect(json.gates[0]?.measurements[0]?.summary).toBe(`1 of 3 host(s) failing: web-02: reports 0000000aaaaaaa, expected ${SHA}`);
      expect(json.gates[0]?.measurements[0]?.evidence?.join("\n")).toMatch(/web-02: body: \{"sha":"0000000aaaaaaa"/);
      const body = await gate("-e", "version-body", "--sha", SHA);
      expect(body.code).toBe(1);
      expect(body.json.gates[0]?.measurements[0]?.summary).toMatch(/^1 of 3 host\(s\) failing: web-02: does not report 3f9c2e1d/);
    } finally {
      web[1]?.setSha(SHA);
    }
  });

  it("a hanging host is bounded by the timeout, retried, and the gate fails closed (exit 3)", async () => {
    // The hanging host never answers: only the probe's timeout can end these measurements.
    const { code, json } = await gate("-e", "hang", "--sha", SHA);
    expect(code).toBe(3);
    expect(json.verdict).toBe("error");
    expect(json.gates[0]?.measurements.map((m) => m.status)).toEqual(["error", "error"]);
    expect(json.gates[0]?.measurements[0]?.summary).toBe("1 of 4 host(s) could not be measured: web-04: timed out after 2 s");
    expect(json.gates[0]?.reason).toMatch(/2 consecutive measurement errors, more than consecutive_error_limit 1/);
  });

  it("says plainly that a commit is needed when none is given", async () => {
    const run = await runInProcess(["gate", "--config", config, "-e", "version"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("gate 'version live' checks for {{ sha }}, but no commit was given: pass --sha COMMIT, or run where GITHUB_SHA is set");
  });
});

describe("runwarden gate: http, phases, plans, bad input, GitHub Actions", () => {
  it("an expired TLS certificate fails the http gate", async () => {
    const { code, json } = await gate("-e", "tls");
    expect(code).toBe(1);
    expect(json.gates[0]?.measurements[0]?.summary).toMatch(/^tls-01: GET https:\/\/127\.0\.0\.1:\d+\/: TLS certificate has expired$/);
  });

  it("--phase picks the gates; no gates for a phase is exit 2, not a pass", async () => {
    const pre = await gate("-e", "phases", "--phase", "pre");
    expect([pre.code, pre.json.gates.map((g) => g.name)]).toEqual([0, ["ports open before"]]);
    const post = await gate("-e", "phases");
    expect(post.json.gates.map((g) => g.name)).toEqual(["ports open after"]);
    const none = await runInProcess(["gate", "--config", config, "-e", "ratio", "--phase", "pre"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("RW_NO_GATES");
  });

  it("--dry-run prints the plan and measures nothing", async () => {
    const run = await runInProcess(["gate", "--config", config, "-e", "rise", "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/plan only \(--dry-run\), nothing measured/);
    expect(run.stdout).toMatch(/error ratio\s+prometheus: max\(last_over_time\(app_error_ratio\{job="app"\}\[1m\]\)\)\s+400× every 250 ms/);
    expect(run.stderr).not.toContain("gate 'error ratio' #1");
  });

  it("bad input is exit 2 before anything is measured", async () => {
    const broken = await runInProcess(["gate", "--config", config, "-e", "broken"]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/gate 'needs a variable': web-01: undefined template variable 'no_such_port'/);
    const unknown = await runInProcess(["gate", "--config", config, "-e", "nowhere"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no environment 'nowhere'/);
    const phase = await runInProcess(["gate", "--config", config, "-e", "ratio", "--phase", "during"]);
    expect(phase.code).toBe(2);
  });

  it("in GitHub Actions: step outputs, a step summary with the measurements, an annotation per failed gate", async () => {
    const output = join(dir, "github-output");
    const summary = join(dir, "step-summary");
    web[2]?.setSha("1111111bbbbbbb");
    try {
      const run = await runInProcess(["gate", "--config", config, "-e", "version", "--sha", SHA], {
        env: { GITHUB_ACTIONS: "true", GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /^::error title=gate fail%3A version live::1 failed measurement\(s\), more than failure_limit 0 — last: 1 of 3 host\(s\) failing: web-03/m,
      );
      expect(readFileSync(output, "utf8")).toMatch(/^verdict<<ghadelimiter_[\w-]+\nfail\n/m);
      expect(readFileSync(output, "utf8")).toMatch(/^failed_gates<<ghadelimiter_[\w-]+\nversion live\n/m);
      const text = readFileSync(summary, "utf8");
      expect(text).toContain("### runwarden gates version (post): UNHEALTHY");
      expect(text).toContain("| version live | fail | ✗ |");
    } finally {
      web[2]?.setSha(SHA);
    }
  });

  it("text output: per-gate verdicts and a measurements table; live progress on a terminal", async () => {
    const masker = new Masker();
    const io = createMemoryIo(masker, { env: { NO_COLOR: "1" }, isTTY: true });
    const code = await runCli(["gate", "--config", config, "-e", "ratio"], io);
    await io.close();
    expect(code).toBe(0);
    const out = io.stdoutText();
    expect(out).toMatch(/gates ratio \(post\): healthy — 1 of 1 gate\(s\) passed/);
    expect(out).toMatch(/measurements:\n.*gate\s+#\s+at \(UTC\)\s+status\s+value\s+time\s+summary/);
    expect(out).toMatch(/error ratio\s+3\s+\d\d:\d\d:\d\d\s+.*pass.*\s+0\.001\s/);
    expect(io.stderrText()).toContain("gates ratio (post) — error ratio ✓");
  });

  it("the built executable runs the version gate end to end", async () => {
    const run = await runBinary(["gate", "--config", config, "-e", "version", "--json"], { env: { GITHUB_SHA: SHA } });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as GateJson).verdict).toBe("pass");
  });

  it("Ctrl-C stops the gate at once and reports it undecided (exit 3), never a pass", async () => {
    exporter.set("app_error_ratio", 0.001);
    // Measurements an hour apart: the process can only end now if Ctrl-C cuts the wait after #1.
    const running = startBinary(["gate", "--config", config, "-e", "patient", "--json"]);
    let seen = "";
    await new Promise<void>((resolve) =>
      running.child.stderr.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes("gate 'error ratio' #1 pass")) resolve();
      }),
    );
    running.child.kill("SIGINT");
    const run = await running.done;
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout) as GateJson;
    expect(json.verdict).toBe("error");
    expect(json.gates[0]?.reason).toBe("not decided after 1 measurement(s): interrupted by SIGINT");
    expect(json.gates[0]?.measurements.map((m) => m.status)).toEqual(["pass"]);
  });
});

describe("runwarden gate: Prometheus stops mid-gate", () => {
  // Last: it stops this file's Prometheus.
  it("errors, then fails closed (exit 3, never 0)", async () => {
    let stopping: Promise<void> | undefined;
    // Prometheus stops once the first measurement has passed.
    const { code, json } = await gateWatching(["-e", "outage"], (line) => {
      if (line.startsWith("gate 'error ratio' #1 pass")) stopping ??= prometheus.stop();
    });
    await stopping;
    expect(code).toBe(3);
    expect(json.verdict).toBe("error");
    const statuses = json.gates[0]?.measurements.map((m) => m.status) ?? [];
    expect(statuses[0]).toBe("pass");
    expect(statuses).not.toContain("fail");
    expect(statuses.slice(-4)).toEqual(["error", "error", "error", "error"]);
    expect(json.gates[0]?.reason).toMatch(
      /4 consecutive measurement errors, more than consecutive_error_limit 3: could not measure \(provider suspect\), failing closed — last: could not query Prometheus/,
    );
  });
});
