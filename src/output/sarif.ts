/**
 * SARIF 2.1.0 renderer (the format GitHub code scanning ingests through
 * github/codeql-action/upload-sarif). Input is plain data — rules from their metadata, results with
 * positions and a stable fingerprint — so any analyser can use it; shapes come from @types/sarif.
 *
 * GitHub's requirements followed here: `partialFingerprints` on every result (so alerts survive
 * lines moving), `security-severity` (a number as a string, 0.1–10) and the `security` tag on rules
 * about security, `level` per result, relative `artifactLocation.uri`s under `%SRCROOT%`.
 */
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { Severity } from "../model/result.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: string;
  readonly fullDescription: string;
  readonly help: string;
  readonly helpMarkdown: string;
  readonly helpUri: string;
  readonly level: Severity;
  readonly tags: readonly string[];
  readonly securitySeverity?: number;
}

export interface SarifFinding {
  readonly ruleId: string;
  readonly level: Severity;
  readonly message: string;
  /** Relative to the repository root, `/`-separated. */
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine?: number;
  readonly endCol?: number;
  /** Stable across runs while the finding stays the same (not its line number). */
  readonly fingerprint: string;
}

export interface SarifInput {
  readonly tool: { readonly name: string; readonly version: string; readonly informationUri: string };
  readonly rules: readonly SarifRule[];
  readonly results: readonly SarifFinding[];
}

const LEVEL: Record<Severity, Result.level> = { error: "error", warning: "warning", notice: "note" };

/**
 * `deploy-timeout` → `DeployTimeout`: SARIF's readable `name` must differ from the opaque `id` (the multitool compares them
 * ignoring case), so a one-word id takes its title's words instead.
 */
function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join("");
}

function descriptor(rule: SarifRule): ReportingDescriptor {
  return {
    id: rule.id,
    name: /[^A-Za-z0-9]/.test(rule.id) ? pascal(rule.id) : pascal(rule.name),
    shortDescription: { text: rule.shortDescription },
    fullDescription: { text: rule.fullDescription },
    help: { text: rule.help, markdown: rule.helpMarkdown },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: LEVEL[rule.level] },
    properties: {
      tags: [...rule.tags],
      precision: "high",
      ...(rule.securitySeverity === undefined ? {} : { "security-severity": rule.securitySeverity.toFixed(1) }),
    },
  };
}

/** Percent-encodes a relative path for a SARIF URI (keeping `/`). */
function uriOf(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

export function sarifLog(input: SarifInput): Log {
  const index = new Map(input.rules.map((rule, i) => [rule.id, i]));
  const results: Result[] = input.results.map((finding) => ({
    ruleId: finding.ruleId,
    ...(index.has(finding.ruleId) ? { ruleIndex: index.get(finding.ruleId) ?? 0 } : {}),
    level: LEVEL[finding.level],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriOf(finding.file), uriBaseId: "%SRCROOT%" },
          region: {
            startLine: finding.line,
            startColumn: finding.col,
            ...(finding.endLine === undefined ? {} : { endLine: finding.endLine }),
            ...(finding.endCol === undefined || finding.endLine === undefined
              ? {}
              : { endColumn: Math.max(finding.endCol, finding.endLine === finding.line ? finding.col + 1 : 1) }),
          },
        },
      },
    ],
    partialFingerprints: { "runwardenFindingHash/v1": finding.fingerprint },
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: input.tool.name,
            version: input.tool.version,
            semanticVersion: input.tool.version,
            informationUri: input.tool.informationUri,
            rules: input.rules.map(descriptor),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The repository root (the folder runwarden lint ran in)." } } },
        columnKind: "unicodeCodePoints",
        results,
      },
    ],
  };
}

export function renderSarif(input: SarifInput): string {
  return `${JSON.stringify(sarifLog(input), null, 2)}\n`;
}
