/** A Prometheus that stops in the middle of a gate: measurements become errors and the gate fails closed. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { gateSchema } from "../../src/config/schema/gates.js";
import { planGates, runGates } from "../../src/gates/index.js";
import { startExporter, startPrometheus, type Exporter, type PrometheusServer } from "../helpers/prometheus.js";

let exporter: Exporter;
let prometheus: PrometheusServer;

beforeAll(async () => {
  exporter = await startExporter();
  exporter.set("app_error_ratio", 0);
  prometheus = await startPrometheus({ targets: [`${exporter.host}:${exporter.port}`] });
  await prometheus.waitFor("app_error_ratio", (v) => v === "0");
});
afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
});

it("errors, then fails closed (never passes) when Prometheus is stopped mid-gate", async () => {
  const gate = gateSchema.parse({
    name: "error ratio",
    prometheus: { query: "app_error_ratio", condition: "result < 0.01", timeout: "1s" },
    interval: "100ms",
    count: 30,
    failure_limit: 0,
    consecutive_error_limit: 3,
  });
  let stopping: Promise<void> | undefined;
  const report = await runGates(planGates([gate], { env: {}, vars: { prometheus_url: prometheus.url }, prometheusUrl: "{{ prometheus_url }}" }), {
    context: { env: {}, now: () => Date.now() },
    onMeasurement: (_gate, m) => {
      if (m.index === 1) stopping = prometheus.stop();
    },
  });
  await stopping;
  expect(report.verdict).toBe("error");
  const statuses = report.gates[0]?.measurements.map((m) => m.status) ?? [];
  expect(statuses.slice(0, 2)).toEqual(["pass", "pass"]);
  expect(statuses.slice(-4)).toEqual(["error", "error", "error", "error"]);
  expect(statuses).not.toContain("fail");
  expect(report.gates[0]?.reason).toMatch(
    /4 consecutive measurement errors, more than consecutive_error_limit 3: could not measure \(provider suspect\), failing closed — last: could not query Prometheus/,
  );
});
