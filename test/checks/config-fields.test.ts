/**
 * Every engine feature is reachable from runwarden.yml: config items (parsed by the real schema) →
 * the factory → real probes against loopback servers and real files. One test per schema field
 * group: http body_regex / json / max_latency / min_cert_days, load, runner root / diag_window,
 * systemd's default unit (the runner's service).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckBuildContext } from "../../src/checks/context.js";
import { buildChecks, buildEntries } from "../../src/checks/factory.js";
import { loadProbe, parseLoadavg } from "../../src/checks/load.js";
import { preflightCheckSchema } from "../../src/config/schema/checks.js";
import { runPreflight } from "../../src/preflight/index.js";
import { makeCertificate, startDnsServer, startHttpServer, startHttpsServer, type TestServer } from "../helpers/servers.js";
import { context, runProbe } from "./run.js";

const DAY = 86_400_000;
let app: TestServer;
let expiring: TestServer;
let tmp: string;
let build: CheckBuildContext;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "runwarden-fields-"));
  app = await startHttpServer((req, res) => {
    if (req.url === "/status")
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok", build: { sha: "3f9c2e1", replicas: 3 }, ready: true }));
    else if (req.url === "/slow") setTimeout(() => res.writeHead(200).end("late"), 200);
    else res.writeHead(404).end("not found");
  });
  const now = Date.now();
  expiring = await startHttpsServer(makeCertificate(join(tmp, "expiring"), new Date(now - DAY), new Date(now + 5 * DAY + 3_600_000)));
  build = {
    env: context.env,
    vars: { sha: "3f9c2e1" },
    hosts: [{ name: "web-01", vars: { ansible_host: app.host, app_port: app.port, tls_port: expiring.port } }],
    baseDir: tmp,
  };
});
afterAll(async () => {
  await Promise.all([app?.close(), expiring?.close()]);
  rmSync(tmp, { recursive: true, force: true });
});

async function run(...inputs: unknown[]) {
  const checks = buildChecks(
    inputs.map((input) => preflightCheckSchema.parse(input)),
    build,
  );
  return (await runPreflight(checks, { context })).results;
}

describe("config fields reach the probes", () => {
  it("http: body_regex, json { path, equals } (a template), max_latency, min_cert_days", async () => {
    const url = "http://{{ ansible_host }}:{{ app_port }}";
    const results = await run(
      { http: { name: "regex ok", url: `${url}/status`, each_host: true, body_regex: '"ready":\\s*true' } },
      { http: { name: "regex no", url: `${url}/status`, each_host: true, body_regex: '"ready":\\s*false' } },
      { http: { name: "json sha", url: `${url}/status`, each_host: true, json: { path: "$.build.sha", equals: "{{ sha }}" } } },
      { http: { name: "json number", url: `${url}/status`, each_host: true, json: { path: "$.build.replicas", equals: 2 } } },
      { http: { name: "slow", url: `${url}/slow`, each_host: true, max_latency: "50ms" } },
      { http: { name: "cert", url: "https://{{ ansible_host }}:{{ tls_port }}/", each_host: true, tls_verify: false, min_cert_days: 14 } },
    );
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ["regex ok [web-01]", "pass"],
      ["regex no [web-01]", "fail"],
      ["json sha [web-01]", "pass"],
      ["json number [web-01]", "fail"],
      ["slow [web-01]", "fail"],
      ["cert [web-01]", "fail"],
    ]);
    expect(results[1]?.summary).toBe('body does not match /"ready":\\s*false/');
    expect(results[3]?.summary).toBe("$.build.replicas is 3, expected 2");
    expect(results[4]?.summary).toMatch(/^answered in (\d+ ms|[\d.]+ s), above 50 ms$/);
    expect(results[5]?.summary).toMatch(/^TLS certificate expires in 5 day\(s\) \(\d{4}-\d\d-\d\d\), below 14$/);
  });

  it("load: ceilings per CPU over /proc/loadavg", async () => {
    const [result] = await run({ load: { max_1m: 10_000, max_5m: 10_000, max_15m: 10_000 } });
    expect(result).toMatchObject({ id: "load", status: "pass" });
    const path = join(tmp, "loadavg");
    writeFileSync(path, "3.20 1.60 0.80 2/1234 56789\n");
    const busy = await runProbe(loadProbe({ maxPerCpu: { "1m": 1.5, "15m": 1 }, cpus: 2, loadavgPath: path, timeoutMs: 1000 }));
    expect(busy).toMatchObject({ status: "fail", summary: "1m load 1.60 per CPU is above 1.5 (2 CPU(s))" });
    const calm = await runProbe(loadProbe({ maxPerCpu: { "5m": 1 }, cpus: 2, loadavgPath: path, timeoutMs: 1000 }));
    expect(calm).toMatchObject({ status: "pass", summary: "load per CPU: 1m 1.60, 5m 0.80, 15m 0.40 (2 CPU(s))" });
    expect((await runProbe(loadProbe({ maxPerCpu: { "5m": 1 }, loadavgPath: join(tmp, "nope"), timeoutMs: 1000 }))).status).toBe("error");
    expect(parseLoadavg("garbage")).toBeUndefined();
    expect(preflightCheckSchema.safeParse({ load: {} }).success).toBe(false);
  });

  it("runner: root (relative to runwarden.yml) and diag_window", async () => {
    const root = join(tmp, "actions-runner");
    mkdirSync(join(root, "_diag"), { recursive: true });
    writeFileSync(join(root, ".runner"), JSON.stringify({ agentName: "prod-1" }));
    const stamp = new Date(Date.now() - 3 * 3_600_000)
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, "Z");
    writeFileSync(
      join(root, "_diag", "Runner_20260101-000000-utc.log"),
      `[${stamp} ERR  Runner] Failed to create a session. The runner registration has been deleted from the server.\n`,
    );
    const [recent] = await run({ runner: { root: "actions-runner", diag_window: "6h" } });
    expect(recent).toMatchObject({ status: "fail" });
    expect(recent?.summary).toMatch(/1 error line\(s\) in _diag \(known: registration-deleted\)/);
    const [old] = await run({ runner: { root: "actions-runner", diag_window: "1h" } });
    expect(old?.summary).toMatch(/^prod-1: not installed as a service/);
  });

  it("systemd without a unit checks the runner's own service (named in its .service file)", async () => {
    const root = join(tmp, "runner-with-service");
    mkdirSync(root, { recursive: true });
    const [absent] = await run({ systemd: { runner_root: root } });
    expect(absent).toMatchObject({ id: "systemd runner service", status: "fail" });
    expect(absent?.summary).toMatch(/is not installed as a service \(no \.service file\)/);
    writeFileSync(join(root, ".service"), "actions.runner.acme-platform.prod-1.service\n");
    const [present] = await run({ systemd: { name: "runner service", runner_root: root } });
    // This machine has no systemd as PID 1: the state cannot be read, which is an error, never a pass.
    expect(present).toMatchObject({ id: "runner service", status: "error" });
    expect(present?.summary).toMatch(/^actions\.runner\.acme-platform\.prod-1\.service: systemctl could not tell/);
    const [fromEnv] = await runPreflight(buildChecks([preflightCheckSchema.parse({ systemd: {} })], build), {
      context: { ...context, env: { ...context.env, RUNWARDEN_RUNNER_ROOT: root } },
    }).then((r) => r.results);
    expect(fromEnv?.summary).toMatch(/^actions\.runner\.acme-platform\.prod-1\.service: /);
  });
});

describe("dns servers", () => {
  it("asks the configured servers (templates over inventory variables) for TXT records", async () => {
    const dns = await startDnsServer({ "_deploy.app.example.internal": "v=3f9c2e1" });
    try {
      const local: CheckBuildContext = { ...build, vars: { dns_server: dns.address } };
      const [found, missing] = await runPreflight(
        buildChecks(
          [
            preflightCheckSchema.parse({ dns: { host: "_deploy.app.example.internal", record: "TXT", servers: ["{{ dns_server }}"] } }),
            preflightCheckSchema.parse({ dns: { host: "nothing.app.example.internal", record: "TXT", servers: ["{{ dns_server }}"] } }),
          ],
          local,
        ),
        { context },
      ).then((report) => report.results);
      expect(found).toMatchObject({ status: "pass", summary: "TXT _deploy.app.example.internal → v=3f9c2e1" });
      expect(missing).toMatchObject({ status: "fail", summary: "no TXT nothing.app.example.internal record (ENOTFOUND)" });
      const [bad] = buildEntries([preflightCheckSchema.parse({ dns: { host: "x.example.internal", record: "TXT", servers: ["{{ dns_server }}"] } })], {
        ...build,
        vars: { dns_server: "dns.example.internal" },
      });
      expect(bad !== undefined && "problem" in bad ? bad.problem.message : "").toBe(
        "DNS server 'dns.example.internal' is not an IP address (with an optional :port)",
      );
    } finally {
      await dns.close();
    }
  });
});
