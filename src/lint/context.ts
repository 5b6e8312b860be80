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
import { shownPath, type Target } from "./discover.js";
import { parseFile, type ParsedFile } from "./parse-file.js";
import { lintPolicy, type LintPolicy } from "./policy.js";
import { BUILT_IN_RULE_IDS, RULES, ruleById } from "./rules/index.js";
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
  return { cwd, configPath, configTarget, configParsed, loaded, policy, inventorySources, active };
}

export function runRule(rule: Rule, document: LintDocument, policy: LintPolicy, file: string): RawFinding[] {
  try {
    return rule.check(document, { policy });
  } catch (err: unknown) {
    throw new InternalError(`lint rule ${rule.id} failed on ${file}`, { cause: err, hint: "this is a bug in runwarden: please report it with the file" });
  }
}

const known = (id: string): boolean => ruleById(id) !== undefined;

export function lintTarget(target: Target, prepared: PreparedLint): FileOutcome {
  const parsed =
    target.path === prepared.configPath && prepared.configParsed !== undefined
      ? prepared.configParsed
      : parseFile(target, { maxBytes: prepared.policy.maxFileBytes, configPath: prepared.configPath });
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
    const read = readSuppressions(parsed.source, known);
    suppressions = read.suppressions;
    for (const raw of read.invalid) collected.push({ ruleId: "suppression-invalid", file: target.shown, raw });
  }
  return { entry: { file: target.shown, kind: parsed.kind, status: parsed.problems.length > 0 ? "parse-error" : "linted" }, collected, suppressions };
}
