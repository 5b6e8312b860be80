/** Renderers of `runwarden report`: the figures as JSON data, as text, and as Markdown (a weekly post or a step summary). */
import { formatDuration } from "../../../model/duration.js";
import { EXIT } from "../../../model/result.js";
import type { Report } from "../../../output/report.js";
import { table, type Style } from "../../../output/style.js";
import type { EnvironmentFigures } from "../../../report/index.js";
import { formatWindow } from "../../../report/window.js";
import { usageText, type GithubUsage } from "../../session.js";

export interface ReportData {
  /** Where the deploys were read: `sqlite:/abs/path`, the PostgreSQL URL, or the GitHub repository and workflow. */
  readonly source: string;
  readonly since: string;
  readonly until: string;
  readonly window_ms: number;
  readonly environments: readonly EnvironmentFigures[];
  readonly github?: GithubUsage;
}

const time = (seconds: number | null): string => (seconds === null ? "–" : formatDuration(Math.round(seconds) * 1000));
const percent = (ratio: number | null): string => (ratio === null ? "–" : `${(Math.round(ratio * 1000) / 10).toFixed(1)} %`);
const perDay = (value: number): string => (Math.round(value * 100) / 100).toString();

function classes(figures: EnvironmentFigures): string {
  return figures.failure_classes.length === 0 ? "none" : figures.failure_classes.map((c) => `${c.failure_class} ${c.count}`).join(", ");
}

function mttr(figures: EnvironmentFigures): string {
  const open = figures.open_failures === 0 ? "" : ` (${figures.open_failures} failure${figures.open_failures === 1 ? "" : "s"} not recovered yet)`;
  return `${time(figures.mttr_seconds)}${open}`;
}

function heading(data: ReportData): string {
  return `deploy report, ${data.since.slice(0, 10)} → ${data.until.slice(0, 10)} (${formatWindow(data.window_ms)}), from ${data.source}`;
}

function environmentText(f: EnvironmentFigures, style: Style): string {
  const mark = (met: boolean) => (met ? style.green("✓") : style.red("✗"));
  const verdict = f.slo.met ? style.green("SLO met") : style.red("SLO breached");
  const rows = [
    ["deploys", `${f.deploys} (${f.succeeded} succeeded, ${f.failed} failed; ${f.cancelled} cancelled, ${f.running} running)`],
    ["success rate", `${percent(f.success_rate)} (target ≥ ${percent(f.slo.success_rate_target)}) ${mark(f.slo.success_rate_met)}`],
    [
      "run time",
      `p50 ${time(f.p50_seconds)} · p95 ${time(f.p95_seconds)} (target ≤ ${time(f.slo.p95_target_seconds)}) ${mark(f.slo.p95_met)} · max ${time(f.max_seconds)}`,
    ],
    [
      "queue time",
      f.queued === 0
        ? "not recorded"
        : `p50 ${time(f.queue_p50_seconds)} · p95 ${time(f.queue_p95_seconds)} · max ${time(f.queue_max_seconds)} (${f.queued} deploys)`,
    ],
    ["failovers", `${f.failovers} (${f.failovers_succeeded} succeeded)`],
    ["re-runs", `${f.reruns} (${f.reruns_succeeded} succeeded)`],
    ["failure classes", classes(f)],
    ["MTTR", mttr(f)],
    ["change failure", percent(f.change_failure_rate)],
    ["frequency", `${perDay(f.deploys_per_day)} successful deploys a day`],
  ];
  return [`${style.bold(f.environment)} — ${verdict}`, table(rows.map(([name = "", value = ""]) => [`  ${style.dim(name)}`, value]))].join("\n");
}

function text(data: ReportData, style: Style): string {
  const parts = [style.bold(heading(data)), ...data.environments.map((f) => environmentText(f, style))];
  if (data.github !== undefined) parts.push(`GitHub: ${usageText(data.github)}`);
  return parts.join("\n\n");
}

export function markdown(data: ReportData): string {
  const header = "| environment | SLO | deploys | success rate | p50 | p95 | max | queue p95 | failovers | re-runs | MTTR | change failure | deploys/day |";
  const rows = data.environments.map((f) =>
    [
      f.environment,
      f.slo.met ? "✅ met" : "❌ breached",
      `${f.succeeded}/${f.deploys}`,
      `${percent(f.success_rate)} (≥ ${percent(f.slo.success_rate_target)})`,
      time(f.p50_seconds),
      `${time(f.p95_seconds)} (≤ ${time(f.slo.p95_target_seconds)})`,
      time(f.max_seconds),
      f.queued === 0 ? "–" : time(f.queue_p95_seconds),
      `${f.failovers} (${f.failovers_succeeded} ok)`,
      `${f.reruns} (${f.reruns_succeeded} ok)`,
      mttr(f),
      percent(f.change_failure_rate),
      perDay(f.deploys_per_day),
    ].join(" | "),
  );
  const failures = data.environments.filter((f) => f.failed > 0).map((f) => `- **${f.environment}** failure classes: ${classes(f)}`);
  return [
    `### Deploy report: ${data.since.slice(0, 10)} → ${data.until.slice(0, 10)} (${formatWindow(data.window_ms)})`,
    "",
    header,
    `|${" --- |".repeat(13)}`,
    ...rows.map((row) => `| ${row} |`),
    ...(failures.length === 0 ? [] : ["", ...failures]),
    "",
    `Source: ${data.source}. Each deploy counts once, by its latest attempt; cancelled and superseded deploys are not counted.`,
  ].join("\n");
}

export function reportOf(input: Omit<ReportData, "github">, format: "text" | "markdown", github: GithubUsage | undefined): Report<ReportData> {
  const data: ReportData = github === undefined ? input : { ...input, github };
  const breached = data.environments.some((f) => !f.slo.met);
  const summary = markdown(data);
  return {
    exitCode: breached ? EXIT.negative : EXIT.ok,
    data,
    text: (style) => (format === "markdown" ? summary : text(data, style)),
    github: { summary, outputs: { slo_met: String(!breached) } },
  };
}
