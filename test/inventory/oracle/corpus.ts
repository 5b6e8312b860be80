/**
 * The oracle corpus: test/fixtures/inventory/corpus/NN-name/ holds an inventory (files,
 * directories, group_vars, host_vars) and a case.json saying which sources to pass and what to ask.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface CaseSpec {
  readonly description: string;
  /** `-i` sources, relative to the case folder (a value with a comma is a host list). */
  readonly sources: readonly string[];
  /** Host patterns to compare with `ansible PATTERN --list-hosts` (besides all, *, and each group). */
  readonly patterns?: readonly string[];
  /** Hosts for `--host` (besides the first hosts of the inventory and localhost). */
  readonly hosts?: readonly string[];
  /** The sources are `--list`-shaped JSON: Ansible reads them through an inventory script. */
  readonly listJson?: boolean;
  /** A malformed inventory: where runwarden must point (`line` absent: the problem has no line, e.g. a directory). */
  readonly error?: { readonly file: string; readonly line?: number; readonly contains?: string; readonly varsError?: boolean };
  /**
   * A vault-encrypted vars file: Ansible without the password stops on it; with it, Ansible shows
   * exactly `keys` more than runwarden. `pattern` selects hosts it applies to, `clearPattern` none.
   */
  readonly vault?: {
    readonly passwordFile: string;
    readonly file: string;
    readonly keys: readonly string[];
    readonly pattern: string;
    readonly clearPattern: string;
  };
}

export interface Case {
  readonly name: string;
  readonly dir: string;
  readonly spec: CaseSpec;
  /** Sources as runwarden gets them. */
  readonly sources: readonly string[];
}

export const CORPUS_DIR = join(import.meta.dirname, "..", "..", "fixtures", "inventory", "corpus");

export function loadCorpus(): Case[] {
  return readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = join(CORPUS_DIR, name);
      const spec = JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) as CaseSpec;
      const sources = spec.sources.map((source) => (source.includes(",") ? source : join(dir, source)));
      return { name, dir, spec, sources };
    });
}

/**
 * The sources as Ansible gets them: `--list`-shaped JSON goes through a tiny inventory script
 * (the only way Ansible reads that shape), written under `scratch`.
 */
export function ansibleSources(testCase: Case, scratch: string): string[] {
  if (testCase.spec.listJson !== true) return [...testCase.sources];
  return testCase.sources.map((source, index) => {
    const dir = join(scratch, "scripts", testCase.name);
    mkdirSync(dir, { recursive: true });
    const script = join(dir, `inventory-${index}.sh`);
    const quoted = `'${source.replace(/'/g, "'\\''")}'`;
    writeFileSync(script, `#!/bin/sh\nif [ "$1" = "--list" ]; then cat ${quoted}; else echo '{}'; fi\n`);
    chmodSync(script, 0o755);
    return script;
  });
}

export function inventoryArgs(sources: readonly string[]): string[] {
  return sources.flatMap((source) => ["-i", source]);
}
