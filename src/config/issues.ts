/**
 * zod issues → `Problem`s that point into the YAML: the value's line:col (the key's for unknown
 * keys), the key path, what was expected, what was found and a hint. Unions of one-key maps
 * (preflight checks) report the branch named by the item's key.
 */
import { z } from "zod";
import { isMap, isScalar, type Node } from "yaml";
import type { Problem } from "../model/errors.js";
import { quoteText, renderFound } from "./found.js";
import { readParams, type FieldMeta } from "./schema/meta.js";
import { child, core, descend, metaOf, objectKeys, recordKey, schemaAt, unionOptions, type AnySchema, type SchemaChain } from "./schema-walk.js";
import { didYouMean, listOf } from "./suggest.js";
import { locate, offsetInScalar, positionOf, startOf, type YamlSource } from "./yaml-source.js";

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** `environments.production.gates[0].interval` */
export function formatPath(path: Path): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (typeof segment === "string" && /^[\p{L}_][\p{L}\p{N}_-]*$/u.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "a mapping",
  array: "a list",
  record: "a mapping",
};

function plainValue(node: Node | undefined): unknown {
  if (node === undefined) return undefined;
  return isScalar(node) ? node.value : node.toJSON();
}

class Mapper {
  readonly problems: Problem[] = [];
  /** Paths of required keys reported missing, and of keys an unknown key was probably meant to be. */
  readonly missing = new Map<string, Problem>();
  readonly misspelt = new Set<string>();

  constructor(
    readonly source: YamlSource,
    readonly root: AnySchema,
  ) {}

  add(offset: number, path: Path, message: string, extra: { expected?: string | undefined; found?: string | undefined; hint?: string | undefined }): void {
    this.problems.push({
      location: { file: this.source.file, ...positionOf(this.source, offset) },
      path: formatPath(path),
      message,
      ...(extra.expected === undefined ? {} : { expected: extra.expected }),
      ...(extra.found === undefined ? {} : { found: extra.found }),
      ...(extra.hint === undefined ? {} : { hint: extra.hint }),
    });
  }

  /** Maps one issue whose path is relative to `base`; `baseChain` is the schema at `base` when a union branch was chosen. */
  map(issue: Issue, base: Path, baseChain?: SchemaChain): void {
    const path = [...base, ...issue.path];
    const chain = baseChain === undefined ? schemaAt(this.root, path) : descend(baseChain, issue.path);
    const meta = metaOf(chain);
    const at = locate(this.source, path);
    const found = renderFound(at.node, { missing: at.missing, sensitive: meta?.sensitive === true });
    const valueStart = at.node !== undefined ? startOf(at.node) : startOf(at.key ?? at.deepest);
    const input: unknown = issue.input !== undefined ? issue.input : plainValue(at.node);
    // A sensitive field's hint never sees the value.
    const hint = (): string | undefined => meta?.hint?.(meta.sensitive === true ? undefined : input);

    switch (issue.code) {
      case "invalid_type": {
        const expected = meta?.expected ?? (isIntegerField(chain) ? TYPE_WORDS["int"] : undefined) ?? TYPE_WORDS[issue.expected] ?? issue.expected;
        const last = path[path.length - 1];
        if (at.missing && typeof last === "string") {
          this.add(startOf(at.deepest), path, `missing required key '${last}'`, { expected, found, hint: `add '${last}:' here` });
          const added = this.problems[this.problems.length - 1];
          if (added !== undefined) this.missing.set(formatPath(path), added);
        } else {
          this.add(valueStart, path, "wrong type", { expected, found, hint: hint() });
        }
        return;
      }
      case "unrecognized_keys":
        for (const key of issue.keys) this.unknownKey(path, chain, key);
        return;
      case "invalid_value": {
        const values = issue.values.map((value) => String(value));
        const suggestion = typeof input === "string" ? didYouMean(input, values) : undefined;
        this.add(valueStart, path, "invalid value", {
          expected: `one of: ${values.join(", ")}`,
          found,
          hint: suggestion === undefined ? hint() : `did you mean '${suggestion}'?`,
        });
        return;
      }
      case "invalid_format":
        this.add(valueStart, path, issue.message, { expected: meta?.expected ?? `text matching ${issue.pattern ?? issue.format}`, found, hint: hint() });
        return;
      case "too_small":
      case "too_big":
        this.add(valueStart, path, this.rangeMessage(issue), { expected: rangeExpectation(issue, meta, isIntegerField(chain)), found });
        return;
      case "invalid_union":
        this.union(issue, path, chain, at.node, found, meta);
        return;
      case "invalid_key": {
        const parent = schemaAt(this.root, path.slice(0, -1));
        const keyMeta = metaOf(parent === undefined ? undefined : recordKey(parent));
        const keyAt = locate(this.source, path);
        const shown = typeof last(path) === "string" ? quoteText(String(last(path))) : found;
        this.add(startOf(keyAt.key ?? keyAt.deepest), path, `invalid key: ${issue.issues[0]?.message ?? issue.message}`, {
          expected: keyMeta?.expected,
          found: shown,
        });
        return;
      }
      case "custom": {
        const params = readParams(issue.params);
        const offset = params.offset === undefined ? valueStart : offsetInScalar(this.source, at.node, params.offset);
        this.add(offset, path, issue.message, { expected: params.expected ?? meta?.expected, found, hint: params.hint ?? hint() });
        return;
      }
      default:
        this.add(valueStart, path, issue.message, { expected: meta?.expected, found, hint: hint() });
    }
  }

  rangeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
    if (issue.code === "too_small" && issue.origin === "string" && Number(issue.minimum) === 1) return "must not be empty";
    if (issue.code === "too_small" && issue.origin === "array") return Number(issue.minimum) === 1 ? "the list must not be empty" : "too few items";
    if (issue.code === "too_big" && issue.origin === "array") return "too many items";
    if (issue.origin === "string") return issue.code === "too_small" ? "too short" : "too long";
    return issue.code === "too_small" ? "too small" : "too large";
  }

  unknownKey(path: Path, unionOrObject: SchemaChain | undefined, key: string): void {
    const chain = this.branchFor(unionOrObject, path, key);
    const valid = objectKeys(chain ?? []) ?? [];
    const keyPath = [...path, key];
    const at = locate(this.source, keyPath);
    const suggestion = didYouMean(key, valid);
    if (suggestion !== undefined) this.misspelt.add(formatPath([...path, suggestion]));
    const merge = key === "<<" ? "YAML merge keys (<<) are not supported: repeat the keys, or alias the whole value" : undefined;
    // `- disk: {…}` + `warn_only: true` beside it: the key belongs inside the one-key map's value.
    const [onlyKey] = valid;
    const inside =
      valid.length === 1 && onlyKey !== undefined && (objectKeys(child(chain ?? [], onlyKey) ?? []) ?? []).includes(key)
        ? `move '${key}' inside '${onlyKey}' (each item is a one-key map)`
        : undefined;
    this.add(startOf(at.key ?? at.deepest), keyPath, `unknown key '${key}'${suggestion === undefined ? "" : ` (did you mean '${suggestion}'?)`}`, {
      expected: valid.length === 0 ? undefined : `one of: ${valid.join(", ")}`,
      found: quoteText(key),
      hint: merge ?? inside ?? (suggestion === undefined ? "remove it, or check its spelling and indentation" : `rename it to '${suggestion}'`),
    });
  }

  /** At a union of objects, the option that owns the keys written at `path` (other than `unknown`). */
  branchFor(chain: SchemaChain | undefined, path: Path, unknown: string): SchemaChain | undefined {
    const options = unionOptions(chain ?? []);
    const node = locate(this.source, path).node;
    if (options === undefined || !isMap(node)) return chain;
    const written = node.items.flatMap((pair) => (isScalar(pair.key) && String(pair.key.value) !== unknown ? [String(pair.key.value)] : []));
    return options.find((option) => written.some((key) => objectKeys(option)?.includes(key))) ?? chain;
  }

  union(
    issue: z.core.$ZodIssue & { code: "invalid_union" },
    path: Path,
    chain: SchemaChain | undefined,
    node: Node | undefined,
    found: string,
    meta: FieldMeta | undefined,
  ): void {
    const options = unionOptions(chain ?? []) ?? [];
    const branchKeys = options.map((option) => objectKeys(option));
    const oneKeyMaps = options.length > 0 && branchKeys.every((keys) => keys !== undefined && keys.length === 1);
    const start = startOf(node);
    if (oneKeyMaps) {
      const kinds = branchKeys.map((keys) => keys?.[0] ?? "");
      const noun = `${meta?.type ?? "item"} kind`;
      const expected = `one of: ${kinds.join(", ")}`;
      if (!isMap(node)) {
        this.add(start, path, "wrong type", { expected: meta?.expected ?? "a one-key mapping", found });
        return;
      }
      const written = node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : "?"));
      const matched = kinds.map((kind, index) => ({ kind, index })).filter(({ kind }) => written.includes(kind));
      const only = matched.length === 1 ? matched[0] : undefined;
      if (only !== undefined && written.length === 1) {
        for (const inner of issue.errors[only.index] ?? []) this.map(inner, path, options[only.index]);
        return;
      }
      if (matched.length >= 1) {
        this.add(
          start,
          path,
          `an item has exactly one ${noun}; found ${listOf(
            written.map((k) => `'${k}'`),
            "and",
          )}`,
          {
            expected,
            found,
            hint:
              matched.length > 1
                ? "split it into one item per kind"
                : `move ${listOf(
                    written.filter((k) => k !== only?.kind).map((k) => `'${k}'`),
                    "and",
                  )} inside '${only?.kind ?? ""}'`,
          },
        );
        return;
      }
      const first = written[0];
      if (first === undefined) {
        this.add(start, path, `empty item: name the ${noun}`, { expected, found });
        return;
      }
      const suggestion = didYouMean(first, kinds);
      const keyAt = locate(this.source, [...path, first]);
      const guess = suggestion === undefined ? "" : ` (did you mean '${suggestion}'?)`;
      this.add(startOf(keyAt.key ?? node), [...path, first], `unknown ${noun} '${first}'${guess}`, {
        expected,
        found: quoteText(first),
        hint: suggestion === undefined ? `see docs/config-reference.md for the ${noun}s` : `rename it to '${suggestion}'`,
      });
      return;
    }
    // Other unions: when exactly one branch accepted the value's type, its issues are the real ones.
    const plausible = issue.errors.flatMap((errors, index) =>
      errors.some((inner) => inner.code === "invalid_type" && inner.path.length === 0) ? [] : [{ errors, option: options[index] }],
    );
    const branch = plausible.length === 1 ? plausible[0] : undefined;
    if (branch !== undefined) {
      for (const inner of branch.errors) this.map(inner, path, branch.option);
      return;
    }
    this.add(start, path, "wrong type", { expected: meta?.expected ?? describeOptions(options), found });
  }
}

