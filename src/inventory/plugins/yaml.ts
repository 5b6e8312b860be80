/**
 * Ansible's YAML inventory plugin (`plugins/inventory/yaml.py`): top-level keys are groups, each
 * with `vars`, `children` (groups, recursively) and `hosts` (host patterns with their vars). A
 * string where a mapping is expected is read as `{string: None}`; other keys are skipped with a
 * warning, as are group entries that are not mappings.
 */
import type { SourceLocation } from "../../model/errors.js";
import { AddressError } from "../address.js";
import type { DataFile } from "../data-file.js";
import { InventoryBuildError } from "../model.js";
import { isDict, keyText, pyTypeName, textOf, truthy, UnsafeText, type PyDict, type PyKey, type PyValue } from "../value.js";
import type { KeyPositions } from "../yaml/load.js";
import { expandHostPattern, populateHostVars } from "./common.js";
import { PluginError, type PluginContext } from "./types.js";

class YamlInventory {
  constructor(
    readonly ctx: PluginContext,
    readonly positions: KeyPositions,
  ) {}

  at(dict: PyDict | undefined, key: PyKey): SourceLocation {
    const position = dict === undefined ? undefined : this.positions.get(dict)?.get(key);
    return position === undefined ? { file: this.ctx.shown } : { file: this.ctx.shown, line: position.line, col: position.col };
  }

  fail(message: string, at: SourceLocation): never {
    throw new PluginError(message, at.line, at.col);
  }

  group(name: PyKey, data: PyValue | undefined, parent: PyDict, depth: number): PyKey {
    const at = this.at(parent, name);
    if (depth > 500) this.fail("the group hierarchy nests too deeply", at);
    if (data !== null && data !== undefined && !isDict(data)) {
      this.ctx.warn(`Skipping '${keyText(name)}' as this is not a valid group definition`, at.line);
      return name;
    }
    let group: string;
    try {
      group = this.ctx.inventory.addGroup(name, at);
    } catch (err: unknown) {
      if (err instanceof InventoryBuildError) this.fail(`Unable to add group ${keyText(name)}: ${err.message}`, at);
      throw err;
    }
    if (data === null || data === undefined) return group;
    for (const section of ["vars", "children", "hosts"]) {
      if (!data.has(section)) continue;
      const value = data.get(section) as PyValue;
      const text = textOf(value);
      if (text !== undefined) {
        const replaced: PyDict = new Map([[text, null]]);
        const where = this.positions.get(data)?.get(section);
        if (where !== undefined) this.positions.set(replaced, new Map([[text, where]]));
        data.set(section, replaced);
      } else if (value !== null && !isDict(value)) {
        this.fail(`Invalid "${section}" entry for "${group}" group, requires a dictionary, found "${pyTypeName(value)}" instead.`, this.at(data, section));
      }
    }
    for (const [key, value] of data) {
      const keyAt = this.at(data, key);
      if (value !== null && !isDict(value)) {
        this.ctx.warn(`Skipping key (${keyText(key)}) in group (${group}) as it is not a mapping, it is a ${pyTypeName(value)}`, keyAt.line);
        continue;
      }
      if (value === null) continue;
      if (key === "vars") {
        for (const [name, item] of value) {
          try {
            this.ctx.inventory.setVariable(group, name, item, this.at(value, name));
          } catch (err: unknown) {
            if (err instanceof InventoryBuildError) this.fail(err.message, this.at(value, name));
            throw err;
          }
        }
      } else if (key === "children") {
        for (const [name, item] of value) {
          const child = this.group(name, item, value, depth + 1);
          try {
            this.ctx.inventory.addChild(group, typeof child === "string" ? child : keyText(child));
          } catch (err: unknown) {
            if (err instanceof InventoryBuildError) this.fail(err.message, this.at(value, name));
            throw err;
          }
        }
      } else if (key === "hosts") {
        for (const [pattern, item] of value) this.host(group, pattern, item, value);
      } else {
        this.ctx.warn(`Skipping unexpected key (${keyText(key)}) in group (${group}), only "vars", "children" and "hosts" are valid`, keyAt.line);
      }
    }
    return group;
  }

  host(group: string, pattern: PyKey, item: PyValue, hosts: PyDict): void {
    const at = this.at(hosts, pattern);
    const text = typeof pattern === "string" ? pattern : undefined;
    if (text === undefined) {
      const shown = pattern === null ? "None" : typeof pattern === "boolean" ? (pattern ? "True" : "False") : keyText(pattern);
      this.fail(`Host pattern ${shown} must be a string. Enclose integers/floats in quotation marks.`, at);
    }
    let expanded: { hostnames: string[]; port: number | undefined };
    try {
      expanded = expandHostPattern(text, this.ctx.inventory.limits.maxRangeHosts);
    } catch (err: unknown) {
      if (err instanceof AddressError) this.fail(err.message, at);
      throw err;
    }
    const variables = truthy(item) ? item : new Map<PyKey, PyValue>();
    if (!isDict(variables)) {
      const shown = item instanceof UnsafeText ? item.text : typeof item === "string" ? item : JSON.stringify(item);
      this.fail(`Invalid data from file, expected dictionary and got:\n\n${shown}`, at);
    }
    try {
      populateHostVars(this.ctx.inventory, expanded.hostnames, variables, group, expanded.port, at, (key) => this.at(variables, key));
    } catch (err: unknown) {
      if (err instanceof InventoryBuildError) this.fail(err.message, at);
      throw err;
    }
  }
}

/** Parses a loaded YAML/JSON document as a YAML inventory; throws PluginError like Ansible. */
export function parseYamlInventory(ctx: PluginContext, file: DataFile): void {
  if (file.kind === "vault") {
    throw new PluginError(
      "the file is encrypted with Ansible Vault; runwarden never decrypts vault data (Ansible needs a vault password here)",
      1,
      undefined,
      "unsupported",
    );
  }
  const data = file.value;
  for (const duplicate of file.duplicates) {
    ctx.warn(`found a duplicate dict key (${duplicate.key}). Using last defined value only.`, duplicate.position.line);
  }
  if (!truthy(data)) throw new PluginError("Parsed empty YAML file", undefined, undefined, "format");
  if (!isDict(data)) {
    throw new PluginError(
      `YAML inventory has invalid structure, it should be a dictionary, got: <class '${pyTypeName(data)}'>`,
      undefined,
      undefined,
      "format",
    );
  }
  if (truthy(data.get("plugin"))) throw new PluginError("Plugin configuration YAML file, not YAML inventory", undefined, undefined, "format");
  const parser = new YamlInventory(ctx, file.positions);
  for (const [name, value] of data) parser.group(name, value, data, 0);
}
