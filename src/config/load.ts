/**
 * Loads runwarden.yml: read → strict YAML with positions → schema → `LoadedConfig`.
 * Every problem in the file is collected and thrown together in one `ConfigError`, sorted by position.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { CONFIG_FILE_BYTES, describeLimit, limitValue, raiseHint } from "../files/limits.js";
import { FileReadError, readBoundedSync } from "../files/read.js";
import { ConfigError, InputError, type Problem } from "../model/errors.js";
import { issuesToProblems, sortProblems } from "./issues.js";
import { configSchema, type Config } from "./schema.js";
import { parseYaml, prototypeKeyProblems, toValue } from "./yaml-source.js";
import { errorCode } from "../model/system-errors.js";

/** Largest config file read by default (bytes; characters for an injected reader): far above any
 * real config, below anything that hurts. Raised with RUNWARDEN_CONFIG_MAX_FILE_BYTES (docs/limits.md). */
export const MAX_CONFIG_CHARS = CONFIG_FILE_BYTES.defaultValue;

/** Most problems listed for one file; the rest are counted (30,000 unknown keys help nobody). */
export const MAX_PROBLEMS_LISTED = 100;

export interface LoadedConfig {
  /** Absolute path of the file. */
  readonly file: string;
  /** Folder of the file: relative paths in the config resolve from here. */
  readonly dir: string;
  readonly config: Config;
}

export interface LoadOptions {
  /** Folder a relative `path` resolves from (default: the process's working directory). Messages show `path` as given. */
  readonly cwd?: string;
  /** Reads a file as text (default: the bounded reader, src/files/read.ts). Throw an error with `code: "ENOENT"` for a missing file. */
  readonly readFile?: (path: string) => string;
  /** Where the size limit may be raised (RUNWARDEN_CONFIG_MAX_FILE_BYTES); default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A path from the config (inventory, sqlite file, working directory …) as an absolute path. */
export function resolvePath(loaded: Pick<LoadedConfig, "dir">, path: string): string {
  return isAbsolute(path) ? path : resolve(loaded.dir, path);
}

function tooLarge(path: string, maxBytes: number, size?: number): never {
  fail(path, [
    {
      location: { file: path, line: 1, col: 1 },
      message: `the file is too large (${size === undefined ? "more than" : `${size} characters; at most`} ${describeLimit(CONFIG_FILE_BYTES, maxBytes)})`,
      hint: `a runwarden.yml is a few KiB; if this one is real, raise the limit with ${raiseHint(CONFIG_FILE_BYTES, maxBytes)}`,
    },
  ]);
}

function unreadable(path: string, detail: string, hint: string, cause: unknown): never {
  throw new InputError("RW_CONFIG_UNREADABLE", `cannot read config file ${path}: ${detail}`, [{ location: { file: path }, message: detail }], { hint, cause });
}

/** The file's bytes through the bounded reader: regular files only, the size capped while reading. */
function readBytes(path: string, absolute: string, maxBytes: number): Buffer {
  try {
    return readBoundedSync(absolute, { maxBytes, raise: raiseHint(CONFIG_FILE_BYTES, maxBytes) });
  } catch (e: unknown) {
    if (!(e instanceof FileReadError)) throw e;
    switch (e.reason) {
      case "missing":
        throw new InputError("RW_CONFIG_NOT_FOUND", `config file not found: ${path}`, [{ location: { file: path }, message: "no such file" }], {
          hint: "create it (see examples/runwarden.yml), or pass its location with --config PATH",
          cause: e,
        });
      case "too-large":
        return tooLarge(path, maxBytes);
      case "not-regular":
        return unreadable(
          path,
          e.message.slice(absolute.length + 2),
          e.sysCode === "EISDIR" || e.message.endsWith("a folder, not a regular file")
            ? "--config takes a file, not a folder"
            : "--config takes a regular file (not a FIFO, a device or a socket)",
          e,
        );
      case "loop":
        return unreadable(path, "too many levels of symbolic links (a link loop)", "point --config at the file itself", e);
      default:
        return unreadable(path, e.message.slice(absolute.length + 2), "check the path and its permissions", e);
    }
  }
}

/** UTF-8 text of the file (a BOM dropped); UTF-16 or invalid UTF-8 is a problem at its position. */
function decode(path: string, bytes: Buffer): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    fail(path, [
      {
        location: { file: path, line: 1, col: 1 },
        message: "the file is UTF-16 (it starts with a UTF-16 byte order mark)",
        expected: "UTF-8 text",
        hint: "save it as UTF-8",
      },
    ]);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const text = new TextDecoder("utf-8").decode(bytes);
    const at = text.indexOf("\ufffd");
    const before = text.slice(0, Math.max(0, at));
    const line = before.split("\n").length;
    const col = at - (before.lastIndexOf("\n") + 1) + 1;
    return fail(path, [{ location: { file: path, line, col }, message: "not valid UTF-8 text", expected: "UTF-8 text", hint: "save the file as UTF-8" }]);
  }
}

