/**
 * Prometheus gates against a real Prometheus scraping a test exporter every second: pass on a low
 * error ratio, fail when it rises past failure_limit mid-gate, "no data" per policy, list conditions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckBuildContext } from "../../src/checks/context.js";
import { gateSchema } from "../../src/config/schema/gates.js";
import { planGates, runGates } from "../../src/gates/index.js";
import { startExporter, startPrometheus, type Exporter, type PrometheusServer } from "../helpers/prometheus.js";

const gate = (input: unknown) => gateSchema.parse(input);
const runCtx = { env: {}, now: () => Date.now() };

let exporter: Exporter;
let prometheus: PrometheusServer;
let build: CheckBuildContext;

beforeAll(async () => {
  exporter = await startExporter();
  exporter.set("app_error_ratio", 0.001);
  exporter.set("app_success_ratio", 0.99, { pod: "a" });
  exporter.set("app_success_ratio", 0.97, { pod: "b" });
  prometheus = await startPrometheus({ targets: [`${exporter.host}:${exporter.port}`] });
  await prometheus.waitFor("app_error_ratio", (v) => v === "0.001");
  // Addresses come from inventory variables, never literals: the URL is a template.
  build = { env: {}, vars: { prometheus_url: prometheus.url, environment: "production" }, prometheusUrl: "{{ prometheus_url }}" };
});
afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
});

const errorRatio = (over: Record<string, unknown> = {}) =>
  gate({
    name: "error ratio",
    prometheus: { query: 'max(app_error_ratio{job="app"})', condition: "result < 0.01", timeout: "2s" },
    interval: "100ms",
    count: 3,
    failure_limit: 1,
    ...over,
  });

describe("prometheus gates", () => {
  it("pass while the error ratio is low", async () => {
    const report = await runGates(planGates([errorRatio()], build), { context: runCtx });
    expect(report.verdict).toBe("pass");
    expect(report.gates[0]?.measurements.map((m) => [m.status, m.value])).toEqual([
      ["pass", 0.001],
      ["pass", 0.001],
      ["pass", 0.001],
    ]);
    expect(report.gates[0]?.probe).toBe('prometheus: max(app_error_ratio{job="app"})');
  });

  it("fail when the ratio rises past failure_limit during the gate", async () => {
    let raised = false;
    try {
      const report = await runGates(planGates([errorRatio({ interval: "250ms", count: 40, failure_limit: 1 })], build), {
        context: runCtx,
        onMeasurement: () => {
          if (!raised) {
            raised = true;
            exporter.set("app_error_ratio", 0.2);
          }
        },
      });
      expect(report.verdict).toBe("fail");
      const statuses = report.gates[0]?.measurements.map((m) => m.status) ?? [];
      expect(statuses[0]).toBe("pass");
      expect(statuses.slice(-2)).toEqual(["fail", "fail"]);
      expect(statuses.filter((s) => s === "fail")).toHaveLength(2);
      expect(report.gates[0]?.reason).toMatch(/2 failed measurement\(s\), more than failure_limit 1 — last: result = 0.2: result < 0.01 is false/);
    } finally {
      exporter.set("app_error_ratio", 0.001);
      await prometheus.waitFor("app_error_ratio", (v) => v === "0.001");
    }
  });

  it("treat no data per policy: fail (default), pass, inconclusive", async () => {
    const noData = (policy: string | undefined) =>
      gate({
        name: `no data ${policy ?? "default"}`,
        prometheus: { query: "app_metric_that_does_not_exist", condition: "result < 0.01", ...(policy === undefined ? {} : { no_data: policy }) },
        interval: "50ms",
        count: 2,
      });
    const report = await runGates(planGates([noData(undefined), noData("pass"), noData("inconclusive")], build), { context: runCtx, failFast: false });
    expect(report.gates.map((g) => g.verdict)).toEqual(["fail", "pass", "error"]);
    expect(report.gates[0]?.measurements[0]).toMatchObject({ status: "no_data", summary: "query returned no data (empty result)" });
    expect(report.gates[2]?.reason).toMatch(/no_data is inconclusive: the gate cannot pass/);
    expect(report.verdict).toBe("fail");
  });

  it("list conditions see every series", async () => {
    const report = await runGates(
      planGates(
        [
          gate({ name: "all instances", prometheus: { query: "app_success_ratio", condition: "result.all(r, r.value > 0.95)" }, count: 1 }),
          gate({ name: "strict", prometheus: { query: "app_success_ratio", condition: "result.all(r, r.value > 0.98) && size(result) == 2" }, count: 1 }),
        ],
        build,
      ),
      { context: runCtx, failFast: false },
    );
    expect(report.gates.map((g) => g.verdict)).toEqual(["pass", "fail"]);
    expect(report.gates[1]?.measurements[0]?.summary).toMatch(/2 series: \{__name__=app_success_ratio,instance=[^,]+,job=app,pod=a\} 0.99/);
  });

  it("a query Prometheus rejects is an error measurement, and the gate fails closed", async () => {
    const report = await runGates(
      planGates(
        [gate({ name: "bad query", prometheus: { query: "sum(", condition: "result < 1.0" }, interval: "20ms", count: 2, consecutive_error_limit: 1 })],
        build,
      ),
      {
        context: runCtx,
      },
    );
    expect(report.verdict).toBe("error");
    expect(report.gates[0]?.measurements.map((m) => m.status)).toEqual(["error", "error"]);
    expect(report.gates[0]?.measurements[0]?.summary).toMatch(/bad_data/);
  });
});
