/**
 * Ansible's `InventoryManager.parse_sources`: each `-i` source in order; a directory is read as
 * every file in it (sorted, recursively, skipping hidden files, `group_vars`, `host_vars` and
 * `.ini`/`.cfg`/`.md`/… extensions); a file is offered to the enabled plugins in Ansible's order
 * (host_list, script, auto, yaml, ini, toml) until one parses it.
 *
 * Where Ansible only warns that it could not parse a source (and carries on without it), runwarden
 * fails with every plugin's reason and the line, because deploying with part of an inventory
 * silently missing is the failure it exists to prevent.
 */
import { accessSync, constants, existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { FileReadError, readBoundedSync } from "../files/read.js";
import type { Problem } from "../model/errors.js";
import { DataFileError, isVaultText, loadDataText, readLimit, type DataFile } from "./data-file.js";
import type { InventoryData } from "./data.js";
import { extensionOf } from "./paths.js";
import { decodeSurrogateEscape } from "./python/decode.js";
import { compareCodePoints } from "./python/text.js";
import { isHostList, parseHostList } from "./plugins/host-list.js";
import { parseIni } from "./plugins/ini.js";
import { isListShape, parseListJson } from "./plugins/list-json.js";
import { PluginError, type PluginContext } from "./plugins/types.js";
import { parseYamlInventory } from "./plugins/yaml.js";
import { pyJsonLoads, PyJsonError } from "./pyjson-parse.js";
import { isDict, truthy, type PyDict } from "./value.js";
import { errorCode } from "../model/system-errors.js";

const IGNORED = /^\.|^host_vars$|^group_vars$|^vars_plugins$|(?:\.pyc|\.pyo|\.swp|\.bak|~|\.rpm|\.md|\.txt|\.rst|\.orig|\.ini|\.cfg|\.retry)$/;
const YAML_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

interface Failure {
  readonly plugin: string;
  readonly error: PluginError;
}

export interface ParseOutcome {
  readonly parsed: boolean;
  readonly problems: Problem[];
  readonly warnings: Problem[];
}

class SourceParser {
  readonly problems: Problem[] = [];
  readonly warnings: Problem[] = [];

  constructor(
    readonly inventory: InventoryData,
    readonly show: (path: string) => string,
  ) {}

  context(path: string): PluginContext {
    const shown = this.show(path);
    return {
      inventory: this.inventory,
      path,
      shown,
      warn: (message, line) => this.warnings.push({ location: { file: shown, ...(line === undefined ? {} : { line }) }, message }),
    };
  }

  readonly #visiting = new Set<string>();

  source(path: string): boolean {
    const exists = existsSync(path);
    let isDirectory = false;
    try {
      isDirectory = exists && statSync(path).isDirectory();
    } catch (err: unknown) {
      this.problems.push({ location: { file: this.show(path) }, message: `the inventory source cannot be read (${codeOf(err)})` });
      return false;
    }
    if (isDirectory) return this.directory(path);
    this.inventory.currentSource = path;
    const ctx = this.context(path);
    const failures: Failure[] = [];
    let parsed = false;
    if (isHostList(path, exists)) {
      parseHostList(ctx, path);
      parsed = true;
    } else if (!exists) {
      this.problems.push({
        location: { file: ctx.shown },
        message: "the inventory source does not exist",
        hint: "check the -i path (relative paths resolve from the current directory)",
      });
    } else {
      parsed = this.file(ctx, failures);
      if (!parsed) this.reportFailures(ctx, failures);
    }
    this.inventory.currentSource = undefined;
    return parsed;
  }

  /**
   * Every entry of a directory, sorted, Ansible's ignored names skipped. A directory in which
   * nothing is an inventory is, for Ansible, a source it could not parse (it warns "Unable to parse
   * … as an inventory source" and goes on without it): an error here.
   */
  directory(path: string): boolean {
    let real: string;
    let entries: string[];
    try {
      real = realpathSync(path);
      entries = readdirSync(path).sort(compareCodePoints);
    } catch (err: unknown) {
      this.problems.push({ location: { file: this.show(path) }, message: `the inventory directory cannot be read (${codeOf(err)})` });
      return false;
    }
    // A symlink back up the tree would make Ansible recurse until Python gives up.
    if (this.#visiting.has(real)) {
      this.problems.push({ location: { file: this.show(path) }, message: "this directory links back to a directory being read (a symlink loop)" });
      return false;
    }
    this.#visiting.add(real);
    const before = this.problems.length;
    let parsed = false;
    const skipped: string[] = [];
    for (const entry of entries) {
      if (IGNORED.test(entry)) {
        if (!entry.startsWith(".") && entry !== "group_vars" && entry !== "host_vars") skipped.push(entry);
        continue;
      }
      if (this.source(join(path, entry))) parsed = true;
    }
    this.#visiting.delete(real);
    if (!parsed && this.problems.length === before) {
      const shown = skipped.slice(0, 5).join(", ") + (skipped.length > 5 ? ", …" : "");
      this.problems.push({
        location: { file: this.show(path) },
        message: `Unable to parse ${this.show(path)} as an inventory source: nothing in this directory is an inventory${skipped.length > 0 ? ` (skipped by name, as Ansible skips them inside a directory: ${shown})` : ""}`,
        hint:
          skipped.length > 0
            ? `pass the file itself, e.g. -i ${join(this.show(path), skipped.find((name) => name.endsWith(".ini")) ?? skipped[0] ?? "")}`
            : "a directory inventory needs at least one inventory file in it",
      });
    }
    return parsed;
  }

  file(ctx: PluginContext, failures: Failure[]): boolean {
    let bytes: Buffer;
    try {
      bytes = readBoundedSync(ctx.path, readLimit());
    } catch (err: unknown) {
      if (!(err instanceof FileReadError)) throw err;
      const message = err.message.startsWith(`${ctx.path}: `) ? err.message.slice(ctx.path.length + 2) : err.message;
      failures.push({ plugin: "file", error: new PluginError(message, undefined, undefined, "unsupported") });
      return false;
    }
    // Bytes that are not UTF-8 are kept as lone surrogates, as Ansible's to_text does.
    const text = decodeSurrogateEscape(bytes).text;
    const ext = extensionOf(ctx.path);
    let loaded: DataFile | PluginError | undefined;
    const load = (): DataFile => {
      if (loaded === undefined) {
        try {
          loaded = loadDataText(text);
        } catch (err: unknown) {
          if (!(err instanceof DataFileError)) throw err;
          loaded = new PluginError(err.message, err.position?.line, err.position?.col, "format");
        }
      }
      if (loaded instanceof PluginError) throw loaded;
      return loaded;
    };
    const attempt = (plugin: string, run: () => void): boolean => {
      try {
        run();
        return true;
      } catch (err: unknown) {
        if (!(err instanceof PluginError)) throw err;
        failures.push({ plugin, error: err });
        return false;
      }
    };
    if (isVaultText(text)) {
      const message = "the file is encrypted with Ansible Vault; runwarden never decrypts vault data (Ansible needs a vault password here)";
      failures.push({ plugin: "vault", error: new PluginError(message, 1, undefined, "unsupported") });
      return false;
    }
    if (text.startsWith("#!") && isExecutable(ctx.path)) {
      failures.push({
        plugin: "script",
        error: new PluginError(
          "executable inventory scripts are not run by runwarden; save the script's --list output as a .json file and use that",
          1,
          undefined,
          "unsupported",
        ),
      });
      return false;
    }
    const json = jsonListShape(text);
    if (json !== undefined) return attempt("script", () => parseListJson(ctx, json));
    if ((ext === ".yml" || ext === ".yaml") && attempt("auto", () => autoPlugin(load()))) return true;
    if ((ext === "" || YAML_EXTENSIONS.has(ext)) && attempt("yaml", () => (startsWithSection(text) ? notAMapping() : parseYamlInventory(ctx, load()))))
      return true;
    if (attempt("ini", () => parseIni(ctx, text))) return true;
    if (ext === ".toml") {
      const message = "TOML inventories are not supported by runwarden; convert it to YAML (ansible-inventory -i FILE --list -y --export)";
      failures.push({ plugin: "toml", error: new PluginError(message, undefined, undefined, "unsupported") });
    }
    return false;
  }

  /** Every plugin's reason, the most telling first: unsupported, then real content errors. */
  reportFailures(ctx: PluginContext, failures: readonly Failure[]): void {
    const rank = (failure: Failure): number => {
      if (failure.error.kind === "unsupported") return 0;
      const ext = extensionOf(ctx.path);
      const yamlFile = YAML_EXTENSIONS.has(ext) || (ext === "" && failures.some((f) => f.plugin === "yaml" && f.error.kind === "content"));
      if (failure.plugin === "yaml") return yamlFile ? 1 : 2;
      if (failure.plugin === "ini") return yamlFile ? 2 : 1;
      return 3;
    };
    // The auto plugin's "no plugin key" only says the file is not a plugin config: noise here.
    const relevant = failures.filter((failure) => failure.plugin !== "auto" || failure.error.kind === "unsupported");
    const ordered = [...relevant].sort((a, b) => rank(a) - rank(b));
    for (const failure of ordered) {
      const { line, col } = failure.error;
      this.problems.push({
        location: { file: ctx.shown, ...(line === undefined ? {} : { line }), ...(line === undefined || col === undefined ? {} : { col }) },
        message: `${failure.plugin} plugin: ${failure.error.message}`,
      });
    }
  }
}

/**
 * Whether the first content line is an INI `[section]`: as YAML that is a flow sequence, so the
 * document is a list or a syntax error — never the mapping a YAML inventory needs.
 */
function startsWithSection(text: string): boolean {
  const first = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*(\S[^\n]*)/.exec(text.slice(0, 4096));
  return first !== null && /^\[[^\]]*\][ \t]*\r?$/.test(first[1] ?? "");
}

