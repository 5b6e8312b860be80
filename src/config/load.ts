/**
 * Loads runwarden.yml: read → strict YAML with positions → schema → `LoadedConfig`.
 * Every problem in the file is collected and thrown together in one `ConfigError`, sorted by position.
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { ConfigError, InputError, type Problem } from "../model/errors.js";
import { issuesToProblems, sortProblems } from "./issues.js";
import { configSchema, type Config } from "./schema.js";
import { parseYaml, toValue } from "./yaml-source.js";

/** Largest config file read (characters): far above any real config, below anything that hurts. */
export const MAX_CONFIG_CHARS = 8 * 1024 * 1024;

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
  /** Reads a file as UTF-8 text (default: `fs.readFileSync`). Throw an error with `code: "ENOENT"` for a missing file. */
  readonly readFile?: (path: string) => string;
}

/** A path from the config (inventory, sqlite file, working directory …) as an absolute path. */
export function resolvePath(loaded: Pick<LoadedConfig, "dir">, path: string): string {
  return isAbsolute(path) ? path : resolve(loaded.dir, path);
}

function errorCode(e: unknown): string | undefined {
  if (typeof e !== "object" || e === null || !("code" in e)) return undefined;
  return typeof e.code === "string" ? e.code : undefined;
}

function read(path: string, absolute: string, readFile: (p: string) => string): string {
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
  throw new ConfigError(`invalid configuration ${path}: ${count}`, sorted);
}

/**
 * Reads, parses and validates the config at `path` (a relative path resolves from `options.cwd`).
 * Throws `InputError` `RW_CONFIG_NOT_FOUND` when the file is missing, and `ConfigError` (exit 2)
 * listing every problem when it is invalid.
 */
export function loadConfig(path: string, options: LoadOptions = {}): LoadedConfig {
  const file = resolve(options.cwd ?? process.cwd(), path);
  const text = read(path, file, options.readFile ?? ((p) => readFileSync(p, "utf8")));
  const shown = path;
  if (text.length > MAX_CONFIG_CHARS) {
    fail(shown, [{ location: { file: shown, line: 1, col: 1 }, message: `the file is too large (${text.length} characters; at most ${MAX_CONFIG_CHARS})` }]);
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
  if (!parsed.success) fail(shown, issuesToProblems(parsed.error.issues, source, configSchema));
  return { file, dir: dirname(file), config: parsed.data };
}
