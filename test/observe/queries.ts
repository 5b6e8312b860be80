/**
 * The PromQL runwarden ships, gathered for tests: every panel target of the generated dashboards
 * and every rule of prometheus/rules/, with Grafana's variables replaced the way Grafana would.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../helpers/cli.js";

export const rulesDir = join(repoRoot, "prometheus", "rules");
export const ruleTestsDir = join(repoRoot, "prometheus", "tests");
export const dashboardsDir = join(repoRoot, "dashboards");

export interface Rule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export function ruleFiles(): string[] {
  return readdirSync(rulesDir)
    .filter((name) => name.endsWith(".yml"))
    .sort()
    .map((name) => join(rulesDir, name));
}

export function rules(): Rule[] {
  return ruleFiles().flatMap((path) => (parse(readFileSync(path, "utf8")) as { groups: { rules: Rule[] }[] }).groups.flatMap((group) => group.rules));
}

export interface PanelQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly expr: string;
  readonly instant: boolean;
  readonly datasourceUid: string | undefined;
}

interface PanelJson {
  type: string;
  title: string;
  targets?: { expr?: string; instant?: boolean; datasource?: { uid?: string } }[];
  panels?: PanelJson[];
}

export function dashboardJsonFiles(): string[] {
  return readdirSync(dashboardsDir)
    .filter((name) => name.endsWith(".json"))
    .sort();
}

export function panelQueries(): PanelQuery[] {
  const out: PanelQuery[] = [];
  for (const name of dashboardJsonFiles()) {
    const json = JSON.parse(readFileSync(join(dashboardsDir, name), "utf8")) as { panels: PanelJson[] };
    const walk = (panels: readonly PanelJson[]) => {
      for (const panel of panels) {
        for (const target of panel.targets ?? []) {
          if (target.expr !== undefined)
            out.push({ dashboard: name, panel: panel.title, expr: target.expr, instant: target.instant === true, datasourceUid: target.datasource?.uid });
        }
        walk(panel.panels ?? []);
      }
    };
    walk(json.panels);
  }
  return out;
}

/** Grafana's variables as a test Prometheus needs them ("All" selected for multi-value variables). */
const VARIABLES: Readonly<Record<string, string>> = {
  environment: ".*",
  group: ".*",
  slo_target: "0.95",
  __range: "1h",
  __rate_interval: "1m",
  __interval: "15s",
};

/** Replaces `$name` / `${name}`; throws on a variable the dashboards do not define here. */
export function substitute(expr: string): string {
  return expr.replace(/\$\{?(\w+)\}?/g, (_match, name: string) => {
    const value = VARIABLES[name];
    if (value === undefined) throw new Error(`unknown dashboard variable $${name} in ${expr}`);
    return value;
  });
}

/** runwarden metric names an expression refers to (histogram series suffixes removed). */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  for (const match of expr.matchAll(/(?<![:\w])(runwarden_[a-z_]+)/g)) {
    const name = match[1] ?? "";
    names.add(name.replace(/_(bucket|sum|count)$/, ""));
  }
  return [...names];
}
