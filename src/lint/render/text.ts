/** actionlint's format, one finding a line: `file:line:col: message [rule-id]`. */
import type { Finding } from "../types.js";

export function renderText(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.col}: ${f.message} [${f.ruleId}]\n`).join("");
}
