/** Lint results in the shape src/output/sarif.ts renders: rules from their metadata, results with fingerprints. */
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { FileReadError, readBoundedSync } from "../../files/read.js";
import { decodeUtf8, lineText, sourceText, type SourceText } from "../source.js";
import type { SarifInput, SarifRule } from "../../output/sarif.js";
import type { LintResult } from "../lint.js";
import { RULES } from "../rules/index.js";
import type { Finding, Rule } from "../types.js";

const DOCS_URL = "https://github.com/runwarden/runwarden/blob/main/docs/lint.md";

export function sarifRule(rule: Rule): SarifRule {
  return {
    id: rule.id,
    name: rule.title,
    shortDescription: rule.title,
    fullDescription: rule.docs.description,
    help: `${rule.docs.description}\n\nReported:\n${rule.docs.bad}\n\nFixed:\n${rule.docs.good}`,
    helpMarkdown: `${rule.docs.description}\n\nReported:\n\n\`\`\`yaml\n${rule.docs.bad}\n\`\`\`\n\nFixed:\n\n\`\`\`yaml\n${rule.docs.good}\n\`\`\``,
    helpUri: `${DOCS_URL}#${rule.id}`,
    level: rule.severity,
    tags: [rule.category, ...(rule.securitySeverity === undefined ? [] : ["security"])],
    ...(rule.securitySeverity === undefined ? {} : { securitySeverity: rule.securitySeverity }),
  };
}

/**
 * A fingerprint that survives lines moving: the rule, the file, the finding's line text (trimmed)
 * and its message with numbers removed, plus which occurrence of that combination it is.
 */
function fingerprints(findings: readonly Finding[], lineOf: (finding: Finding) => string): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const basis = [finding.ruleId, finding.file, lineOf(finding).trim(), finding.message.replace(/\d+/g, "#")].join("\0");
    const occurrence = (seen.get(basis) ?? 0) + 1;
    seen.set(basis, occurrence);
    return `${createHash("sha256").update(basis).digest("hex").slice(0, 32)}:${occurrence}`;
  });
}

/** Reads findings' lines from the files (each file once, through the bounded reader). */
export function lineReader(cwd: string, maxBytes: number): (finding: Finding) => string {
  const cache = new Map<string, SourceText | undefined>();
  return (finding) => {
    if (!cache.has(finding.file)) {
      try {
        cache.set(finding.file, sourceText(finding.file, decodeUtf8(readBoundedSync(resolve(cwd, finding.file), { maxBytes })).text));
      } catch (err: unknown) {
        if (!(err instanceof FileReadError)) throw err;
        cache.set(finding.file, undefined);
      }
    }
    const source = cache.get(finding.file);
    return source === undefined ? "" : lineText(source, finding.line);
  };
}

export function sarifInput(result: LintResult, options: { version: string; lineOf: (finding: Finding) => string }): SarifInput {
  const prints = fingerprints(result.findings, options.lineOf);
  return {
    tool: { name: "runwarden", version: options.version, informationUri: DOCS_URL },
    rules: RULES.map(sarifRule),
    results: result.findings.map((finding, index) => ({
      ruleId: finding.ruleId,
      level: finding.severity,
      message: finding.message,
      file: finding.file,
      line: finding.line,
      col: finding.col,
      ...(finding.endLine === undefined ? {} : { endLine: finding.endLine }),
      ...(finding.endCol === undefined ? {} : { endCol: finding.endCol }),
      fingerprint: prints[index] ?? "",
    })),
  };
}
