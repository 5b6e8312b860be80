/**
 * What linting one file needs and does. `prepareLint` reads runwarden.yml (its `lint:` section,
 * environments and inventory) once; `lintTarget` parses one file, runs the rules on it and reads its
 * suppression comments. Both run the same in the main thread and in a worker (worker.ts); what
 * `lintTarget` returns is plain data, so it crosses threads unchanged.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { resolvePath, type LoadedConfig } from "../config/load.js";
import { InternalError } from "../model/errors.js";
import { kindOf, shownPath, type Target } from "./discover.js";
import { parseBytes, parseFile, readTarget, type ParsedFile } from "./parse-file.js";
import { lintPolicy, type LintPolicy } from "./policy.js";
import { BUILT_IN_RULE_IDS, RULES, ruleById } from "./rules/index.js";
import { decodeUtf8 } from "./source.js";
import { readSuppressions, type Suppression } from "./suppress.js";
import type { DocumentKind, LintDocument, LintSeverity, RawFinding, Rule } from "./types.js";

export interface LintSetup {
  readonly cwd: string;
  /** runwarden.yml, relative to `cwd` (default `runwarden.yml`). */
  readonly config?: string;
  readonly threshold?: LintSeverity;
}

export interface PreparedLint {
  readonly cwd: string;
  readonly configPath: string;
  readonly configTarget: Target;
  readonly configParsed: ParsedFile | undefined;
  readonly loaded: LoadedConfig | undefined;
  readonly policy: LintPolicy;
  readonly inventorySources: readonly string[];
  readonly active: readonly Rule[];
  /** Outcomes of workflow and action files already linted, by kind and bytes (see lintTarget). */
  readonly outcomes: Map<string, FileOutcome>;
}

export interface Collected {
  readonly ruleId: string;
  readonly file: string;
  readonly raw: RawFinding;
}

export interface FileOutcome {
  readonly entry: { readonly file: string; readonly kind: DocumentKind; readonly status: "linted" | "parse-error" };
  readonly collected: readonly Collected[];
  /** The file's suppression comments (undefined when it could not be read). */
  readonly suppressions: readonly Suppression[] | undefined;
}

export function prepareLint(setup: LintSetup): PreparedLint {
  const cwd = setup.cwd;
  const configPath = resolve(cwd, setup.config ?? "runwarden.yml");
  const configTarget: Target = { path: configPath, shown: shownPath(configPath, cwd) };
  const overrides = setup.threshold === undefined ? {} : { threshold: setup.threshold };
  const defaults = lintPolicy(undefined, overrides);
  let configParsed: ParsedFile | undefined;
  let loaded: LoadedConfig | undefined;
  if (existsSync(configPath)) {
    configParsed = parseFile(configTarget, { maxBytes: defaults.maxFileBytes, configPath });
    if (configParsed.document?.kind === "config") loaded = configParsed.document.loaded;
  }
  const policy = loaded === undefined ? defaults : lintPolicy(loaded.config, overrides);
  const inventorySources = loaded === undefined ? [] : loaded.config.inventory.map((path) => resolvePath(loaded, path));
  const active = RULES.filter((rule) => !policy.disabled.has(rule.id) || BUILT_IN_RULE_IDS.has(rule.id));
  return { cwd, configPath, configTarget, configParsed, loaded, policy, inventorySources, active, outcomes: new Map() };
}

export function runRule(rule: Rule, document: LintDocument, policy: LintPolicy, file: string): RawFinding[] {
  try {
    return rule.check(document, { policy });
  } catch (err: unknown) {
    throw new InternalError(`lint rule ${rule.id} failed on ${file}`, { cause: err, hint: "this is a bug in runwarden: please report it with the file" });
  }
}

const isKnownRule = (id: string): boolean => ruleById(id) !== undefined;

/**
 * Lints one file. Workflow and action files with the same bytes have the same findings (no rule
 * looks at their path), so a repeated file (a workflow copied between folders, a template stamped
 * out many times) is parsed and checked once and its outcome reused under the new name.
 */
export function lintTarget(target: Target, prepared: PreparedLint): FileOutcome {
  if (target.path === prepared.configPath && prepared.configParsed !== undefined) return outcomeOf(target, prepared.configParsed, prepared);
  const read = readTarget(target, prepared.policy.maxFileBytes);
  if (!Buffer.isBuffer(read)) return outcomeOf(target, read, prepared);
  const key = repeatKey(target, read, prepared);
  const known = key === undefined ? undefined : prepared.outcomes.get(key);
  if (known !== undefined) return renamed(known, target.shown);
  const outcome = outcomeOf(target, parseBytes(target, read, prepared.configPath), prepared);
  if (key !== undefined && reusable(outcome)) prepared.outcomes.set(key, outcome);
  return outcome;
}

/** What identifies a workflow or action file's outcome (its kind and bytes); undefined for other
 * kinds (a vars file's findings depend on its path) and for files that cannot be read. */
export function repeatKey(target: Target, bytes: Buffer | undefined, prepared: PreparedLint): string | undefined {
  if (target.path === prepared.configPath) return undefined;
  let read: Buffer | ParsedFile | undefined = bytes;
  if (read === undefined) read = readTarget(target, prepared.policy.maxFileBytes);
  if (!Buffer.isBuffer(read)) return undefined;
  const kind = kindOf(target, decodeUtf8(read).text, prepared.configPath);
  return kind === "workflow" || kind === "action" ? `${kind}\0${read.toString("latin1")}` : undefined;
}

/** Whether an outcome can stand for another file with the same bytes: nothing in it names the file. */
export function reusable(outcome: FileOutcome): boolean {
  const shown = outcome.entry.file;
  return outcome.collected.every((item) => item.file === shown && !item.raw.message.includes(shown));
}

/** A reused outcome under another file's name (findings carry no other trace of the name). */
export function renamed(outcome: FileOutcome, shown: string): FileOutcome {
  return {
    entry: { ...outcome.entry, file: shown },
    collected: outcome.collected.map((item) => ({ ...item, file: shown })),
    suppressions: outcome.suppressions,
  };
}

function outcomeOf(target: Target, parsed: ParsedFile, prepared: PreparedLint): FileOutcome {
  const collected: Collected[] = parsed.problems.map((raw) => ({ ruleId: "parse-error", file: target.shown, raw }));
  const document = parsed.document;
  if (document !== undefined) {
    for (const rule of prepared.active) {
      if (!rule.kinds.includes(document.kind)) continue;
      for (const raw of runRule(rule, document, prepared.policy, target.shown)) collected.push({ ruleId: rule.id, file: raw.file ?? target.shown, raw });
    }
  }
  let suppressions: Suppression[] | undefined;
  if (parsed.source !== undefined) {
    const read = readSuppressions(parsed.source, isKnownRule);
    suppressions = read.suppressions;
    for (const raw of read.invalid) collected.push({ ruleId: "suppression-invalid", file: target.shown, raw });
  }
  return { entry: { file: target.shown, kind: parsed.kind, status: parsed.problems.length > 0 ? "parse-error" : "linted" }, collected, suppressions };
}
