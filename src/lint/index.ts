/**
 * `runwarden lint` as a library (docs/lint.md): `lintPaths(paths, options)` → findings as data;
 * renderers for text (`file:line:col: message [rule-id]`), JSON, GitHub annotations; SARIF is in
 * src/output/sarif.ts, fed by `sarifInput()`.
 */
export { lintPaths, lintExitCode, type LintOptions, type LintResult, type LintedFile } from "./lint.js";
export { RULES, ruleById } from "./rules/index.js";
export { SEVERITIES, atOrAbove, type Finding, type Rule, type LintSeverity, type RuleCategory } from "./types.js";
export { renderText, renderJson, lintJson, renderAnnotations, annotationsOf, sarifInput, lineReader } from "./render/index.js";
export { renderLintDocs } from "./docs.js";
