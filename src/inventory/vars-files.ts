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
class OneFile implements FileVars {
  #origins: Map<PyKey, SourceLocation> | undefined;

  constructor(
    readonly vars: PyDict,
    readonly path: string,
    readonly show: (path: string) => string,
  ) {}

  origins(): ReadonlyMap<PyKey, SourceLocation> {
    if (this.#origins === undefined) {
      const shown = this.show(this.path);
      const where = keyPositions.get(this.vars);
      this.#origins = new Map();
      for (const key of this.vars.keys()) {
        const position = where?.get(key);
        this.#origins.set(key, position === undefined ? { file: shown } : { file: shown, line: position.line });
      }
    }
    return this.#origins;
  }
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

interface Scope {
  /** The real `group_vars`/`host_vars` directory, when there is one. */
  readonly dir: string | undefined;
  readonly byName: Map<string, FileVars>;
}

interface Listing {
  /** Entry name → whether it is a directory (undefined: a symlink, stat it). */
  readonly entries: Map<string, boolean | undefined>;
  /**
   * NAME → the entry `NAME.yml`, `NAME.yaml` or `NAME.json` (the first in that order) that
   * `find_vars_files` takes when there is no entry `NAME` — unless it is a symlink (which counts
   * only if its target exists: decided by stat when asked).
   */
  readonly stems: Map<string, string>;
  /** The entries that are symlinks. */
  readonly links: Set<string>;
}

/** The rank of `name` as a candidate for `stem`: the index of its extension in EXTENSIONS. */
function rankOf(name: string, stem: string): number {
  return EXTENSIONS.indexOf(name.slice(stem.length));
}

/** Records `name` as a candidate for `stem`, if it comes before the one recorded. */
function candidate(stems: Map<string, string>, stem: string, name: string): void {
  const known = stems.get(stem);
  if (known === undefined || rankOf(name, stem) < rankOf(known, stem)) stems.set(stem, name);
}

export class VarsFiles {
  /** Directory listings, read once per directory. */
  readonly #listings = new Map<string, Listing>();
  readonly #files = new Map<string, DataFile>();
  /** By subdir, then basedir: the real directory and the variables resolved so far per NAME. */
  readonly #scopes = { group_vars: new Map<string, Scope>(), host_vars: new Map<string, Scope>() };
  readonly #warned = new Set<string>();
  /** Vault-encrypted vars files met so far (their variables are unknown to runwarden). */
  readonly vaulted = new Set<string>();
  readonly warnings: Problem[] = [];

  constructor(readonly show: (path: string) => string) {}

  #scope(basedir: string, subdir: "group_vars" | "host_vars"): Scope {
    const scopes = this.#scopes[subdir];
    let scope = scopes.get(basedir);
    if (scope === undefined) {
      scope = { dir: this.#dir(basedir, subdir), byName: new Map() };
      scopes.set(basedir, scope);
    }
    return scope;
  }

  /** `realpath(basedir/subdir)` when it is a directory. */
  #dir(basedir: string, subdir: "group_vars" | "host_vars"): string | undefined {
    const path = join(basedir, subdir);
    let real: string | undefined;
    if (existsSync(path)) {
      real = realpathSync(path);
      if (!statSync(real).isDirectory()) {
        this.warnings.push({ location: { file: this.show(real) }, message: `Found ${subdir} that is not a directory, skipping: ${this.show(real)}` });
        real = undefined;
      }
    }
    return real;
  }

  /** The entries of `dir`, read once. */
  #listing(dir: string): Listing {
    let listing = this.#listings.get(dir);
    if (listing === undefined) {
      const entries = new Map<string, boolean | undefined>();
      const stems = new Map<string, string>();
      const links = new Set<string>();
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const name = entry.name;
        const link = entry.isSymbolicLink();
        entries.set(name, link ? undefined : entry.isDirectory());
        if (link) links.add(name);
        for (let rank = 1; rank < EXTENSIONS.length; rank++) {
          const ext = EXTENSIONS[rank] as string;
          if (name.endsWith(ext)) candidate(stems, name.slice(0, -ext.length), name);
        }
      }
      listing = { entries, stems, links };
      this.#listings.set(dir, listing);
    }
    return listing;
  }

  /** Whether `dir/name` exists, and if so whether it is a directory. */
  #entry(dir: string, name: string): { isDir: boolean } | undefined {
    if (name.includes("/")) {
      const stat = statSync(join(dir, name), { throwIfNoEntry: false });
      return stat === undefined ? undefined : { isDir: stat.isDirectory() };
    }
    const entries = this.#listing(dir).entries;
    if (!entries.has(name)) return undefined;
    const known = entries.get(name);
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
    if (!name.includes("/")) {
      // One look-up in the listing: most names have no file, the others one plain file.
      const listing = this.#listing(dir);
      const chosen = listing.entries.has(name) ? name : listing.stems.get(name);
      if (chosen === undefined) return [];
      if (!listing.links.has(chosen)) {
        // Python's os.path.join: plain concatenation (no normalisation).
        const full = `${dir}/${chosen}`;
        return listing.entries.get(chosen) === true ? this.#dirFiles(full) : [full];
      }
    }
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
    if (name.charCodeAt(0) === 47) return NO_VARS; // an absolute name: os.path.join would drop the directory
    const { dir, byName } = this.#scope(basedir, subdir);
    const cached = byName.get(name);
    if (cached !== undefined) return cached;
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
        parts.push(new OneFile(file.value, path, this.show));
      }
      result = combine(parts);
    }
    if (keep) byName.set(name, result);
    return result;
  }
}
