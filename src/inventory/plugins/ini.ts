/**
 * Ansible's INI inventory plugin (`plugins/inventory/ini.py`), line by line: hosts before any
 * section go to `ungrouped`; `[g]`, `[g:vars]`, `[g:children]`; host lines split with shlex
 * (quotes removed) and every value — inline or in `[g:vars]` — read with `ast.literal_eval`.
 * Children and `:vars` may name groups declared later in the file; undeclared ones fail at the end.
 */
import type { SourceLocation } from "../../model/errors.js";
import { AddressError, isSimpleHostname } from "../address.js";
import { InventoryBuildError } from "../model.js";
import { LiteralError, literalEval } from "../python/literal.js";
import { ShlexError, shlexSplit } from "../python/shlex.js";
import { PY_SPACE, PY_WORD, pySplitlines, pyStrip } from "../python/text.js";
import type { PyKey, PyValue } from "../value.js";
import { expandHostPattern, populateHostVars } from "./common.js";
import { PluginError, type PluginContext } from "./types.js";

const SECTION = new RegExp(`^\\[([^:\\]${PY_SPACE}]+)(?::([${PY_WORD}]+))?\\][${PY_SPACE}]*(?:#[^\\n]*)?$`, "u");
const GROUP_NAME = new RegExp(`^([^:\\]${PY_SPACE}]+)[${PY_SPACE}]*(?:#[^\\n]*)?$`, "u");

type State = "hosts" | "vars" | "children";

/** What makes shlex do more than split on whitespace: quotes, escapes, comments. */
const HOST_LINE_SPECIAL = /['"\\#]/;

/** shlex's whitespace (a line holds no \r or \n). */
function isShlexSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10;
}

interface Pending {
  readonly line: number;
  readonly state: State;
  readonly name: string;
  readonly parents: string[];
}

/** `_parse_value`: a Python literal when it is one, else the text itself. */
export function parseIniValue(text: string): PyValue {
  const result = literalEval(text);
  return result === undefined ? text : result.value;
}

class IniParser {
  lineno = 0;
  readonly pending = new Map<string, Pending>();
  /** Variable names met so far: ten thousand hosts share one copy of `ansible_host`. */
  readonly #names = new Map<string, string>();

  #name(text: string): string {
    const known = this.#names.get(text);
    if (known !== undefined) return known;
    if (this.#names.size < 4096) this.#names.set(text, text);
    return text;
  }

  constructor(readonly ctx: PluginContext) {}

  at(): SourceLocation {
    return { file: this.ctx.shown, line: this.lineno };
  }

  fail(message: string): never {
    throw new PluginError(message, this.lineno);
  }

  parse(lines: readonly string[]): void {
    const inventory = this.ctx.inventory;
    let groupname = "ungrouped";
    let state: State = "hosts";
    for (const raw of lines) {
      this.lineno++;
      const line = pyStrip(raw);
      if (line === "" || line[0] === ";" || line[0] === "#") continue;
      const section = line[0] === "[" ? SECTION.exec(line) : null;
      if (section !== null) {
        groupname = section[1] as string;
        const tag = section[2] ?? "hosts";
        if (tag !== "hosts" && tag !== "children" && tag !== "vars") {
          this.fail(`Section [${groupname}:${tag}] has unknown type: ${tag}`);
        }
        state = tag;
        if (!inventory.groups.has(groupname)) {
          if (state === "vars" && !this.pending.has(groupname)) {
            this.pending.set(groupname, { line: this.lineno, state, name: groupname, parents: [] });
          }
          inventory.addGroup(groupname);
        }
        inventory.group(groupname).declaredAt.push(this.at());
        const waiting = this.pending.get(groupname);
        if (waiting !== undefined && state !== "vars") {
          if (waiting.state === "children") this.addPendingChildren(groupname);
          else this.pending.delete(groupname);
        }
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        this.fail(
          `Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters`,
        );
      }
      if (state === "hosts") {
        if (!this.simpleHostLine(line, groupname)) this.hostLine(line, groupname);
      } else if (state === "vars") this.varLine(line, groupname);
      else this.childLine(line, groupname);
    }
    for (const decl of this.pending.values()) {
      if (decl.state === "vars") {
        throw new PluginError(`Section [${decl.name}:vars] not valid for undefined group: ${decl.name}`, decl.line);
      }
      throw new PluginError(`Section [${decl.parents[decl.parents.length - 1] ?? ""}:children] includes undefined group: ${decl.name}`, decl.line);
    }
  }

