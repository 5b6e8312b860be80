/**
 * Ansible's `host_group_vars` vars plugin: `group_vars/NAME` and `host_vars/NAME` beside each
 * inventory source (and beside the playbook). For NAME it takes the first of `NAME`, `NAME.yml`,
 * `NAME.yaml`, `NAME.json` that exists — only that one; a directory means every file in it
 * (sorted, recursively, skipping hidden files and `~` backups), merged in order.
 */
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError, type Problem, type SourceLocation } from "../model/errors.js";
import { DataFileError, loadDataText, readText, type DataFile } from "./data-file.js";
import { compareCodePoints } from "./python/text.js";
import { extensionOf } from "./paths.js";
import { isDict, pyTypeName, truthy, type PyDict, type PyKey, type PyValue } from "./value.js";
import { keyPositions } from "./yaml/positions.js";

const EXTENSIONS = ["", ".yml", ".yaml", ".json"];

/** Variables from files, and (computed when asked) the line each came from. */
export interface FileVars {
  readonly vars: ReadonlyMap<PyKey, PyValue>;
  origins(): ReadonlyMap<PyKey, SourceLocation>;
}

const NO_ORIGINS: ReadonlyMap<PyKey, SourceLocation> = new Map();
export const NO_VARS: FileVars = { vars: new Map(), origins: () => NO_ORIGINS };

/** One file's mapping: used as is, origins derived from its key positions on demand. */
function fromFile(vars: PyDict, path: string, show: (path: string) => string): FileVars {
  let origins: Map<PyKey, SourceLocation> | undefined;
  return {
    vars,
    origins() {
      if (origins === undefined) {
        const shown = show(path);
        const where = keyPositions.get(vars);
        origins = new Map();
        for (const key of vars.keys()) {
          const position = where?.get(key);
          origins.set(key, position === undefined ? { file: shown } : { file: shown, line: position.line });
        }
      }
      return origins;
    },
  };
}

/** Several files' variables merged in order (later files win). */
function combine(parts: readonly FileVars[]): FileVars {
  if (parts.length === 0) return NO_VARS;
  if (parts.length === 1) return parts[0] as FileVars;
  const vars = new Map<PyKey, PyValue>();
  for (const part of parts) for (const [key, value] of part.vars) vars.set(key, value);
  let origins: Map<PyKey, SourceLocation> | undefined;
  return {
    vars,
    origins() {
      if (origins === undefined) {
        origins = new Map();
        for (const part of parts) for (const [key, origin] of part.origins()) origins.set(key, origin);
      }
      return origins;
    },
  };
}

const IS_DIR = { isDir: true } as const;
const IS_FILE = { isDir: false } as const;

export class VarsFiles {
  /** Directory listings: entry name → whether it is a directory (undefined: a symlink, stat it). */
  readonly #listings = new Map<string, Map<string, boolean | undefined>>();
  readonly #files = new Map<string, DataFile>();
  readonly #resolved = new Map<string, Map<string, FileVars>>();
  readonly #realDirs = new Map<string, string | undefined>();
  readonly #warned = new Set<string>();
  /** Vault-encrypted vars files met so far (their variables are unknown to runwarden). */
  readonly vaulted = new Set<string>();
  readonly warnings: Problem[] = [];

  constructor(readonly show: (path: string) => string) {}

  /** `realpath(basedir/subdir)` when it is a directory. */
  #dir(basedir: string, subdir: "group_vars" | "host_vars"): string | undefined {
    const key = `${subdir}\0${basedir}`;
    if (this.#realDirs.has(key)) return this.#realDirs.get(key);
    const path = join(basedir, subdir);
    let real: string | undefined;
    if (existsSync(path)) {
      real = realpathSync(path);
      if (!statSync(real).isDirectory()) {
        this.warnings.push({ location: { file: this.show(real) }, message: `Found ${subdir} that is not a directory, skipping: ${this.show(real)}` });
        real = undefined;
      }
    }
    this.#realDirs.set(key, real);
    return real;
  }