function notAMapping(): never {
  throw new PluginError("not a YAML inventory: the file starts with an INI [section] header", 1, undefined, "format");
}

function codeOf(err: unknown): string {
  return errorCode(err) ?? "unreadable";
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function jsonListShape(text: string): PyDict | undefined {
  if (!/^[ \t\n\r]*\{/.test(text)) return undefined;
  try {
    const value = pyJsonLoads(text);
    return isListShape(value) ? value : undefined;
  } catch (err: unknown) {
    if (err instanceof PyJsonError) return undefined;
    throw err;
  }
}

function autoPlugin(file: DataFile): void {
  const plugin = file.kind === "data" && isDict(file.value) ? file.value.get("plugin") : undefined;
  if (!truthy(plugin))
    throw new PluginError("no root 'plugin' key found, this is not a valid YAML inventory plugin config file", undefined, undefined, "format");
  const message = `runwarden does not run inventory plugins (this file configures '${String(plugin)}'); export the result with ansible-inventory --list and use that`;
  throw new PluginError(message, 1, undefined, "unsupported");
}

/** Parses every source into `inventory` (then reconciles it). */
export function parseSources(inventory: InventoryData, sources: readonly string[], show: (path: string) => string): ParseOutcome {
  const parser = new SourceParser(inventory, show);
  let parsed = false;
  for (const source of sources) {
    if (source === "") continue;
    if (parser.source(source)) parsed = true;
  }
  if (parsed) inventory.reconcile();
  return { parsed, problems: parser.problems, warnings: parser.warnings };
}