/** An injected reader (tests, lint): its errors keep their meaning. */
function readInjected(path: string, absolute: string, readFile: (p: string) => string): string {
  try {
    return readFile(absolute);
  } catch (e: unknown) {
    const code = errorCode(e);
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new InputError("RW_CONFIG_NOT_FOUND", `config file not found: ${path}`, [{ location: { file: path }, message: "no such file" }], {
        hint: "create it (see examples/runwarden.yml), or pass its location with --config PATH",
        cause: e,
      });
    }
    throw new InputError("RW_CONFIG_UNREADABLE", `cannot read config file ${path}${code === undefined ? "" : ` (${code})`}`, [], {
      hint: code === "EISDIR" ? "--config takes a file, not a folder" : "check the path and its permissions",
      cause: e,
    });
  }
}

function fail(path: string, problems: readonly Problem[]): never {
  const sorted = sortProblems(problems);
  const count = sorted.length === 1 ? "1 problem" : `${sorted.length} problems`;
  const listed =
    sorted.length <= MAX_PROBLEMS_LISTED
      ? sorted
      : [
          ...sorted.slice(0, MAX_PROBLEMS_LISTED),
          { location: { file: path }, message: `and ${sorted.length - MAX_PROBLEMS_LISTED} more problems (fix these first)` },
        ];
  throw new ConfigError(`invalid configuration ${path}: ${count}`, listed);
}

/**
 * Reads, parses and validates the config at `path` (a relative path resolves from `options.cwd`).
 * Throws `InputError` `RW_CONFIG_NOT_FOUND` when the file is missing, and `ConfigError` (exit 2)
 * listing every problem when it is invalid.
 */
export function loadConfig(path: string, options: LoadOptions = {}): LoadedConfig {
  if (path.trim() === "") {
    throw new InputError("RW_CONFIG_NOT_FOUND", "no config file given: the path is empty", [], {
      hint: "pass --config PATH (the default is runwarden.yml in the working directory)",
    });
  }
  const file = resolve(options.cwd ?? process.cwd(), path);
  const shown = path;
  const maxBytes = limitValue(CONFIG_FILE_BYTES, options.env ?? process.env);
  let text: string;
  if (options.readFile !== undefined) {
    text = readInjected(path, file, options.readFile);
    if (text.length > maxBytes) tooLarge(shown, maxBytes, text.length);
  } else {
    text = decode(shown, readBytes(path, file, maxBytes));
  }
  const { source, problems } = parseYaml(text, shown);
  if (problems.length > 0) fail(shown, problems);
  const result = toValue(source);
  if ("problem" in result) fail(shown, [result.problem]);
  if (result.value === null || result.value === undefined) {
    fail(shown, [
      {
        location: { file: shown, line: 1, col: 1 },
        message: "the file is empty",
        expected: "a mapping with at least inventory: and environments:",
        hint: "start from examples/runwarden.yml",
      },
    ]);
  }
  const parsed = configSchema.safeParse(result.value, { reportInput: true });
  const schemaProblems = parsed.success ? [] : issuesToProblems(parsed.error.issues, source, configSchema);
  // `__proto__` under a map of names is skipped by the schema check: never let it pass unseen.
  const reported = new Set(schemaProblems.map((p) => `${p.location.line}:${p.location.col}`));
  const prototype = prototypeKeyProblems(source).filter((p) => !reported.has(`${p.location.line}:${p.location.col}`));
  if (!parsed.success || prototype.length > 0) fail(shown, [...schemaProblems, ...prototype]);
  return { file, dir: dirname(file), config: parsed.data };
}
