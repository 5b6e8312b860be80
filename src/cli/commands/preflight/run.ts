/**
 * `runwarden preflight --environment E`: the environment's preflight checks, built from runwarden.yml
 * over the real inventory (and GitHub, when a check needs it), run concurrently under one deadline;
 * a table, JSON, or GitHub outputs + step summary + annotations. Exit 0 all pass (warnings allowed),
 * 1 any check failed, 3 when only checks that could not tell stand in the way.
 */
import { formatMs } from "../../../checks/format.js";
import { verdictExit, type CheckResult, type CheckStatus, type Verdict } from "../../../model/check.js";
import { InputError } from "../../../model/errors.js";
import type { ExitCode } from "../../../model/result.js";
import { markdownTable, type Annotation } from "../../../output/github.js";
import type { Io } from "../../../output/io.js";
import { startProgress } from "../../../output/progress.js";
import { emitReport, type Report } from "../../../output/report.js";
import { table, type Style } from "../../../output/style.js";
import type { PreflightReport } from "../../../preflight/index.js";
import { withInterrupt } from "../../interrupt.js";
import { version } from "../../version.js";

export interface PreflightOptions {
  readonly config: string;
  readonly environment: string;
  readonly json: boolean;
  /** The deployed commit for `{{ sha }}`; default `$GITHUB_SHA`. */
  readonly sha?: string;
  /** The whole preflight ends by then (ms). Default 60 s. */
  readonly deadline?: number;
  /** Checks in flight at once. Default 32. */
  readonly concurrency?: number;
}

export interface PreflightData {
  readonly environment: string;
  readonly verdict: Verdict;
  readonly counts: Readonly<Record<CheckStatus, number>>;
  readonly duration_ms: number;
  readonly deadline_ms: number;
  readonly results: readonly CheckResult[];
}

const ORDER: Readonly<Record<CheckStatus, number>> = { fail: 0, error: 1, warn: 2, pass: 3 };
const MARK: Readonly<Record<CheckStatus, string>> = { pass: "✓", warn: "!", fail: "✗", error: "?" };
const EMOJI: Readonly<Record<CheckStatus, string>> = { pass: "✅", warn: "⚠️", fail: "❌", error: "❓" };

function worstFirst(results: readonly CheckResult[]): CheckResult[] {
  return results.map((result, index) => ({ result, index })).sort((a, b) => ORDER[a.result.status] - ORDER[b.result.status] || a.index - b.index).map(({ result }) => result);
}

function countsText(counts: Readonly<Record<CheckStatus, number>>): string {
  return (["pass", "warn", "fail", "error"] as const).filter((status) => counts[status] > 0).map((status) => `${counts[status]} ${status}`).join(", ") || "no checks";
}

function headline(data: PreflightData): string {
  const what = data.verdict === "pass" ? "ready" : data.verdict === "fail" ? "NOT ready" : "could not tell";
  return `preflight ${data.environment}: ${what} — ${data.results.length} check(s): ${countsText(data.counts)} in ${formatMs(data.duration_ms)} (deadline ${formatMs(data.deadline_ms)})`;
}

function paint(status: CheckStatus, style: Style): (text: string) => string {
  return status === "pass" ? style.green : status === "warn" ? style.yellow : style.red;
}

function text(data: PreflightData, style: Style): string {
  const mark = data.verdict === "pass" ? style.green("✓") : data.verdict === "fail" ? style.red("✗") : style.yellow("?");
  const rows = worstFirst(data.results).map((r) => [paint(r.status, style)(`${MARK[r.status]} ${r.status}`), r.id, r.summary, style.dim(formatMs(r.durationMs))]);
  const lines = [`${mark} ${style.bold(headline(data))}`];
  if (rows.length > 0) lines.push("", table([["status", "check", "summary", "time"].map(style.dim), ...rows]));
  const details = worstFirst(data.results).filter((r) => r.status !== "pass" && r.evidence.length > 0);
  if (details.length > 0) {
    lines.push("", style.dim("evidence:"));
    for (const result of details) {
      lines.push(`  ${result.id}`);
      for (const line of result.evidence.slice(0, 5)) lines.push(`    ${style.dim(line)}`);
      if (result.evidence.length > 5) lines.push(`    ${style.dim(`(+${result.evidence.length - 5} more; --json has all)`)}`);
    }
  }
  if (data.verdict === "error") lines.push("", style.yellow("Some checks could not tell (timeouts, providers down): nothing failed, but readiness is not proven."));
  return lines.join("\n");
}

