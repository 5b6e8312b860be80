/** Expected key lines against actual output: in order, `…` a wildcard, runs of spaces equal. */

function normalise(line: string): string {
  return line.replace(/\s+/g, " ").trim();
}

function linePattern(expected: string): RegExp {
  const parts = normalise(expected)
    .split("…")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`);
}

export interface MatchResult {
  readonly ok: boolean;
  /** The first expected line not found (after the previous ones), when not ok. */
  readonly missing?: string;
}

/** Every expected line (a lone `…` skipped) matches a whole output line, after the previous match. */
export function matchKeyLines(expected: readonly string[], output: string): MatchResult {
  const actual = output.split("\n").map(normalise);
  let from = 0;
  for (const line of expected) {
    if (normalise(line) === "…" || normalise(line) === "") continue;
    const pattern = linePattern(line);
    const found = actual.findIndex((candidate, index) => index >= from && pattern.test(candidate));
    if (found === -1) return { ok: false, missing: line };
    from = found + 1;
  }
  return { ok: true };
}
