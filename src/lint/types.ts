/**
 * The lint contract: documents in, findings out. A rule is one file (id, severity, docs with a bad
 * and a good example, `check()`), listed in rules/index.ts; findings are data, never thrown.
 */
import type { Document } from "yaml";
import type { Severity } from "../model/result.js";
import type { ActionDocument } from "./action/model.js";
import type { ConfigDocument } from "./config-document.js";
import type { InventoryDocument } from "./inventory-document.js";
import type { LintPolicy } from "./policy.js";
import type { SourceText } from "./source.js";
import type { WorkflowDocument } from "./workflow/model.js";

export type LintSeverity = Severity;

/** Severities from the most to the least severe. */
export const SEVERITIES: readonly LintSeverity[] = ["error", "warning", "notice"];

/** Whether `severity` is at or above `threshold`. */
export function atOrAbove(severity: LintSeverity, threshold: LintSeverity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

export type RuleCategory = "deploy safety" | "secrets" | "supply chain" | "infrastructure as code" | "config" | "lint";

/** What kind of file a document is. */
export type DocumentKind = "workflow" | "action" | "config" | "inventory" | "ansible";

/** A 1-based position in a file (columns in characters, a tab counts as one). */
export interface Position {
  readonly line: number;
  readonly col: number;
}

export interface Span {
  readonly start: Position;
  readonly end?: Position;
}

/** What a rule reports: where, and what was found and what to do. */
export interface RawFinding {
  readonly span: Span;
  readonly message: string;
  /** The file, when not the document's own (an inventory's host file). */
  readonly file?: string;
}

/** A finding as reported: the rule, its severity, the file (as shown), where and what. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: LintSeverity;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine?: number;
  readonly endCol?: number;
  readonly message: string;
}

export interface RuleDocs {
  /** One paragraph: what is wrong and why it matters on the way to production. */
  readonly description: string;
  /** A short input the rule reports. */
  readonly bad: string;
  /** The same input, fixed. */
  readonly good: string;
}

export type LintDocument = WorkflowDocument | ActionDocument | ConfigDocument | InventoryDocument | AnsibleDocument;

/** A playbook, role or vars file: YAML whose scalars are scanned. */
export interface AnsibleDocument {
  readonly kind: "ansible";
  readonly source: SourceText;
  readonly yaml: Document.Parsed;
}

export interface RuleContext {
  readonly policy: LintPolicy;
}

export interface Rule {
  /** Stable id, shown as `[id]` and used in suppressions and `lint.disable`. */
  readonly id: string;
  readonly title: string;
  readonly category: RuleCategory;
  readonly severity: LintSeverity;
  /** GitHub code scanning's `security-severity` (0.1–10), for rules about security. */
  readonly securitySeverity?: number;
  /** The kinds of document the rule reads. */
  readonly kinds: readonly DocumentKind[];
  readonly docs: RuleDocs;
  check(document: LintDocument, context: RuleContext): RawFinding[];
}
