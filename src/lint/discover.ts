/**
 * Which files to lint and as what. Folders are walked for `*.yml`/`*.yaml` (not `node_modules`,
 * `.git`, or the inventory's own folders, which are linted as one inventory); an explicit file is
 * linted whatever its name. A file's kind: `runwarden.yml` → config; under `.github/workflows/` →
 * workflow; `action.yml` → action; otherwise by content (`on:` and `jobs:` → workflow, `runs:` →
 * action), else a playbook, role or vars file.
 */
import { readdirSync, realpathSync, statSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { InputError } from "../model/errors.js";
import type { DocumentKind } from "./types.js";

export interface Target {
  readonly path: string;
  /** As shown in findings: relative to the working directory, `/`-separated. */
  readonly shown: string;
}

const SKIP_DIRS = new Set(["node_modules", ".git"]);
const YAML = /\.ya?ml$/i;

export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel === "" || rel.startsWith("..") ? path : rel;
  return sep === "/" ? shown : shown.split(sep).join("/");
}

function within(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep));
}

export interface Discovered {
  readonly targets: Target[];
  /** Whether the walk met one of the inventory's sources (then the inventory is linted too). */
  readonly touchesInventory: boolean;
}

/**
 * Expands `paths` (relative to `cwd`) into files. A missing explicit path is an InputError (exit 2);
 * with `optional`, missing paths are skipped (the default paths).
 */
export function discover(paths: readonly string[], cwd: string, options: { inventory: readonly string[]; optional?: boolean }): Discovered {
  const targets = new Map<string, Target>();
  const visited = new Set<string>();
  let touchesInventory = false;
  const walk = (dir: string): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (err: unknown) {
      if (err instanceof Error) return;
      throw err;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err: unknown) {
      if (err instanceof Error) return;
      throw err;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (within(path, options.inventory)) {
        touchesInventory = true;
        continue;
      }
      let stat: ReturnType<typeof statSync>;
      try {
        stat = statSync(path);
      } catch (err: unknown) {
        if (err instanceof Error) continue;
        throw err;
      }
      if (stat.isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(path);
      } else if (stat.isFile() && YAML.test(name)) {
        targets.set(path, { path, shown: shownPath(path, cwd) });
      }
    }
  };
  for (const given of paths) {
    const path = resolve(cwd, given);
    if (options.inventory.some((source) => source === path || source.startsWith(path + sep))) touchesInventory = true;
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch (err: unknown) {
      if (options.optional === true) continue;
      throw new InputError("RW_LINT_PATH", `${given}: no such file or folder`, [{ location: { file: given }, message: "no such file or folder" }], {
        hint: "pass workflow files or folders, runwarden.yml, playbooks; with no path, runwarden lint reads .github/workflows, runwarden.yml and its inventory",
        cause: err,
      });
    }
    if (stat.isDirectory()) {
      walk(path);
    } else if (!within(path, options.inventory)) {
      targets.set(path, { path, shown: shownPath(path, cwd) });
    }
  }
  return { targets: [...targets.values()].sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0)), touchesInventory };
}

/** What a file is, from its path and (when that does not say) its content. */
export function kindOf(target: Target, text: string, configPath: string | undefined): Exclude<DocumentKind, "inventory"> {
  const name = basename(target.path).toLowerCase();
  if (target.path === configPath || name === "runwarden.yml" || name === "runwarden.yaml") return "config";
  if (/(^|\/)\.github\/workflows\/[^/]+$/.test(target.path.split(sep).join("/"))) return "workflow";
  if (name === "action.yml" || name === "action.yaml") return "action";
  if (/^jobs\s*:/m.test(text) && /^["']?(?:on|true)["']?\s*:/m.test(text)) return "workflow";
  if (/^runs\s*:/m.test(text) && /^(?:name|description)\s*:/m.test(text)) return "action";
  return "ansible";
}
