/** Shared result shapes. Findings and verdicts are data; renderers turn them into text, JSON, … */

export type ExitCode = 0 | 1 | 2 | 3;

export const EXIT = {
  ok: 0,
  negative: 1,
  badInput: 2,
  undecided: 3,
} as const satisfies Record<string, ExitCode>;

export type Severity = "error" | "warning" | "notice";
