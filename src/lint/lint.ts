/**
 * `lintPaths(paths, options)`: the linter as a library. Finds the files, parses each with the parser
 * its kind calls for, runs the registered rules, applies suppressions, the threshold and
 * `lint.disable`, and returns the findings as data. Only "could not run" throws (a missing path).
 */
import { resolve } from "node:path";
import { FileReadError, readBoundedSync } from "../files/read.js";
import { loadInventory } from "../inventory/index.js";
import { InputError } from "../model/errors.js";
import { lintTarget, prepareLint, runRule, type Collected, type FileOutcome } from "./context.js";
import { discover } from "./discover.js";
import { lintInWorkers } from "./parallel.js";
import { BUILT_IN_RULE_IDS, ruleById } from "./rules/index.js";
import { decodeUtf8, sourceText } from "./source.js";
import { isSuppressed, readSuppressions, type Suppression } from "./suppress.js";
import { atOrAbove, type DocumentKind, type Finding, type LintDocument, type LintSeverity, type RawFinding, type Rule } from "./types.js";

export interface LintOptions {
  /** Where relative paths resolve and what findings' paths are shown relative to. */
  readonly cwd: string;
  /** runwarden.yml (default `runwarden.yml`): its `lint:` section, environments and inventory. A missing file means defaults. */
  readonly config?: string;
  /** Overrides `lint.severity`. */
  readonly threshold?: LintSeverity;
  /** Threads that parse and check files (default: one per two cores, when there are many files; 1: this thread only). */
  readonly jobs?: number;
}

export interface LintedFile {
  readonly file: string;
  readonly kind: DocumentKind;
  /** `parse-error`: the file could not be read or parsed (its other rules did not run). */
  readonly status: "linted" | "parse-error";
  readonly findings: number;
}

export interface LintResult {
  /** At or above the threshold, sorted by file, line, column. */
  readonly findings: readonly Finding[];
  readonly files: readonly LintedFile[];
  readonly threshold: LintSeverity;
  /** Findings silenced by suppression comments. */
  readonly suppressed: number;
  /** Findings below the threshold (not listed). */
  readonly belowThreshold: number;
  /** The rules that ran. */
  readonly rules: readonly Rule[];
}

function toFinding(rule: Rule, file: string, raw: RawFinding): Finding {
  const { start, end } = raw.span;
  return {
    ruleId: rule.id,
    severity: rule.severity,
    file,
    line: start.line,
    col: start.col,
    ...(end === undefined ? {} : { endLine: end.line, endCol: end.col }),
    message: raw.message,
  };
}

function compare(a: Finding, b: Finding): number {
  return a.file < b.file
    ? -1
    : a.file > b.file
      ? 1
      : a.line - b.line || a.col - b.col || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : 1);
}

/** Reads a file only for its suppression comments (an inventory file a finding points into). */
function suppressionsIn(path: string, shown: string, maxBytes: number): Suppression[] {
  try {
    return readSuppressions(sourceText(shown, decodeUtf8(readBoundedSync(path, { maxBytes })).text), (id) => ruleById(id) !== undefined).suppressions;
  } catch (err: unknown) {
    if (err instanceof FileReadError) return [];
    throw err;
  }
}

export async function lintPaths(paths: readonly string[], options: LintOptions): Promise<LintResult> {
  const setup = {
    cwd: options.cwd,
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
  };
  const prepared = prepareLint(setup);
  const { cwd, policy, loaded, inventorySources, active } = prepared;
  const defaults = paths.length === 0;
  const found = discover(defaults ? [".github/workflows", prepared.configTarget.shown] : paths, cwd, {
    inventory: inventorySources,
    ...(defaults ? { optional: true } : {}),
  });

  const outcomes =
    (options.jobs === 1 ? undefined : await lintInWorkers(found.targets, setup, prepared, options.jobs)) ??
    found.targets.map((target) => lintTarget(target, prepared));
  const collected: Collected[] = outcomes.flatMap((outcome) => outcome.collected);
  const files: FileOutcome["entry"][] = outcomes.map((outcome) => outcome.entry);
  const suppressionsByFile = new Map<string, Suppression[]>(outcomes.map((outcome) => [outcome.entry.file, [...(outcome.suppressions ?? [])]]));

  if (loaded !== undefined && inventorySources.length > 0 && (defaults || found.touchesInventory)) {
    const shownSources = loaded.config.inventory;
    const shownAll = shownSources.join(", ");
    try {
      const inventory = loadInventory(inventorySources, { cwd });
      files.push({ file: shownAll, kind: "inventory", status: "linted" });
      const document: LintDocument = { kind: "inventory", inventory, sources: shownSources };
      for (const rule of active) {
        if (!rule.kinds.includes("inventory")) continue;
        for (const raw of runRule(rule, document, policy, shownAll)) collected.push({ ruleId: rule.id, file: raw.file ?? shownSources[0] ?? "", raw });
      }
    } catch (err: unknown) {
      if (!(err instanceof InputError)) throw err;
      files.push({ file: shownAll, kind: "inventory", status: "parse-error" });
      const problems = err.problems.length > 0 ? err.problems : [{ location: { file: shownSources[0] ?? "" }, message: err.message }];
      for (const problem of problems) {
        collected.push({
          ruleId: "parse-error",
          file: problem.location.file,
          raw: { span: { start: { line: problem.location.line ?? 1, col: problem.location.col ?? 1 } }, message: problem.message },
        });
      }
    }
  }

  const suppressionsOf = (file: string): Suppression[] => {
    let list = suppressionsByFile.get(file);
    if (list === undefined) {
      list = suppressionsIn(resolve(cwd, file), file, policy.maxFileBytes);
      suppressionsByFile.set(file, list);
    }
    return list;
  };

  let suppressed = 0;
  let belowThreshold = 0;
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const item of collected) {
    const rule = ruleById(item.ruleId);
    if (rule === undefined) continue;
    const finding = toFinding(rule, item.file, item.raw);
    const key = `${finding.ruleId}\0${finding.file}\0${finding.line}\0${finding.col}\0${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!BUILT_IN_RULE_IDS.has(rule.id) && isSuppressed(suppressionsOf(item.file), rule.id, finding.line)) {
      suppressed++;
      continue;
    }
    if (rule.id !== "parse-error" && !atOrAbove(finding.severity, policy.threshold)) {
      belowThreshold++;
      continue;
    }
    findings.push(finding);
  }
  findings.sort(compare);
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.file, (counts.get(finding.file) ?? 0) + 1);
  return {
    findings,
    files: files.map((file) => ({ ...file, findings: counts.get(file.file) ?? 0 })),
    threshold: policy.threshold,
    suppressed,
    belowThreshold,
    rules: active,
  };
}

/** 2 when a file could not be parsed, 1 when a finding is at or above the threshold, else 0. */
export function lintExitCode(result: LintResult): 0 | 1 | 2 {
  if (result.findings.some((finding) => finding.ruleId === "parse-error")) return 2;
  return result.findings.length > 0 ? 1 : 0;
}