  addPendingChildren(group: string): void {
    const decl = this.pending.get(group);
    if (decl === undefined) return;
    for (const parent of decl.parents) {
      this.ctx.inventory.addChild(parent, group);
      if (this.pending.get(parent)?.state === "children") this.addPendingChildren(parent);
    }
    this.pending.delete(group);
  }

  /**
   * The usual host line — a plain host name and `key=value` tokens without quotes, escapes or
   * comments — read without the general machinery; false (nothing done) for any other line.
   */
  simpleHostLine(line: string, group: string): boolean {
    if (HOST_LINE_SPECIAL.test(line)) return false;
    const n = line.length;
    let end = 0;
    while (end < n && !isShlexSpace(line.charCodeAt(end))) end++;
    const name = line.slice(0, end);
    const inventory = this.ctx.inventory;
    // A host named like a group gives its variables to the group: the general path handles that.
    if (!isSimpleHostname(name) || inventory.groups.has(name)) return false;
    const keys: string[] = [];
    const values: PyValue[] = [];
    let start = end;
    while (start < n) {
      while (start < n && isShlexSpace(line.charCodeAt(start))) start++;
      if (start === n) break;
      end = start;
      while (end < n && !isShlexSpace(line.charCodeAt(end))) end++;
      const eq = line.indexOf("=", start);
      if (eq < 0 || eq >= end) return false;
      const key = this.#name(line.slice(start, eq));
      // A repeated name (the last value wins, once) or very many: the general path.
      if (keys.length >= 64 || keys.includes(key)) return false;
      keys.push(key);
      values.push(parseIniValue(line.slice(eq + 1, end)));
      start = end;
    }
    const at = this.at();
    inventory.addHost(name, group, undefined, at);
    inventory.hosts.get(name)?.setVariables(keys, values, at);
    return true;
  }

  hostLine(line: string, group: string): void {
    let tokens: string[];
    try {
      tokens = shlexSplit(line);
    } catch (err: unknown) {
      if (err instanceof ShlexError) this.fail(`Error parsing host definition '${line}': ${err.message}`);
      throw err;
    }
    const first = tokens[0];
    if (first === undefined) this.fail("list index out of range");
    const { hostnames, port } = expandHostPattern(first, this.ctx.inventory.limits.maxRangeHosts);
    if (pyStrip(first).endsWith(":") && port === undefined) {
      this.fail(`Invalid host pattern '${first}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`);
    }
    if (hostnames.some((name) => pyStrip(name) === "---")) {
      this.fail(`Invalid host pattern '${first}' supplied, '---' is normally a sign this is a YAML file.`);
    }
    const variables = new Map<PyKey, PyValue>();
    for (let index = 1; index < tokens.length; index++) {
      const token = tokens[index] as string;
      const eq = token.indexOf("=");
      if (eq < 0) this.fail(`Expected key=value host variable assignment, got: ${token}`);
      variables.set(token.slice(0, eq), parseIniValue(token.slice(eq + 1)));
    }
    populateHostVars(this.ctx.inventory, hostnames, variables, group, port, this.at());
  }

  varLine(line: string, group: string): void {
    const eq = line.indexOf("=");
    if (eq < 0) this.fail(`Expected key=value, got: ${line}`);
    const key = pyStrip(line.slice(0, eq));
    this.ctx.inventory.setVariable(group, key, parseIniValue(pyStrip(line.slice(eq + 1))), this.at());
  }

  childLine(line: string, group: string): void {
    const match = GROUP_NAME.exec(line);
    if (match === null) this.fail(`Expected group name, got: ${line}`);
    const child = match[1] as string;
    if (this.ctx.inventory.groups.has(child)) {
      this.ctx.inventory.addChild(group, child);
      return;
    }
    const waiting = this.pending.get(child);
    if (waiting === undefined) this.pending.set(child, { line: this.lineno, state: "children", name: child, parents: [group] });
    else if (waiting.state === "vars")
      this.fail("'parents'"); // Python's KeyError on a pending [g:vars] entry
    else waiting.parents.push(group);
  }
}

/**
 * Parses an INI inventory into `ctx.inventory`; throws PluginError (with the line) like Ansible.
 * `text` is the file decoded as Ansible decodes it (bytes that are not UTF-8 as lone surrogates).
 */
export function parseIni(ctx: PluginContext, text: string): void {
  const parser = new IniParser(ctx);
  try {
    parser.parse(pySplitlines(text));
  } catch (err: unknown) {
    if (err instanceof PluginError) throw err;
    if (err instanceof InventoryBuildError || err instanceof AddressError || err instanceof LiteralError) {
      throw new PluginError(err.message, parser.lineno);
    }
    throw err;
  }
}
