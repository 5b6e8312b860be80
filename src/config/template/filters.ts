/**
 * The filter registry: the Jinja/Ansible filters templates may use. Each entry says how many
 * literal arguments it takes, so a wrong call is a syntax error at load time, not at deploy time.
 */
import type { Literal } from "./ast.js";

/** A value that was looked up and not found: only `default` accepts it. */
export class Undefined {
  constructor(readonly name: string) {}
}

export type FilterInput = unknown;

export interface FilterSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Whether the filter receives an `Undefined` (otherwise rendering stops with "undefined variable"). */
  readonly acceptsUndefined: boolean;
  /** One line for the docs. */
  readonly doc: string;
  /** Returns the new value; throws `FilterError` when the value cannot be filtered. */
  apply(value: FilterInput, args: readonly Literal[]): unknown;
}

/** A filter could not apply to its value (the renderer adds the location). */
export class FilterError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Text of a value as it appears in rendered output. Lists and mappings are refused. */
export function toText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) {
    throw new FilterError("cannot render a list as text", "join it first: {{ value | join(',') }}");
  }
  throw new FilterError("cannot render a mapping as text", "pick one field: {{ value.field }}");
}

const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** POSIX shell quoting, like Python's `shlex.quote` (what Ansible's `quote` filter does). */
export function shellQuote(text: string): string {
  if (text === "") return "''";
  if (SHELL_SAFE.test(text)) return text;
  return `'${text.replaceAll("'", `'"'"'`)}'`;
}

/** Percent-encoding like Python's `urllib.parse.quote(text, safe="/")` (Jinja's `urlencode` on a string). */
export function urlEncode(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.~/-]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function toInteger(value: unknown, fallback: Literal, base: number): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : fallback;
  if (typeof value === "string") {
    const text = value.trim().replaceAll("_", "");
    const digits = base === 16 ? /^[+-]?(0x)?[0-9a-f]+$/i : base === 8 ? /^[+-]?(0o)?[0-7]+$/i : base === 2 ? /^[+-]?(0b)?[01]+$/i : /^[+-]?\d+$/;
    if (digits.test(text)) {
      const sign = text.startsWith("-") ? -1 : 1;
      const body = text.replace(/^[+-]/, "").replace(/^0[xob]/i, "");
      return sign * Number.parseInt(body, base);
    }
    if (base === 10 && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return Math.trunc(Number(text));
  }
  return fallback;
}

function stringArg(args: readonly Literal[], index: number, fallback: string): string {
  const arg = args[index];
  return arg === undefined || arg === null ? fallback : toText(arg);
}

const FILTERS: readonly FilterSpec[] = [
  {
    name: "default",
    aliases: ["d"],
    minArgs: 0,
    maxArgs: 2,
    acceptsUndefined: true,
    doc: "`default(value='', boolean=false)`: `value` when the input is undefined (or, with `boolean=true`, falsy).",
    apply(value, args) {
      const fallback: Literal = args.length > 0 ? (args[0] ?? null) : "";
      if (value instanceof Undefined) return fallback;
      if (args[1] === true && (value === "" || value === 0 || value === false || value === null)) return fallback;
      if (args[1] === true && Array.isArray(value) && value.length === 0) return fallback;
      return value;
    },
  },
  {
    name: "lower",
    aliases: [],
    minArgs: 0,
    maxArgs: 0,
    acceptsUndefined: false,
    doc: "`lower`: the text in lower case.",
    apply: (value) => toText(value).toLowerCase(),
  },
  {
    name: "upper",
    aliases: [],
    minArgs: 0,
    maxArgs: 0,
    acceptsUndefined: false,
    doc: "`upper`: the text in upper case.",
    apply: (value) => toText(value).toUpperCase(),
  },
  {
    name: "trim",
    aliases: [],
    minArgs: 0,
    maxArgs: 1,
    acceptsUndefined: false,
    doc: "`trim(chars=whitespace)`: the text without leading and trailing whitespace (or `chars`).",
    apply(value, args) {
      const text = toText(value);
      const chars = args[0];
      if (chars === undefined || chars === null) return text.trim();
      const set = new Set(Array.from(toText(chars)));
      const codePoints = Array.from(text);
      let start = 0;
      let end = codePoints.length;
      while (start < end && set.has(codePoints[start] ?? "")) start++;
      while (end > start && set.has(codePoints[end - 1] ?? "")) end--;
      return codePoints.slice(start, end).join("");
    },
  },
  {
    name: "int",
    aliases: [],
    minArgs: 0,
    maxArgs: 2,
    acceptsUndefined: false,
    doc: "`int(default=0, base=10)`: the value as an integer, or `default` when it is not a number.",
    apply(value, args) {
      const base = typeof args[1] === "number" ? args[1] : 10;
      if (![2, 8, 10, 16].includes(base)) throw new FilterError(`int: base must be 2, 8, 10 or 16, not ${base}`);
      return toInteger(value, args[0] ?? 0, base);
    },
  },
  {
    name: "string",
    aliases: [],
    minArgs: 0,
    maxArgs: 0,
    acceptsUndefined: false,
    doc: "`string`: the value as text.",
    apply: (value) => toText(value),
  },
  {
    name: "quote",
    aliases: [],
    minArgs: 0,
    maxArgs: 0,
    acceptsUndefined: false,
    doc: "`quote`: the text quoted for a POSIX shell (like Ansible's `quote`).",
    apply: (value) => shellQuote(toText(value)),
  },
  {
    name: "urlencode",
    aliases: [],
    minArgs: 0,
    maxArgs: 0,
    acceptsUndefined: false,
    doc: "`urlencode`: the text percent-encoded for a URL (`/` is kept).",
    apply: (value) => urlEncode(toText(value)),
  },
  {
    name: "join",
    aliases: [],
    minArgs: 0,
    maxArgs: 1,
    acceptsUndefined: false,
    doc: "`join(separator='')`: the items of a list joined into one text.",
    apply(value, args) {
      const separator = stringArg(args, 0, "");
      if (Array.isArray(value)) return value.map((item: unknown) => toText(item)).join(separator);
      if (typeof value === "string") return Array.from(value).join(separator);
      throw new FilterError("join: the value is not a list");
    },
  },
];

const BY_NAME: ReadonlyMap<string, FilterSpec> = new Map(FILTERS.flatMap((spec) => [spec.name, ...spec.aliases].map((name) => [name, spec] as const)));

/** The filter registered under `name` (or one of its aliases). */
export function findFilter(name: string): FilterSpec | undefined {
  return BY_NAME.get(name);
}

/** Every filter name and alias, for suggestions and docs. */
export function filterNames(): string[] {
  return [...BY_NAME.keys()];
}

/** The registry, in documentation order. */
export function filterSpecs(): readonly FilterSpec[] {
  return FILTERS;
}
