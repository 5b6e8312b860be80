/**
 * Inline suppressions: `# runwarden-lint: ignore <rule>[,<rule>] -- <reason>` at the end of the
 * finding's line, or alone on the line before it. The reason is required and the rules must exist;
 * otherwise the comment silences nothing and is reported (`suppression-invalid`).
 */
import { lineText, type SourceText } from "./source.js";
import type { RawFinding } from "./types.js";

export interface Suppression {
  /** The line whose findings it silences. */
  readonly line: number;
  readonly rules: ReadonlySet<string>;
  used: boolean;
}

const COMMENT = /#\s*runwarden-lint\s*:\s*(.*)$/;
const FORM = /^ignore\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?:--\s*(.*))?$/;

export interface ReadSuppressions {
  readonly suppressions: Suppression[];
  readonly invalid: RawFinding[];
}

export function readSuppressions(source: SourceText, known: (id: string) => boolean): ReadSuppressions {
  const suppressions: Suppression[] = [];
  const invalid: RawFinding[] = [];
  if (!source.text.includes("runwarden-lint")) return { suppressions, invalid };
  for (let line = 1; line <= source.lineStarts.length; line++) {
    const text = lineText(source, line);
    const match = COMMENT.exec(text);
    if (match === null) continue;
    const col = match.index + 1;
    const form = FORM.exec((match[1] ?? "").trim());
    const span = { start: { line, col } };
    if (form === null) {
      invalid.push({ span, message: "suppression comment not understood: write '# runwarden-lint: ignore <rule-id>[,<rule-id>] -- <reason>'" });
      continue;
    }
    const rules = (form[1] ?? "").split(",").map((id) => id.trim());
    const unknown = rules.filter((id) => !known(id));
    const reason = (form[2] ?? "").trim();
    if (unknown.length > 0) {
      invalid.push({
        span,
        message: `suppression names unknown rule${unknown.length === 1 ? "" : "s"} ${unknown.map((id) => `'${id}'`).join(", ")} (docs/lint.md lists them); it silences nothing`,
      });
      continue;
    }
    if (reason === "") {
      invalid.push({ span, message: `suppression of ${rules.join(", ")} without a reason: add '-- <why this is safe>'; it silences nothing until then` });
      continue;
    }
    const alone = text.slice(0, match.index).trim() === "";
    suppressions.push({ line: alone ? line + 1 : line, rules: new Set(rules), used: false });
  }
  return { suppressions, invalid };
}

/** Whether a finding of `ruleId` at `line` is silenced (and marks the suppression used). */
export function isSuppressed(suppressions: readonly Suppression[], ruleId: string, line: number): boolean {
  const hit = suppressions.find((s) => s.line === line && s.rules.has(ruleId));
  if (hit === undefined) return false;
  hit.used = true;
  return true;
}
