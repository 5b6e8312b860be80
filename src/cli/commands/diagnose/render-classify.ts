/** A job's failure classification rendered: text, `--json`, and inside Actions outputs, a step summary and a notice. */
import type { Classification, SignatureMatch } from "../../../diagnose/classify.js";
import { EXIT } from "../../../model/result.js";
import { markdownTable } from "../../../output/github.js";
import type { Report } from "../../../output/report.js";
import type { Style } from "../../../output/style.js";
import { usageText, type GithubUsage } from "../../session.js";

export interface ClassifyReportData extends Classification {
  readonly run_id: number;
  readonly job: {
    readonly id: number;
    readonly name: string;
    readonly status: string;
    readonly conclusion: string | null;
    readonly run_attempt: number | null;
    readonly runner_name: string | null;
    readonly runner_group_name: string | null;
  };
  readonly evidence: { readonly annotations: number; readonly log: "present" | "missing" | "not read"; readonly runner: string };
  readonly github: GithubUsage;
}

function matchLine(match: SignatureMatch): string {
  return `${match.id} (${match.class}${match.strength === "generic" ? ", generic" : ""}): ${match.evidence}`;
}

function text(data: ClassifyReportData, style: Style): string {
  const verdict = data.failover ? style.yellow("failover: yes") : "failover: no";
  const lines = [
    `${style.bold(`classify ${data.job.name}`)} (run ${data.run_id}, attempt ${data.job.run_attempt ?? "?"}, job ${data.job.id}) — ${style.bold(data.class)} · ${verdict}`,
    `  ${data.summary}`,
    `  job: ${data.job.status}${data.job.conclusion === null ? "" : `/${data.job.conclusion}`}, runner ${data.job.runner_name ?? "none"}${data.job.runner_group_name === null ? "" : ` (${data.job.runner_group_name})`}`,
    `  evidence: ${data.evidence.annotations} annotation(s), log ${data.evidence.log}; ${data.evidence.runner}`,
  ];
  if (data.signature !== null) lines.push(`  what to do: ${data.signature.remediation}`);
  if (data.matched.length > 0) {
    lines.push("", style.dim("signatures matched:"));
    for (const match of data.matched) lines.push(`  ${match === data.signature ? "→" : "·"} ${matchLine(match)}`);
  }
  lines.push("", style.dim(`GitHub: ${usageText(data.github)}`));
  return lines.join("\n");
}

function summary(data: ClassifyReportData): string {
  return [
    `### runwarden diagnose: ${data.job.name} — ${data.class} ${data.failover ? "→ failover" : "(no failover)"}`,
    "",
    data.summary,
    "",
    ...(data.signature === null ? [] : [`**What to do:** ${data.signature.remediation}`, ""]),
    ...(data.matched.length === 0
      ? []
      : [
          markdownTable(
            ["signature", "class", "evidence"],
            data.matched.map((m) => [m.id, m.class, m.evidence]),
          ),
        ]),
  ].join("\n");
}

export function classifyReport(data: ClassifyReportData): Report<ClassifyReportData> {
  return {
    exitCode: EXIT.ok,
    data,
    text: (style) => text(data, style),
    github: {
      outputs: { class: data.class, failover: String(data.failover), signature: data.signature?.id ?? "" },
      summary: summary(data),
      annotations: [{ level: data.failover ? "warning" : "notice", title: "runwarden diagnose", message: `${data.job.name}: ${data.summary}` }],
    },
  };
}
