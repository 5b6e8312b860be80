/**
 * The gate engine end to end with real probes: HTTP servers on loopback (the "version live on every
 * host" gate), real shell commands, the real and a virtual clock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckBuildContext } from "../../src/checks/context.js";
import { gateSchema } from "../../src/config/schema/gates.js";
import { planGates, runGates, virtualClock } from "../../src/gates/index.js";
import { Masker } from "../../src/mask/index.js";
import { InputError } from "../../src/model/errors.js";
import { thrown } from "../helpers/thrown.js";
import { startHangingServer, startVersionServer, type TestServer } from "../helpers/servers.js";

const SHA = "3f9c2e1d0b8a";
const gate = (input: unknown) => gateSchema.parse(input);
const runCtx = { env: { PATH: process.env.PATH ?? "" }, now: () => Date.now() };

let servers: (TestServer & { setSha(next: string): void })[] = [];
let hanging: TestServer;
let build: CheckBuildContext;

beforeAll(async () => {
  servers = await Promise.all(["127.0.0.1", "127.0.0.2", "127.0.0.3"].map((host) => startVersionServer(SHA, host)));
  hanging = await startHangingServer("127.0.0.4");
  build = {
    env: runCtx.env,
    vars: { sha: SHA, environment: "production" },
    hosts: servers.map((server, i) => ({ name: `web-0${i + 1}`, vars: { ansible_host: server.host, app_port: server.port } })),
  };
});
afterAll(async () => {
  await Promise.all([...servers, hanging].map((server) => server.close()));
});

const versionGate = (over: Record<string, unknown> = {}) =>
  gate({
    name: "version live on every host",
    http: { url: "http://{{ ansible_host }}:{{ app_port }}/version", each_host: true, body_contains: "{{ sha }}", timeout: "5s" },
    interval: "20ms",
    count: 3,
    failure_limit: 0,
    ...over,
  });

describe("the version-live gate", () => {
  it("passes when every host reports the sha", async () => {
    const report = await runGates(planGates([versionGate()], build), { context: runCtx });
    expect(report.verdict).toBe("pass");
    const [result] = report.gates;
    expect(result).toMatchObject({ verdict: "pass", probe: "http ×3 host(s)" });
    expect(result?.measurements.map((m) => m.status)).toEqual(["pass", "pass", "pass"]);
  });

  it("fails naming the host that is behind", async () => {
    servers[1]?.setSha("0ld0ld0ld");
    try {
      const report = await runGates(planGates([versionGate()], build), { context: runCtx });
      expect(report.verdict).toBe("fail");
      expect(report.gates[0]?.reason).toMatch(/1 of 3 host\(s\) failing: web-02: body does not contain '3f9c2e1d0b8a'/);
      expect(report.gates[0]?.measurements[0]?.evidence?.join("\n")).toContain("0ld0ld0ld");
      expect(report.gates[0]?.measurements).toHaveLength(1);
    } finally {
      servers[1]?.setSha(SHA);
    }
  });

  it("a hanging host is an error (bounded by the timeout), retried, then the gate fails closed", async () => {
    // web-04 first: the reason names it whatever becomes of the others on a loaded machine.
    const withHang: CheckBuildContext = {
      ...build,
      hosts: [{ name: "web-04", vars: { ansible_host: hanging.host, app_port: hanging.port } }, ...(build.hosts ?? [])],
    };
    // web-04 never answers: only the probe's timeout can end its measurements, and the reason names it.
    const report = await runGates(
      planGates(
        [
          versionGate({
            consecutive_error_limit: 2,
            http: { url: "http://{{ ansible_host }}:{{ app_port }}/version", each_host: true, body_contains: "{{ sha }}", timeout: "150ms" },
          }),
        ],
        withHang,
      ),
      { context: runCtx },
    );
    expect(report.verdict).toBe("error");
    const [result] = report.gates;
    expect(result?.measurements.map((m) => m.status)).toEqual(["error", "error", "error"]);
    expect(result?.reason).toMatch(/3 consecutive measurement errors.*web-04: timed out after 150 ms/);
  });
});

describe("gate scheduling and budgets", () => {
  it("measures on the schedule: initial_delay, then every interval (virtual clock)", async () => {
    const clock = virtualClock(Date.UTC(2030, 0, 1));
    const plans = planGates([gate({ name: "cmd", command: { run: "exit 0" }, initial_delay: "2m", interval: "30s", count: 3 })], build);
    const report = await runGates(plans, { context: runCtx, clock });
    expect(report.gates[0]?.measurements.map((m) => m.at)).toEqual(["2030-01-01T00:02:00.000Z", "2030-01-01T00:02:30.000Z", "2030-01-01T00:03:00.000Z"]);
    expect(report.gates[0]?.durationMs).toBe(180_000);
  });

  it("command probes: exit status decides; a command past its timeout is an error", async () => {
    const plans = planGates(
      [
        gate({ name: "ok", command: { run: "exit 0" }, interval: "10ms", count: 2 }),
        gate({ name: "expected 3", command: { run: "exit 3", expect_exit: 3 }, interval: "10ms", count: 2 }),
        gate({ name: "slow", command: { run: "sleep 600", timeout: "100ms" }, interval: "10ms", count: 2, consecutive_error_limit: 1 }),
      ],
      build,
    );
    // `sleep 600` outlives the test: only the 100 ms timeout can end that measurement.
    const report = await runGates(plans, { context: runCtx, failFast: false });
    expect(report.gates.map((g) => g.verdict)).toEqual(["pass", "pass", "error"]);
    expect(report.gates[2]?.measurements[0]?.summary).toBe("timed out after 100 ms");
    expect(report.verdict).toBe("error");
  });

  it("a dry-run gate is reported but does not decide", async () => {
    const plans = planGates([gate({ name: "dry", command: { run: "exit 1" }, dry_run: true }), gate({ name: "real", command: { run: "true" } })], build);
    const report = await runGates(plans, { context: runCtx });
    expect(report.gates.map((g) => [g.name, g.verdict, g.dryRun])).toEqual([
      ["dry", "fail", true],
      ["real", "pass", false],
    ]);
    expect(report.verdict).toBe("pass");
  });

  it("fail fast: a failed gate stops the others, which end undecided (never pass)", async () => {
    const plans = planGates(
      [
        gate({ name: "long", command: { run: "true" }, interval: "20ms", count: 500 }),
        gate({ name: "broken", command: { run: "false" }, interval: "20ms", count: 3 }),
      ],
      build,
    );
    const report = await runGates(plans, { context: runCtx });
    expect(report.verdict).toBe("fail");
    expect(report.gates[0]).toMatchObject({ verdict: "error", reason: expect.stringMatching(/stopped: gate 'broken' failed/) });
  });

  it("a deadline ends undecided gates as error", async () => {
    const plans = planGates([gate({ name: "long", command: { run: "true" }, interval: "20ms", count: 500 })], build);
    const report = await runGates(plans, { context: runCtx, deadlineMs: 150 });
    expect(report.verdict).toBe("error");
    expect(report.gates[0]?.reason).toMatch(/gate deadline of 150 ms passed/);
  });

  it("masks secrets in measurements and reasons", async () => {
    const masker = new Masker();
    masker.addSecret("hunter2-very-secret", "TEST_SECRET");
    const plans = planGates([gate({ name: "leaky", command: { run: "echo token=hunter2-very-secret; exit 1" } })], build);
    const report = await runGates(plans, { context: { ...runCtx, masker } });
    expect(JSON.stringify(report)).not.toContain("hunter2-very-secret");
    expect(report.gates[0]?.measurements[0]?.evidence).toEqual(["token=***"]);
  });
});

describe("planning refuses gates that cannot run, before measuring", () => {
  it("lists every problem in one InputError", () => {
    const error = thrown(InputError, () =>
      planGates(
        [
          gate({ name: "bad condition", prometheus: { url: "http://prometheus.example:9090", query: "up", condition: "result <" } }),
          gate({ name: "no url", prometheus: { query: "up", condition: "result == 1" } }),
          gate({ name: "missing var", http: { url: "http://{{ ansible_host }}:{{ nope }}/", each_host: true } }),
        ],
        build,
        { configPath: "environments.production.gates" },
      ),
    );
    expect(error.code).toBe("RW_GATE_INVALID");
    expect(error.problems.map((p) => p.path)).toEqual([
      "environments.production.gates[0]",
      "environments.production.gates[1]",
      "environments.production.gates[2]",
      "environments.production.gates[2]",
      "environments.production.gates[2]",
    ]);
    expect(error.problems.map((p) => p.message).join("\n")).toMatch(
      /invalid condition 'result <'[\s\S]*no Prometheus URL[\s\S]*web-01: undefined template variable 'nope'/,
    );
  });
});
