/** `runwarden lint`: lint, render in the chosen format, and inside Actions add annotations, SARIF and outputs. */
import { join, resolve } from "node:path";
import { annotationsOf, lineReader, lintExitCode, lintPaths, renderJson, renderText, sarifInput, type LintSeverity } from "../../../lint/index.js";
import type { ExitCode } from "../../../model/result.js";
import { inActions, publishToGithub } from "../../../output/github.js";
import type { Io } from "../../../output/io.js";
import { renderSarif } from "../../../output/sarif.js";
import { version } from "../../version.js";
import { stepSummary, summaryLine } from "./render.js";

export interface LintOptions {
  readonly config: string;
  readonly json: boolean;
  readonly format: "text" | "json" | "sarif";
  readonly severity?: LintSeverity;
  readonly output?: string;
  readonly sarifFile?: string;
  readonly jobs?: number;
}

export async function lint(paths: readonly string[], options: LintOptions, io: Io): Promise<ExitCode> {
  const result = await lintPaths(paths, {
    cwd: io.cwd,
    config: options.config,
    ...(options.severity === undefined ? {} : { threshold: options.severity }),
    ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
  });
  const format = options.json ? "json" : options.format;
  const sarif = () => renderSarif(sarifInput(result, { version, lineOf: lineReader(io.cwd, 64 * 1024 * 1024) }));
  const body = format === "json" ? renderJson(result) : format === "sarif" ? sarif() : renderText(result.findings);
  if (options.output === undefined) io.stdout.write(body);
  else io.files.write(resolve(io.cwd, options.output), body);
  if (format === "text" || options.output !== undefined) io.stderr.write(summaryLine(result));

  const actions = inActions(io.env);
  const sarifFile = options.sarifFile ?? (actions ? join(io.env.RUNNER_TEMP ?? io.cwd, "runwarden-lint.sarif") : undefined);
  if (sarifFile !== undefined) io.files.write(resolve(io.cwd, sarifFile), format === "sarif" ? body : sarif());
  // Annotations are workflow commands on stdout: never mixed into JSON or SARIF printed there.
  const annotate = format === "text" || options.output !== undefined;
  publishToGithub(io, {
    outputs: { findings: String(result.findings.length), ...(sarifFile === undefined ? {} : { "sarif-file": resolve(io.cwd, sarifFile) }) },
    summary: stepSummary(result),
    ...(annotate ? { annotations: annotationsOf(result.findings) } : {}),
  });
  return lintExitCode(result);
}
