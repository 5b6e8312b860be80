/**
 * Ansible's `host_group_vars` vars plugin: `group_vars/NAME` and `host_vars/NAME` beside each
 * inventory source (and beside the playbook). For NAME it takes the first of `NAME`, `NAME.yml`,
 * `NAME.yaml`, `NAME.json` that exists — only that one; a directory means every file in it
 * (sorted, recursively, skipping hidden files and `~` backups), merged in order.
 */
import { type Dirent, existsSync, readdirSync, realpathSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import { FileReadError, readHeadSync, type ReadLimit } from "../files/read.js";
import { InputError, type Problem, type SourceLocation } from "../model/errors.js";
import { DataFileError, loadDataText, readLimit, readText, VAULT_HEADER, type DataFile } from "./data-file.js";
import { compareCodePoints } from "./python/text.js";
import { extensionOf } from "./paths.js";
import { isDict, pyTypeName, truthy, type PyDict, type PyKey, type PyValue } from "./value.js";
import { keyPositions } from "./yaml/positions.js";
import { errorCode } from "../model/system-errors.js";

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

/** A file system failure under group_vars/host_vars (a link loop, no permission): bad input, exit 2. */
function fsProblem(shown: string, err: unknown): InputError {
  const code = errorCode(err) ?? "unreadable";
  const why =
    code === "ELOOP"
      ? "too many levels of symbolic links (a link loop)"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied"
        : `cannot be read (${code})`;
  return new InputError("RW_INVENTORY_VARS_INVALID", `could not read ${shown}: ${why}`, [{ location: { file: shown }, message: why }]);
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
  /** Files whose kind (vault-encrypted or not) is known. */
  readonly #seen = new Set<string>();
  readonly warnings: Problem[] = [];
  /** The size limit of a vars file, read from the environment once (not for each of thousands of files). */
  #limit: ReadLimit | undefined;

  constructor(readonly show: (path: string) => string) {}

  #readLimit(): ReadLimit {
    this.#limit ??= readLimit();
    return this.#limit;
  }

  #scope(basedir: string, subdir: "group_vars" | "host_vars"): Scope {
    const scopes = this.#scopes[subdir];
    let scope = scopes.get(basedir);
    if (scope === undefined) {
      scope = { dir: this.#dir(basedir, subdir), byName: new Map() };
      scopes.set(basedir, scope);
    }
    return scope;
  }

  /** `stat` (following links), undefined when nothing is there; a link loop or no permission is bad input. */
  #stat(path: string): Stats | undefined {
    try {
      return statSync(path, { throwIfNoEntry: false });
    } catch (err: unknown) {
      throw fsProblem(this.show(path), err);
    }
  }

  /** `realpath(basedir/subdir)` when it is a directory. */
  #dir(basedir: string, subdir: "group_vars" | "host_vars"): string | undefined {
    const path = join(basedir, subdir);
    let real: string | undefined;
    if (existsSync(path)) {
      try {
        real = realpathSync(path);
      } catch (err: unknown) {
        throw fsProblem(this.show(path), err);
      }
      if (this.#stat(real)?.isDirectory() !== true) {
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
      let list: Dirent[];
      try {
        list = readdirSync(dir, { withFileTypes: true });
      } catch (err: unknown) {
        throw fsProblem(this.show(dir), err);
      }
      for (const entry of list) {
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
      const stat = this.#stat(join(dir, name));
      return stat === undefined ? undefined : { isDir: stat.isDirectory() };
    }
    const entries = this.#listing(dir).entries;
    if (!entries.has(name)) return undefined;
    const known = entries.get(name);
    if (known !== undefined) return known ? IS_DIR : IS_FILE;
    const stat = this.#stat(join(dir, name));
    return stat === undefined ? undefined : { isDir: stat.isDirectory() };
  }

  /** Every vars file under a `NAME/` directory (sorted, recursively); a directory that links back into itself is bad input. */
  #dirFiles(path: string, visiting: Set<string> = new Set()): string[] {
    let real: string;
    let names: string[];
    try {
      real = realpathSync(path);
      names = readdirSync(path).sort(compareCodePoints);
    } catch (err: unknown) {
      throw fsProblem(this.show(path), err);
    }
    if (visiting.has(real)) {
      const shown = this.show(path);
      throw new InputError("RW_INVENTORY_VARS_INVALID", `could not read ${shown}: it links back to a directory being read (a symlink loop)`, [
        { location: { file: shown }, message: "this directory links back to a directory being read (a symlink loop); Ansible recurses until Python gives up" },
      ]);
    }
    visiting.add(real);
    const found: string[] = [];
    for (const entry of names) {
      if (entry.startsWith(".") || entry.endsWith("~")) continue;
      const ext = extensionOf(entry);
      const full = join(path, entry);
      const stat = this.#stat(full);
      if (stat?.isDirectory() === true && ext === "") found.push(...this.#dirFiles(full, visiting));
      else if (stat?.isFile() === true && EXTENSIONS.includes(ext)) found.push(full);
    }
    visiting.delete(real);
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
        text = readText(path, this.#readLimit());
      } catch (err: unknown) {
        if (!(err instanceof FileReadError)) throw err;
        const shown = this.show(path);
        const reason = err.message.startsWith(`${path}: `) ? err.message.slice(path.length + 2) : err.message;
        throw new InputError("RW_INVENTORY_VARS_INVALID", `could not read the vars file ${shown}: ${reason}`, [{ location: { file: shown }, message: reason }]);
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
      this.#seen.add(path);
      if (file.kind === "vault") this.vaulted.add(path);
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

  /** The files `group_vars/NAME` (or `host_vars/NAME`) under `basedir` stands for, in order. */
  paths(basedir: string, subdir: "group_vars" | "host_vars", name: string): string[] {
    if (name.charCodeAt(0) === 47) return [];
    const { dir } = this.#scope(basedir, subdir);
    return dir === undefined ? [] : this.#find(dir, name);
  }

  /** Whether the vars file is vault-encrypted (read now when it was not loaded yet). */
  isVaulted(path: string): boolean {
    if (this.vaulted.has(path)) return true;
    if (this.#seen.has(path)) return false;
    let head: Buffer;
    try {
      head = readHeadSync(path, VAULT_HEADER.length);
    } catch (err: unknown) {
      if (!(err instanceof FileReadError)) throw err;
      const shown = this.show(path);
      const reason = err.message.startsWith(`${path}: `) ? err.message.slice(path.length + 2) : err.message;
      throw new InputError("RW_INVENTORY_VARS_INVALID", `could not read the vars file ${shown}: ${reason}`, [{ location: { file: shown }, message: reason }]);
    }
    this.#seen.add(path);
    const vaulted = head.toString("latin1") === VAULT_HEADER;
    if (vaulted) this.vaulted.add(path);
    return vaulted;
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
