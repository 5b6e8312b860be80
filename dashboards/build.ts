/**
 * The committed dashboard JSON, generated from dashboards/src/*.ts: `npm run gen` writes these
 * files, and test/observe/dashboards.test.ts fails when they are out of date.
 */
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { deploysDashboard } from "./src/deploys.js";
import { fleetDashboard } from "./src/fleet.js";
import { sloDashboard } from "./src/slo.js";

/** Each dashboard by its file name under dashboards/. */
export const DASHBOARDS: Readonly<Record<string, () => dashboard.Dashboard>> = {
  "fleet.json": fleetDashboard,
  "deploys.json": deploysDashboard,
  "slo.json": sloDashboard,
};

/** Grafana wants a unique id per panel (rows included): 1, 2, … in layout order. */
function numbered(built: dashboard.Dashboard): dashboard.Dashboard {
  return { ...built, panels: (built.panels ?? []).map((panel, index) => ({ ...panel, id: index + 1 })) };
}

/** Repository-relative path → file content, for scripts/generate.ts. */
export function dashboardFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, make] of Object.entries(DASHBOARDS)) files[`dashboards/${name}`] = `${JSON.stringify(numbered(make()), null, 2)}\n`;
  return files;
}
