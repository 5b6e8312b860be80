/** The incident report rendered: a narrative for a tired person, `--json`, Actions outputs and a step summary; and the bundle's files. */
import type { BundleFile } from "../../../diagnose/bundle.js";
import type { IncidentReport } from "../../../diagnose/incident.js";
import { EXIT } from "../../../model/result.js";
import { markdownTable } from "../../../output/github.js";
import type { Report } from "../../../output/report.js";
import type { Style } from "../../../output/style.js";
import { usageText, type GithubUsage } from "../../session.js";

export interface IncidentReportData extends IncidentReport {
  readonly github: GithubUsage | null;
  readonly bundle: { readonly path: string; readonly files: number } | null;
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)} %`;
}

function text(data: IncidentReportData, style: Style): string {
  const lines: string[] = [];
  const [first, ...rest] = data.causes;
  const jobs = data.runs?.jobs ?? [];
  const failed = jobs.filter((job) => job.status === "completed").length;
  const queued = jobs.filter((job) => job.status === "queued").length;
  lines.push(style.bold(`diagnose ${data.environment}`) + style.dim(` — since ${data.since}, budget ${Math.round(data.budget_ms / 1000)} s`));
  if (data.runs !== null) lines.push(`  ${data.runs.runs.length} deploy run(s); ${failed} deploy job(s) failed, timed out or were cancelled; ${queued} queued`);
  if (first === undefined) {
    lines.push(
      "",
      data.main_source_missing
        ? style.yellow("Could not read the runs and jobs on GitHub: no cause can be named.")
        : "Nothing explains a failure: no known signature or state signal matched.",
    );
  } else {
    lines.push("", `${style.bold("Most likely:")} ${first.title} — ${style.bold(first.class)} (${first.signature}, ${percent(first.confidence)})`);
    if (data.decided !== null) lines.push(`  ${data.decided.job} of run ${data.decided.run_id}: ${data.decided.summary}`);
    for (const evidence of first.evidence.slice(0, 4)) lines.push(`  ${style.dim(evidence.source)}`, `    ${evidence.text}`);
    lines.push(`  ${style.bold("Next:")} ${first.remediation}`);
    if (rest.length > 0) {
      lines.push("", style.dim("Also possible:"));
      for (const cause of rest) {
        lines.push(`  · ${cause.title} — ${cause.class} (${cause.signature}, ${percent(cause.confidence)})`);
        const evidence = cause.evidence[0];
        if (evidence !== undefined) lines.push(`    ${evidence.text} ${style.dim(`[${evidence.source}]`)}`);
      }
    }
  }
  lines.push("", style.dim(`failover: ${data.failover ? "yes (a specific runner or infrastructure cause leads)" : "no"}`));
  lines.push(style.dim(`collected: ${data.collected.length} source(s)`));
  if (data.missing.length > 0) {
    lines.push(style.yellow(`missing: ${data.missing.length} source(s)`));
    for (const missing of data.missing) lines.push(`  - ${missing.source}: ${missing.reason}`);
  }
  if (data.bundle !== null) lines.push(style.dim(`bundle: ${data.bundle.path} (${data.bundle.files} files, manifest.json holds their SHA-256)`));
  if (data.github !== null) lines.push(style.dim(`GitHub: ${usageText(data.github)}`));
  return lines.join("\n");
}

function summary(data: IncidentReportData): string {
  const first = data.causes[0];
  const head = first === undefined ? "no known cause" : `${first.title} — ${first.class}`;
  return [
    `### runwarden diagnose: ${data.environment} — ${head}`,
    "",
    ...(first === undefined ? [] : [`**What to do:** ${first.remediation}`, ""]),
    ...(data.causes.length === 0
      ? []
      : [
          markdownTable(
            ["cause", "class", "confidence", "evidence"],
            data.causes.map((c) => [c.signature, c.class, percent(c.confidence), c.evidence[0]?.text ?? ""]),
          ),
        ]),
    ...(data.missing.length === 0 ? [] : ["", `**Not collected:** ${data.missing.map((m) => `${m.source} (${m.reason})`).join("; ")}`]),
  ].join("\n");
}

export function incidentReport(data: IncidentReportData): Report<IncidentReportData> {
  const first = data.causes[0];
  return {
    exitCode: data.main_source_missing ? EXIT.undecided : first === undefined ? EXIT.negative : EXIT.ok,
    data,
    text: (style) => text(data, style),
    github: {
      outputs: { class: first?.class ?? "unknown", failover: String(data.failover), signature: first?.signature ?? "" },
      summary: summary(data),
      annotations:
        first === undefined
          ? []
          : [{ level: data.failover ? "warning" : "notice", title: "runwarden diagnose", message: `${data.environment}: ${first.title} (${first.class})` }],
    },
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** What the bundle holds: the report, each classified job's evidence, the host's _diag lines, and every collector's findings. */
export function bundleFiles(report: IncidentReport): BundleFile[] {
  const files: BundleFile[] = [
    { path: "report.json", text: json({ ...report, runs: null, fleet: null, host: null, targets: null, monitoring: null, history: null }) },
  ];
  for (const job of report.runs?.jobs ?? []) {
    const facts = job.facts;
    files.push({ path: `jobs/${job.id}.json`, text: json({ ...job, facts: facts === undefined ? null : { ...facts, log: undefined } }) });
    if (typeof facts?.log === "string") files.push({ path: `jobs/${job.id}.log`, text: facts.log.split("\n").slice(-400).join("\n") });
  }
  if (report.host !== null) {
    files.push({ path: "host/diag.log", text: `${report.host.diag.map((line) => line.text).join("\n")}\n` });
    files.push({ path: "host/host.json", text: json({ ...report.host, diag: report.host.diag.length }) });
  }
  if (report.runs !== null) files.push({ path: "github/runs.json", text: json(report.runs.runs) });
  if (report.fleet !== null) files.push({ path: "github/fleet.json", text: json(report.fleet) });
  if (report.targets !== null) files.push({ path: "targets.json", text: json(report.targets) });
  if (report.monitoring !== null) files.push({ path: "monitoring.json", text: json(report.monitoring) });
  if (report.history !== null) files.push({ path: "history.json", text: json(report.history) });
  return files;
}
