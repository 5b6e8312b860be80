/**
 * `lintPaths(paths, options)`: the linter as a library. Finds the files, parses each with the parser
 * its kind calls for, runs the registered rules, applies suppressions, the threshold and
 * `lint.disable`, and returns the findings as data. Only "could not run" throws (a missing path).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { resolvePath, type LoadedConfig } from "../config/load.js";
import { loadInventory } from "../inventory/index.js";
import { FileReadError, readBoundedSync } from "../files/read.js";
import { InputError, InternalError } from "../model/errors.js";
import { discover, shownPath, type Target } from "./discover.js";
import { parseFile, type ParsedFile } from "./parse-file.js";
import { lintPolicy, type LintPolicy } from "./policy.js";
import { BUILT_IN_RULE_IDS, RULES, ruleById } from "./rules/index.js";
import { decodeUtf8, sourceText, type SourceText } from "./source.js";
import { isSuppressed, readSuppressions, type Suppression } from "./suppress.js";
import { atOrAbove, type DocumentKind, type Finding, type LintDocument, type LintSeverity, type RawFinding, type Rule } from "./types.js";

export interface LintOptions {
  /** Where relative paths resolve and what findings' paths are shown relative to. */
  readonly cwd: string;
  /** runwarden.yml (default `runwarden.yml`): its `lint:` section, environments and inventory. A missing file means defaults. */
  readonly config?: string;
  /** Overrides `lint.severity`. */
  readonly threshold?: LintSeverity;
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

interface Collected {
  readonly ruleId: string;
  readonly file: string;
  readonly raw: RawFinding;
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

function runRule(rule: Rule, document: LintDocument, policy: LintPolicy, file: string): RawFinding[] {
  try {
    return rule.check(document, { policy });
  } catch (err: unknown) {
    throw new InternalError(`lint rule ${rule.id} failed on ${file}`, { cause: err, hint: "this is a bug in runwarden: please report it with the file" });
  }
}

function compare(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : 1);
}

/** Reads a file only for its suppression comments (an inventory file a finding points into). */
function sourceForSuppressions(path: string, shown: string, maxBytes: number): SourceText | undefined {
  try {
    return sourceText(shown, decodeUtf8(readBoundedSync(path, { maxBytes })).text);
  } catch (err: unknown) {
    if (err instanceof FileReadError) return undefined;
    throw err;
  }
}

export async function lintPaths(paths: readonly string[], options: LintOptions): Promise<LintResult> {
  const cwd = options.cwd;
  const configPath = resolve(cwd, options.config ?? "runwarden.yml");
  const configTarget: Target = { path: configPath, shown: shownPath(configPath, cwd) };
  const defaultPolicy = lintPolicy(undefined, options.threshold === undefined ? {} : { threshold: options.threshold });
  let configParsed: ParsedFile | undefined;
  let loaded: LoadedConfig | undefined;
  if (existsSync(configPath)) {
    configParsed = parseFile(configTarget, { maxBytes: defaultPolicy.maxFileBytes, configPath });
    if (configParsed.document?.kind === "config") loaded = configParsed.document.loaded;
  }
  const policy = loaded === undefined ? defaultPolicy : lintPolicy(loaded.config, options.threshold === undefined ? {} : { threshold: options.threshold });
  const inventorySources = loaded === undefined ? [] : loaded.config.inventory.map((path) => resolvePath(loaded, path));
  const defaults = paths.length === 0;
  const found = discover(defaults ? [".github/workflows", configTarget.shown] : paths, cwd, { inventory: inventorySources, ...(defaults ? { optional: true } : {}) });

  const active = RULES.filter((rule) => !policy.disabled.has(rule.id) || BUILT_IN_RULE_IDS.has(rule.id));
  const collected: Collected[] = [];
  const files: { file: string; kind: DocumentKind; status: "linted" | "parse-error" }[] = [];
  const sources = new Map<string, SourceText>();

  for (const target of found.targets) {
    const parsed = target.path === configPath && configParsed !== undefined ? configParsed : parseFile(target, { maxBytes: policy.maxFileBytes, configPath });
    if (parsed.source !== undefined) sources.set(target.shown, parsed.source);
    files.push({ file: target.shown, kind: parsed.kind, status: parsed.problems.length > 0 ? "parse-error" : "linted" });
    for (const raw of parsed.problems) collected.push({ ruleId: "parse-error", file: target.shown, raw });
    const document = parsed.document;
    if (document === undefined) continue;
    for (const rule of active) {
      if (!rule.kinds.includes(document.kind)) continue;
      for (const raw of runRule(rule, document, policy, target.shown)) collected.push({ ruleId: rule.id, file: raw.file ?? target.shown, raw });
    }
  }

  if (loaded !== undefined && inventorySources.length > 0 && (defaults || found.touchesInventory)) {
    const shownSources = loaded.config.inventory;
    files.push({ file: shownSources.join(", "), kind: "inventory", status: "linted" });
    try {
      const inventory = loadInventory(inventorySources, { cwd });
      const document: LintDocument = { kind: "inventory", inventory, sources: shownSources };
      for (const rule of active) {
        if (!rule.kinds.includes("inventory")) continue;
        for (const raw of runRule(rule, document, policy, shownSources.join(", "))) collected.push({ ruleId: rule.id, file: raw.file ?? shownSources[0] ?? "", raw });
      }
    } catch (err: unknown) {
      if (!(err instanceof InputError)) throw err;
      files[files.length - 1] = { file: shownSources.join(", "), kind: "inventory", status: "parse-error" };
      const problems = err.problems.length > 0 ? err.problems : [{ location: { file: shownSources[0] ?? "" }, message: err.message }];
      for (const problem of problems) {
        collected.push({ ruleId: "parse-error", file: problem.location.file, raw: { span: { start: { line: problem.location.line ?? 1, col: problem.location.col ?? 1 } }, message: problem.message } });
      }
    }
  }

  // Suppressions, per file.
  const known = (id: string) => ruleById(id) !== undefined;
  const suppressionsByFile = new Map<string, Suppression[]>();
  const suppressionsOf = (file: string): Suppression[] => {
    let list = suppressionsByFile.get(file);
    if (list !== undefined) return list;
    const source = sources.get(file) ?? sourceForSuppressions(resolve(cwd, file), file, policy.maxFileBytes);
    const read = source === undefined ? { suppressions: [], invalid: [] } : readSuppressions(source, known);
    list = read.suppressions;
    suppressionsByFile.set(file, list);
    for (const raw of read.invalid) collected.push({ ruleId: "suppression-invalid", file, raw });
    return list;
  };
  for (const file of sources.keys()) suppressionsOf(file);

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
