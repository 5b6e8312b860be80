/** Renderers of errors: the CLI boundary shows them as text, JSON or GitHub annotations. */
import { InputError, type RunwardenError, formatLocation, type Problem } from "../model/errors.js";
import type { Annotation } from "./github.js";
import { createStyle, type Style } from "./style.js";

export interface ErrorData {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly problems?: readonly Problem[];
}

export function errorData(err: RunwardenError): ErrorData {
  const problems = err instanceof InputError ? err.problems : undefined;
  return {
    code: err.code,
    message: err.message,
    ...(err.hint === undefined ? {} : { hint: err.hint }),
    ...(problems === undefined || problems.length === 0 ? {} : { problems }),
  };
}

/** `file:line:col: message (at path) — expected X, found Y` plus an indented hint line. */
export function formatProblemText(problem: Problem, style: Style): string {
  let head = `${style.bold(formatLocation(problem.location))}: ${problem.message}`;
  if (problem.path !== undefined && problem.path !== "") head += style.dim(` (at ${problem.path})`);
  const detail: string[] = [];
  if (problem.expected !== undefined) detail.push(`expected ${problem.expected}`);
  if (problem.found !== undefined) detail.push(`found ${problem.found}`);
  if (detail.length > 0) head += ` — ${detail.join(", ")}`;
  return problem.hint === undefined ? head : `${head}\n  ${style.cyan("hint:")} ${problem.hint}`;
}

/** The same line without colour: for findings that quote a problem (lint), and for tests. */
export function formatProblem(problem: Problem): string {
  return formatProblemText(problem, createStyle(false));
}

export function formatErrorText(err: RunwardenError, style: Style): string {
  const lines = [`${style.red("error")} ${style.dim(`[${err.code}]`)}: ${err.message}`];
  if (err instanceof InputError) {
    for (const problem of err.problems) lines.push(formatProblemText(problem, style));
  }
  if (err.hint !== undefined) lines.push(`${style.cyan("hint:")} ${err.hint}`);
  return `${lines.join("\n")}\n`;
}

export function errorAnnotations(err: RunwardenError): Annotation[] {
  const data = errorData(err);
  if (data.problems === undefined) return [{ level: "error", title: data.code, message: data.message }];
  return data.problems.map((problem) => ({
    level: "error",
    title: data.code,
    message: problem.hint === undefined ? problem.message : `${problem.message}\n${problem.hint}`,
    file: problem.location.file,
    ...(problem.location.line === undefined ? {} : { line: problem.location.line }),
    ...(problem.location.col === undefined ? {} : { col: problem.location.col }),
  }));
}
