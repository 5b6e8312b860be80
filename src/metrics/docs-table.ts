/** The metrics table of docs/metrics.md, rendered from the catalogue (a test keeps the page in step). */
import { CATALOGUE, type MetricSpec } from "./catalogue.js";

export const TABLE_BEGIN = "<!-- metrics table: generated from src/metrics/catalogue.ts -->";
export const TABLE_END = "<!-- end of metrics table -->";

function row(spec: MetricSpec): string {
  const labels = spec.labels.length === 0 ? "—" : spec.labels.map((label) => `\`${label}\``).join(", ");
  const type = spec.buckets === undefined ? spec.type : `histogram (${spec.buckets.join(", ")} s)`;
  return `| \`${spec.name}\` | ${type} | ${labels} | ${spec.source} | ${spec.help.replace(/\|/g, "\\|")} |`;
}

export function metricsTable(catalogue: readonly MetricSpec[] = CATALOGUE): string {
  return [TABLE_BEGIN, "| metric | type | labels | from | meaning |", "| --- | --- | --- | --- | --- |", ...catalogue.map(row), TABLE_END].join("\n");
}
