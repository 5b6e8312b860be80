/**
 * GitHub Actions renderer: workflow commands (annotations), step outputs (`$GITHUB_OUTPUT`) and the
 * Markdown step summary (`$GITHUB_STEP_SUMMARY`). Written here rather than with @actions/core so that
 * every byte goes through runwarden's masker (docs/adr/0003-own-github-actions-renderer.md).
 */
import type { Severity } from "../model/result.js";
import type { Env, Io } from "./io.js";

export interface Annotation {
  readonly level: Severity;
  readonly message: string;
  readonly title?: string;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
}

export interface GithubReport {
  /** Step outputs, readable as `steps.<id>.outputs.<name>` / `needs.<job>.outputs.<name>`. */
  readonly outputs?: Readonly<Record<string, string>>;
  /** Markdown appended to the job's step summary. */
  readonly summary?: string;
  readonly annotations?: readonly Annotation[];
}

/** Escaping of a workflow command's message (actions/toolkit `escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escaping of a workflow command's property value (actions/toolkit `escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const annotationCommand = { error: "error", warning: "warning", notice: "notice" } as const;

export function formatAnnotation(annotation: Annotation): string {
  const props: string[] = [];
  if (annotation.file !== undefined) props.push(`file=${escapeProperty(annotation.file)}`);
  if (annotation.line !== undefined) props.push(`line=${annotation.line}`);
  if (annotation.col !== undefined) props.push(`col=${annotation.col}`);
  if (annotation.title !== undefined) props.push(`title=${escapeProperty(annotation.title)}`);
  const head = props.length > 0 ? ` ${props.join(",")}` : "";
  return `::${annotationCommand[annotation.level]}${head}::${escapeData(annotation.message)}\n`;
}

/** One `name<<DELIMITER` block for `$GITHUB_OUTPUT` (safe for multi-line values). */
export function formatOutput(name: string, value: string, delimiter = `ghadelimiter_${globalThis.crypto.randomUUID()}`): string {
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new RangeError(`output ${name}: value contains the delimiter`);
  }
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

export function inActions(env: Env): boolean {
  return env.GITHUB_ACTIONS === "true";
}

/** Publishes a report to the surrounding GitHub Actions job; does nothing outside Actions. */
export function publishToGithub(io: Io, report: GithubReport): void {
  if (!inActions(io.env)) return;
  for (const annotation of report.annotations ?? []) io.stdout.write(formatAnnotation(annotation));
  const outputFile = io.env.GITHUB_OUTPUT;
  if (report.outputs !== undefined && outputFile !== undefined && outputFile !== "") {
    const text = Object.entries(report.outputs)
      .map(([name, value]) => formatOutput(name, value))
      .join("");
    if (text !== "") io.files.append(outputFile, text);
  }
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (report.summary !== undefined && summaryFile !== undefined && summaryFile !== "") {
    io.files.append(summaryFile, report.summary.endsWith("\n") ? report.summary : `${report.summary}\n`);
  }
}

/** A Markdown table; pipes and newlines inside cells are escaped. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string) => text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return `${[line(headers), `|${headers.map(() => " --- ").join("|")}|`, ...rows.map(line)].join("\n")}\n`;
}