function summary(data: PreflightData): string {
  const icon = data.verdict === "pass" ? "✅" : data.verdict === "fail" ? "❌" : "❓";
  const rows = worstFirst(data.results).map((r) => [`${EMOJI[r.status]} ${r.status}`, r.id, r.summary, formatMs(r.durationMs)]);
  return [`### runwarden ${headline(data)} ${icon}`, "", rows.length === 0 ? "No checks." : markdownTable(["status", "check", "summary", "time"], rows)].join("\n");
}

export function preflightReport(data: PreflightData): Report<PreflightData> {
  const annotations: Annotation[] = data.results
    .filter((r) => r.status !== "pass")
    .map((r) => ({
      level: r.status === "warn" ? "warning" : "error",
      title: `preflight ${r.status}: ${r.id}`,
      message: r.status === "error" ? `could not tell: ${r.summary}` : r.summary,
    }));
  return {
    exitCode: verdictExit(data.verdict),
    data,
    text: (style) => text(data, style),
    github: {
      outputs: {
        verdict: data.verdict,
        passed: String(data.counts.pass),
        warnings: String(data.counts.warn),
        failed: String(data.counts.fail),
        errors: String(data.counts.error),
        failed_checks: data.results.filter((r) => r.status === "fail" || r.status === "error").map((r) => r.id).join(","),
      },
      summary: summary(data),
      annotations,
    },
  };
}

function reportData(environment: string, report: PreflightReport): PreflightData {
  return { environment, verdict: report.verdict, counts: report.counts, duration_ms: report.durationMs, deadline_ms: report.deadlineMs, results: report.results };
}

export async function preflight(options: PreflightOptions, io: Io): Promise<ExitCode> {
  const { loadConfig } = await import("../../../config/load.js");
  const { loadEnvironment, checkContext } = await import("../../../preflight/environment.js");
  const { githubContext, needsGithub } = await import("../../../preflight/github.js");
  const { buildChecks } = await import("../../../checks/factory.js");
  const { runPreflight } = await import("../../../preflight/run.js");

  const loaded = loadConfig(options.config, { cwd: io.cwd });
  const sha = options.sha ?? io.env.GITHUB_SHA;
  const setup = loadEnvironment(loaded, options.environment, sha === undefined ? {} : { sha });
  const items = setup.environment.preflight;
  if (items.length === 0) {
    throw new InputError("RW_NO_CHECKS", `environment '${setup.name}' has no preflight checks: nothing would be proven`, [{ location: { file: options.config }, path: `environments.${setup.name}.preflight`, message: "empty or missing" }], {
      hint: "add checks under environments.<name>.preflight (docs/checks.md), e.g. - disk: { path: /, min_free: 5GiB }",
    });
  }
  for (const warning of setup.warnings) io.stderr.write(`[WARNING]: ${warning}\n`);
  const minLength = loaded.config.mask.min_secret_length;
  for (const name of new Set([...(setup.environment.deploy?.secrets ?? []), ...loaded.config.mask.secrets])) {
    const value = io.env[name];
    if (value !== undefined && value.trim() !== "") io.masker.addSecret(value, `environment variable ${name}`, { minLength });
  }
  const github = needsGithub(items)
    ? await githubContext(setup, { env: io.env, onSecret: (value, source) => io.masker.addSecret(value, source), userAgent: `runwarden/${version}` })
    : undefined;
  const checks = buildChecks(items, checkContext(setup, { env: io.env, ...(github === undefined ? {} : { github }) }));

  const progress = startProgress(io.stderr, `preflight ${setup.name}: ${checks.length} check(s)`, { quiet: options.json });
  const deadlineMs = options.deadline ?? setup.environment.preflight_deadline;
  let report: PreflightReport;
  try {
    report = await withInterrupt(({ signal }) =>
      runPreflight(checks, {
        signal,
        context: { env: io.env, now: io.now, masker: io.masker },
        ...(deadlineMs === undefined ? {} : { deadlineMs }),
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        onProgress: (done, total, latest) => progress.update(`${done}/${total} done, last: ${latest.id} ${latest.status}`),
      }),
    );
  } finally {
    progress.done();
  }
  return emitReport(io, preflightReport(reportData(setup.name, report)), { json: options.json });
}