  /** Whether `dir/name` exists, and if so whether it is a directory. */
  #entry(dir: string, name: string): { isDir: boolean } | undefined {
    if (name.includes("/")) {
      const stat = statSync(join(dir, name), { throwIfNoEntry: false });
      return stat === undefined ? undefined : { isDir: stat.isDirectory() };
    }
    let listing = this.#listings.get(dir);
    if (listing === undefined) {
      listing = new Map();
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        listing.set(entry.name, entry.isSymbolicLink() ? undefined : entry.isDirectory());
      }
      this.#listings.set(dir, listing);
    }
    if (!listing.has(name)) return undefined;
    const known = listing.get(name);
    if (known !== undefined) return known ? IS_DIR : IS_FILE;
    const stat = statSync(join(dir, name), { throwIfNoEntry: false });
    return stat === undefined ? undefined : { isDir: stat.isDirectory() };
  }

  #dirFiles(path: string): string[] {
    const found: string[] = [];
    for (const entry of readdirSync(path).sort(compareCodePoints)) {
      if (entry.startsWith(".") || entry.endsWith("~")) continue;
      const ext = extensionOf(entry);
      const full = join(path, entry);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (stat?.isDirectory() === true && ext === "") found.push(...this.#dirFiles(full));
      else if (stat?.isFile() === true && EXTENSIONS.includes(ext)) found.push(full);
    }
    return found;
  }

  /** `loader.find_vars_files(dir, name)` */
  #find(dir: string, name: string): string[] {
    for (const ext of EXTENSIONS) {
      const entry = this.#entry(dir, name + ext);
      if (entry === undefined) continue;
      // Python's os.path.join: plain concatenation (no normalisation).
      const full = `${dir}/${name}${ext}`;
      return entry.isDir ? this.#dirFiles(full) : [full];
    }
    return [];
  }

  #load(path: string, keep: boolean): DataFile {
    let file = this.#files.get(path);
    if (file === undefined) {
      let text: string;
      try {
        text = readText(path);
      } catch (err: unknown) {
        const reason = err instanceof Error && "code" in err ? String(err.code) : "unreadable";
        throw new InputError("RW_INVENTORY_VARS_INVALID", `could not read the vars file ${this.show(path)} (${reason})`, [
          { location: { file: this.show(path) }, message: `the file cannot be read (${reason})` },
        ]);
      }
      try {
        file = loadDataText(text);
      } catch (err: unknown) {
        if (!(err instanceof DataFileError)) throw err;
        const position = err.position;
        throw new InputError("RW_INVENTORY_VARS_INVALID", `could not read the vars file ${this.show(path)}`, [
          { location: { file: this.show(path), ...(position === undefined ? {} : { line: position.line, col: position.col }) }, message: err.message },
        ]);
      }
      if (keep) this.#files.set(path, file);
      if (file.kind === "data" && !this.#warned.has(path)) {
        this.#warned.add(path);
        for (const duplicate of file.duplicates) {
          this.warnings.push({
            location: { file: this.show(path), line: duplicate.position.line },
            message: `found a duplicate dict key (${duplicate.key}). Using last defined value only.`,
          });
        }
      }
    }
    return file;
  }

  /**
   * The merged variables of `group_vars/NAME` (or `host_vars/NAME`) under `basedir`. `keep: false`
   * reads without caching (a host's own files, read once while printing every host).
   */
  vars(basedir: string, subdir: "group_vars" | "host_vars", name: string, keep = true): FileVars {
    if (name.startsWith("/")) return NO_VARS;
    const scope = `${subdir}\0${basedir}`;
    let byName = this.#resolved.get(scope);
    if (byName === undefined) {
      byName = new Map();
      this.#resolved.set(scope, byName);
    }
    const cached = byName.get(name);
    if (cached !== undefined) return cached;
    const dir = this.#dir(basedir, subdir);
    let result = NO_VARS;
    if (dir !== undefined) {
      const parts: FileVars[] = [];
      for (const path of this.#find(dir, name)) {
        const file = this.#load(path, keep);
        if (file.kind === "vault") {
          this.vaulted.add(path);
          continue;
        }
        if (!truthy(file.value)) continue;
        if (!isDict(file.value)) {
          throw new InputError("RW_INVENTORY_VARS_INVALID", `could not use the vars file ${this.show(path)}`, [
            {
              location: { file: this.show(path), line: 1 },
              message: `failed to combine variables, expected dicts but got a 'dict' and a '${pyTypeName(file.value)}'`,
              expected: "a mapping of variable names to values",
              found: pyTypeName(file.value),
            },
          ]);
        }
        parts.push(fromFile(file.value, path, this.show));
      }
      result = combine(parts);
    }
    if (keep) byName.set(name, result);
    return result;
  }
}
