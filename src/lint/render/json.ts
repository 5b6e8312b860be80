/** The JSON document `runwarden lint --format json` prints (stable keys; docs/lint.md shows it). */
import type { LintResult } from "../lint.js";

export interface LintJson {
  readonly threshold: string;
  readonly summary: {
    readonly files: number;
    readonly findings: number;
    readonly errors: number;
    readonly warnings: number;
    readonly notices: number;
    readonly suppressed: number;
    readonly below_threshold: number;
  };
  readonly findings: readonly {
    readonly rule: string;
    readonly severity: string;
    readonly file: string;
    readonly line: number;
    readonly col: number;
    readonly end_line?: number;
    readonly end_col?: number;
    readonly message: string;
  }[];
  readonly files: readonly { readonly file: string; readonly kind: string; readonly status: string; readonly findings: number }[];
}

export function lintJson(result: LintResult): LintJson {
  const count = (severity: string) => result.findings.filter((f) => f.severity === severity).length;
  return {
    threshold: result.threshold,
    summary: {
      files: result.files.length,
      findings: result.findings.length,
      errors: count("error"),
      warnings: count("warning"),
      notices: count("notice"),
      suppressed: result.suppressed,
      below_threshold: result.belowThreshold,
    },
    findings: result.findings.map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      file: f.file,
      line: f.line,
      col: f.col,
      ...(f.endLine === undefined ? {} : { end_line: f.endLine }),
      ...(f.endCol === undefined ? {} : { end_col: f.endCol }),
      message: f.message,
    })),
    files: result.files.map((file) => ({ file: file.file, kind: file.kind, status: file.status, findings: file.findings })),
  };
}

export function renderJson(result: LintResult): string {
  return `${JSON.stringify(lintJson(result), null, 2)}\n`;
}
