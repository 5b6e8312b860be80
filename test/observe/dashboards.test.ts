/** The committed dashboard JSON is what dashboards/build.ts generates, and every panel asks the chosen Prometheus. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dashboardFiles } from "../../dashboards/build.js";
import { CATALOGUE } from "../../src/metrics/catalogue.js";
import { repoRoot } from "../helpers/cli.js";
import { dashboardJsonFiles, metricNames, panelQueries, substitute } from "./queries.js";

const catalogued = new Set<string>(CATALOGUE.map((spec) => spec.name));

describe("dashboards", () => {
  it("are committed exactly as generated (run `npm run gen` after changing dashboards/src)", () => {
    const files = dashboardFiles();
    expect(Object.keys(files).sort()).toEqual(dashboardJsonFiles().map((name) => `dashboards/${name}`));
    for (const [path, content] of Object.entries(files)) expect(readFileSync(join(repoRoot, path), "utf8"), path).toBe(content);
  });

  it("take the data source and the environment as variables, and give each panel a unique id", () => {
    for (const name of dashboardJsonFiles()) {
      const json = JSON.parse(readFileSync(join(repoRoot, "dashboards", name), "utf8")) as {
        uid: string;
        templating: { list: { name: string; type: string; query?: unknown }[] };
        panels: { id: number }[];
      };
      const variables = new Map(json.templating.list.map((v) => [v.name, v]));
      expect(variables.get("datasource"), name).toMatchObject({ type: "datasource", query: "prometheus" });
      expect(variables.get("environment")?.type, name).toBe("query");
      const ids = json.panels.map((panel) => panel.id);
      expect(new Set(ids).size, name).toBe(ids.length);
      expect(json.uid).toMatch(/^runwarden-/);
    }
  });

  it("query only the chosen data source, only catalogued metrics, and only variables they define", () => {
    const queries = panelQueries();
    expect(new Set(queries.map((q) => q.dashboard))).toEqual(new Set(["fleet.json", "deploys.json", "slo.json"]));
    expect(queries.length).toBeGreaterThanOrEqual(30);
    for (const query of queries) {
      expect(query.datasourceUid, `${query.dashboard} / ${query.panel}`).toBe("${datasource}");
      expect(() => substitute(query.expr)).not.toThrow();
      for (const name of metricNames(query.expr)) expect(catalogued.has(name), `${name} in ${query.dashboard} / ${query.panel}`).toBe(true);
    }
  });

  it("show what the issue asks for: fleet health, skew, offline-busy; p95 against 600 s; error budget and burn rate", () => {
    const exprs = (dashboard: string) =>
      panelQueries()
        .filter((q) => q.dashboard === dashboard)
        .map((q) => q.expr)
        .join("\n");
    for (const metric of [
      "runwarden_runner_group_healthy",
      "runwarden_runner_group_runners",
      "runwarden_runner_group_outdated",
      "runwarden_runner_group_offline_busy",
      "runwarden_runner_group_wrong_group",
    ])
      expect(exprs("fleet.json")).toContain(metric);
    for (const metric of [
      "runwarden_deploys_total",
      "p95_1h",
      "queue_seconds",
      "runwarden_failovers_total",
      "failure_class",
      "runwarden_last_success_timestamp_seconds",
    ])
      expect(exprs("deploys.json")).toContain(metric);
    expect(readFileSync(join(repoRoot, "dashboards", "deploys.json"), "utf8")).toContain('"value": 600');
    expect(exprs("slo.json")).toContain("/ (1 - $slo_target)");
  });
});
