/** The preflight prometheus check against a real Prometheus with an alerting rule. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCondition } from "../../src/checks/condition.js";
import { buildChecks } from "../../src/checks/factory.js";
import { prometheusProbe } from "../../src/checks/prometheus.js";
import { preflightCheckSchema } from "../../src/config/schema/checks.js";
import { closedPort } from "../helpers/servers.js";
import { startExporter, startPrometheus, type Exporter, type PrometheusServer } from "../helpers/prometheus.js";
import { context, runProbe } from "./run.js";

const RULES = `groups:
  - name: app
    rules:
      - alert: AppErrorRatioHigh
        expr: app_error_ratio > 0.1
        labels: { severity: page }
`;

let exporter: Exporter;
let prometheus: PrometheusServer;
beforeAll(async () => {
  exporter = await startExporter();
  exporter.set("app_error_ratio", 0.001);
  prometheus = await startPrometheus({ targets: [`${exporter.host}:${exporter.port}`], rules: RULES });
});
afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
});

describe("prometheus check", () => {
  it("passes when ready, answering queries, and nothing fires", async () => {
    const result = await runProbe(prometheusProbe({ url: prometheus.url, query: "vector(1)", noFiringAlerts: true, timeoutMs: 5000 }));
    expect(result).toMatchObject({ status: "pass", summary: `Prometheus ${prometheus.url}: ready; query 'vector(1)' returned data; no alerts firing` });
  });

  it("a query that returns nothing fails (the query path works, the data is missing)", async () => {
    const result = await runProbe(prometheusProbe({ url: prometheus.url, query: "absent_metric_total", timeoutMs: 5000 }));
    expect(result).toMatchObject({ status: "fail", summary: "query 'absent_metric_total' returned no data" });
  });

  it("evaluates a condition over the query", async () => {
    const ok = await runProbe(prometheusProbe({ url: prometheus.url, query: "app_error_ratio", condition: parseCondition("result < 0.01"), timeoutMs: 5000 }));
    expect(ok.status).toBe("pass");
    const bad = await runProbe(prometheusProbe({ url: prometheus.url, query: "app_error_ratio", condition: parseCondition("result > 0.5"), timeoutMs: 5000 }));
    expect(bad).toMatchObject({ status: "fail", summary: "query 'app_error_ratio': result = 0.001: result > 0.5 is false" });
  });

  it("fails naming the alerts that fire", async () => {
    exporter.set("app_error_ratio", 0.5);
    try {
      await prometheus.waitFor('ALERTS{alertstate="firing"}', (v) => v === "1");
      const result = await runProbe(prometheusProbe({ url: prometheus.url, ready: false, noFiringAlerts: true, timeoutMs: 5000 }));
      expect(result).toMatchObject({ status: "fail", summary: "1 alert(s) firing: AppErrorRatioHigh" });
      expect(result.evidence[0]).toMatch(/^AppErrorRatioHigh since \S+ .*"severity":"page"/);
      const ignored = await runProbe(prometheusProbe({ url: prometheus.url, noFiringAlerts: true, ignoreAlerts: ["AppErrorRatioHigh"], timeoutMs: 5000 }));
      expect(ignored.status).toBe("pass");
    } finally {
      exporter.set("app_error_ratio", 0.001);
    }
  });

  it("monitoring down is a failure of this check", async () => {
    const port = await closedPort();
    const result = await runProbe(prometheusProbe({ url: `http://127.0.0.1:${port}`, timeoutMs: 2000 }));
    expect(result).toMatchObject({ status: "fail", summary: `Prometheus http://127.0.0.1:${port}: connection refused` });
  });

  it("takes its URL from monitoring.prometheus_url rendered with inventory vars, never a literal", async () => {
    const items = [preflightCheckSchema.parse({ prometheus: { ready: true } })];
    const [check] = buildChecks(items, { env: {}, vars: { prometheus_url: prometheus.url }, prometheusUrl: "{{ prometheus_url }}" });
    expect((await check?.run(context, new AbortController().signal))?.status).toBe("pass");
    const [unset] = buildChecks(items, { env: {}, vars: {} });
    const result = await unset?.run(context, new AbortController().signal);
    expect(result).toMatchObject({ status: "error", summary: "cannot build the check: no Prometheus URL" });
  });
});
