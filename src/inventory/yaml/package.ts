/**
 * The `yaml` package, which the full loader (load.ts) parses with, behind one accessor. Most vars
 * files never reach the full loader (the fast path reads them), so the CLI's bundle swaps this
 * module for one that `require`s the package the first time a file needs it
 * (scripts/build.mjs): its 262 KB are then not compiled at the start of every command that reads
 * an inventory. Everywhere else (tests, the Action's single-file bundle) it is imported here.
 */
import * as yaml from "yaml";

export type YamlPackage = typeof yaml;

export function yamlPackage(): YamlPackage {
  return yaml;
}