function last(path: Path): PropertyKey | undefined {
  return path[path.length - 1];
}

function describeOptions(options: readonly SchemaChain[]): string {
  return listOf(options.map((option) => metaOf(option)?.expected ?? TYPE_WORDS[core(option)?._zod.def.type ?? ""] ?? "another form"));
}

/** Whether the number at this position (or the number branch of a union there) must be an integer. */
function isIntegerField(chain: SchemaChain | undefined): boolean {
  const candidates = [chain ?? [], ...(unionOptions(chain ?? []) ?? [])];
  return candidates.some((candidate) => {
    const leaf = core(candidate);
    return leaf instanceof z.ZodNumber && leaf.isInt === true;
  });
}

function rangeExpectation(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, meta: FieldMeta | undefined, integer: boolean): string {
  const small = issue.code === "too_small";
  const bound = small ? issue.minimum : issue.maximum;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case "string":
      return Number(bound) === 1 && small ? (meta?.expected ?? "a non-empty string") : `${small ? "at least" : "at most"} ${bound} characters`;
    case "array":
      return `${small ? "at least" : "at most"} ${bound} item${Number(bound) === 1 ? "" : "s"}`;
    default: {
      const word = integer || issue.origin === "int" ? "an integer" : "a number";
      return `${word} ${small ? (inclusive ? "≥" : ">") : inclusive ? "≤" : "<"} ${bound}`;
    }
  }
}

/** Maps zod issues to problems located in `source`, sorted by position. */
export function issuesToProblems(issues: readonly Issue[], source: YamlSource, root: AnySchema): Problem[] {
  const mapper = new Mapper(source, root);
  for (const issue of issues) mapper.map(issue, []);
  // "unknown key 'min_fre' (did you mean 'min_free'?)" already explains "missing required key 'min_free'".
  const explained = new Set(
    [...mapper.misspelt].flatMap((path) => {
      const problem = mapper.missing.get(path);
      return problem === undefined ? [] : [problem];
    }),
  );
  return sortProblems(mapper.problems.filter((problem) => !explained.has(problem)));
}

/** Sorted by line, then column, then path; exact repeats dropped. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return [...problems]
    .sort(
      (a, b) => (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.col ?? 0) - (b.location.col ?? 0) || (a.path ?? "").localeCompare(b.path ?? ""),
    )
    .filter((problem) => {
      const key = JSON.stringify([problem.location, problem.path, problem.message]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
