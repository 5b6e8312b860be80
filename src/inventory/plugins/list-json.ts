/**
 * Inventory JSON in the `ansible-inventory --list` / inventory-script shape (`{"web": {"hosts":
 * [...], "children": [...]}, "_meta": {"hostvars": {...}}}`), read with the rules of Ansible's
 * `script` plugin. Ansible reads this shape only from an executable script; runwarden also reads it
 * from a file, so a saved `--list` output is an inventory (the tests compare through a script).
 */
import { InventoryBuildError } from "../model.js";
import { isDict, isList, keyText, type PyDict, type PyKey, type PyValue } from "../value.js";
import { populateHostVars } from "./common.js";
import { PluginError, type PluginContext } from "./types.js";

/** Whether a parsed JSON document has the `--list` shape (lists where YAML inventories have maps). */
export function isListShape(data: PyValue): data is PyDict {
  if (!isDict(data)) return false;
  if (data.has("_meta")) return true;
  for (const value of data.values()) {
    if (isList(value)) return true;
    if (isDict(value) && (isList(value.get("hosts")) || isList(value.get("children")))) return true;
  }
  return false;
}

function has(container: PyValue | undefined, key: string): boolean {
  if (isDict(container)) return container.has(key);
  if (isList(container)) return container.some((item) => item === key);
  return typeof container === "string" && container.includes(key);
}

export function parseListJson(ctx: PluginContext, processed: PyDict): void {
  const inventory = ctx.inventory;
  const at = { file: ctx.shown };
  const hosts = new Set<string>();
  let fromMeta: PyValue | undefined;
  const groupOf = (name: PyKey): string => {
    try {
      return inventory.addGroup(name, at);
    } catch (err: unknown) {
      if (err instanceof InventoryBuildError) throw new PluginError(err.message);
      throw err;
    }
  };
  try {
    for (const [name, raw] of processed) {
      if (name === "_meta") {
        if (has(raw, "hostvars") && isDict(raw)) fromMeta = raw.get("hostvars");
        continue;
      }
      const group = groupOf(name);
      let data: PyDict;
      if (!isDict(raw)) data = new Map([["hosts", raw]]);
      else if (!["hosts", "vars", "children"].some((key) => raw.has(key)))
        data = new Map<PyKey, PyValue>([
          ["hosts", [group]],
          ["vars", raw],
        ]);
      else data = raw;
      if (data.has("hosts")) {
        const list = data.get("hosts");
        if (!isList(list)) throw new PluginError(`You defined a group '${group}' with bad data for the host list:\n ${keyText(group)}`);
        for (const host of list) {
          if (typeof host !== "string") throw new PluginError(`Invalid host name supplied, expected a string but got ${String(host)}`);
          hosts.add(host);
          inventory.addHost(host, group, undefined, at);
        }
      }
      if (data.has("vars")) {
        const vars = data.get("vars");
        if (!isDict(vars)) throw new PluginError(`You defined a group '${group}' with bad data for variables:\n ${keyText(group)}`);
        for (const [key, value] of vars) inventory.setVariable(group, key, value, at);
      }
      if (group !== "_meta" && data.has("children")) {
        const children = data.get("children");
        const names = isDict(children) ? [...children.keys()] : isList(children) ? children : [];
        for (const child of names) inventory.addChild(group, groupOf(child as PyKey));
      }
    }
    for (const host of hosts) {
      let got: PyValue | undefined = new Map();
      if (fromMeta !== undefined) {
        if (!isDict(fromMeta)) throw new PluginError(`Improperly formatted host information for ${host}: 'hostvars' is not a mapping`);
        got = fromMeta.get(host) ?? new Map();
      }
      if (!isDict(got)) throw new PluginError(`Invalid data from file, expected dictionary and got:\n\n${JSON.stringify(got)}`);
      populateHostVars(inventory, [host], got, undefined, undefined, at);
    }
  } catch (err: unknown) {
    if (err instanceof InventoryBuildError) throw new PluginError(err.message);
    throw err;
  }
}
