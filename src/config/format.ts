/** One problem as text: `file:line:col: message (at path) — expected X, found Y.` plus an indented hint line. */
import { formatLocation, type Problem } from "../model/errors.js";

export function formatProblem(problem: Problem): string {
  let line = `${formatLocation(problem.location)}: ${problem.message}`;
  if (problem.path !== undefined && problem.path !== "") line += ` (at ${problem.path})`;
  const parts: string[] = [];
  if (problem.expected !== undefined) parts.push(`expected ${problem.expected}`);
  if (problem.found !== undefined) parts.push(`found ${problem.found}`);
  if (parts.length > 0) line += ` — ${parts.join(", ")}`;
  line += ".";
  return problem.hint === undefined ? line : `${line}\n  hint: ${problem.hint}`;
}
