/**
 * Random inventories for the property test: INI or YAML, one or two sources, nested groups,
 * inline and group variables with tricky values (YAML 1.1 scalars, Python literals, quoting),
 * group_vars/host_vars in every layout, priorities, ranges — and random host patterns.
 */
import fc from "fast-check";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const GROUP_NAMES = ["web", "db", "app_servers", "Zone-1", "données", "g.dot", "cache", "edge", "ungrouped"];
const HOST_NAMES = ["h1", "h2", "web01.example.com", "db-a", "10.0.0.5", "hôte", "x_y", "n9", "2001:db8::7", "localhost", "r[1:3]", "p[08:10].example.com"];
const VAR_NAMES = ["v1", "v2", "shared", "port", "ansible_host", "ansible_port", "inventory_hostname"];
const INI_VALUES = [
  "1",
  "-3",
  "1.5",
  "True",
  "yes",
  "None",
  '"quoted str"',
  "'single'",
  "[1,2]",
  '{"k":1}',
  "plain",
  "0x1F",
  "1e5",
  "01",
  "1_000",
  '""',
  "a,b",
  "x=y",
  "-0.0",
  "(1,2)",
];
const YAML_VALUES = [
  "1",
  "-3",
  "1.5",
  "yes",
  "On",
  "null",
  "~",
  "017",
  "0o17",
  "1e5",
  "1.0e+5",
  "1:30",
  "2001-12-14",
  ".inf",
  "true",
  "plain text",
  '"quoted"',
  "'single'",
  "[1, two]",
  "{a: 1, b: [x]}",
  "0x1F",
  '"yes"',
  "1_000",
  "-0.0",
  "''",
  "!!str 12",
];
const JSON_VALUES = ["1", "1.0", "-2.5e3", '"text"', "true", "null", '[1, "a", null]', '{"k": {"n": 1.5}}', "12345678901234567890"];

export interface GenGroup {
  readonly name: string;
  readonly hosts: readonly { readonly name: string; readonly vars: readonly [string, number][] }[];
  readonly vars: readonly [string, number][];
  readonly children: readonly string[];
  readonly priority: number | undefined;
}

export interface GenInventory {
  readonly format: "ini" | "yaml";
  readonly ungrouped: readonly string[];
  readonly allVars: readonly [string, number][];
  readonly groups: readonly GenGroup[];
  readonly groupFiles: readonly { readonly name: string; readonly layout: string; readonly vars: readonly [string, number][] }[];
  readonly hostFiles: readonly { readonly name: string; readonly layout: string; readonly vars: readonly [string, number][] }[];
  readonly second: GenInventory | undefined;
  readonly patterns: readonly string[];
  readonly hostQueries: readonly string[];
}

const vars = fc.array(fc.tuple(fc.constantFrom(...VAR_NAMES), fc.nat(1000)), { maxLength: 3 });
const layout = fc.constantFrom(".yml", "", ".yaml", ".json", "/dir");

function inventoryArb(depth: number): fc.Arbitrary<GenInventory> {
  return fc
    .record({
      format: fc.constantFrom("ini" as const, "yaml" as const),
      groupNames: fc.uniqueArray(fc.constantFrom(...GROUP_NAMES), { minLength: 1, maxLength: 5 }),
      ungrouped: fc.uniqueArray(fc.constantFrom(...HOST_NAMES), { maxLength: 2 }),
      allVars: vars,
      members: fc.array(fc.tuple(fc.uniqueArray(fc.constantFrom(...HOST_NAMES), { maxLength: 4 }), vars, fc.array(vars, { minLength: 4, maxLength: 4 })), {
        minLength: 5,
        maxLength: 5,
      }),
      edges: fc.array(fc.tuple(fc.nat(4), fc.nat(4)), { maxLength: 4 }),
      priorities: fc.array(fc.option(fc.integer({ min: -2, max: 12 }), { nil: undefined }), { minLength: 5, maxLength: 5 }),
      groupFiles: fc.array(fc.record({ index: fc.nat(5), layout, vars }), { maxLength: 3 }),
      hostFiles: fc.array(fc.record({ name: fc.constantFrom(...HOST_NAMES), layout, vars }), { maxLength: 3 }),
      second: depth === 0 ? fc.option(fc.constant(null), { nil: undefined, freq: 3 }) : fc.constant(undefined),
      patternTerms: fc.array(
        fc.tuple(
          fc.constantFrom("", "", ":", ",", ":&", ":!"),
          fc.constantFrom(...GROUP_NAMES, ...HOST_NAMES.slice(0, 4), "all", "*", "h?", "web*", "~h[12]", "*.example.com"),
          fc.constantFrom("", "", "", "[0]", "[-1]", "[0:1]", "[1:]"),
        ),
        { minLength: 1, maxLength: 3 },
      ),
      hostQueries: fc.uniqueArray(fc.constantFrom(...HOST_NAMES), { minLength: 1, maxLength: 2 }),
    })
    .chain((raw): fc.Arbitrary<GenInventory> => {
      const groups: GenGroup[] = raw.groupNames.map((name, index) => {
        const [hosts, groupVars, hostVars] = raw.members[index] ?? [[], [], []];
        // Edges only point forward (no cycles); now and then one names a group that does not exist.
        const children = raw.edges
          .filter(([from, to]) => from === index && to > index)
          .map(([, to]) => (to < raw.groupNames.length ? (raw.groupNames[to] ?? "") : to === 4 && raw.format === "ini" ? "nowhere" : ""))
          .filter((name) => name !== "");
        return {
          name,
          hosts: hosts.map((host, hostIndex) => ({ name: host, vars: hostVars[hostIndex] ?? [] })),
          vars: groupVars,
          children: [...new Set(children)],
          priority: raw.priorities[index],
        };
      });
      const patterns = [raw.patternTerms.map(([op, term, sub], index) => `${index === 0 ? "" : op || ":"}${term}${sub}`).join("")];
      const base = {
        format: raw.format,
        ungrouped: raw.ungrouped,
        allVars: raw.allVars,
        groups,
        groupFiles: raw.groupFiles.map((file) => ({
          name: file.index < groups.length ? (groups[file.index]?.name ?? "all") : "all",
          layout: file.layout,
          vars: file.vars,
        })),
        hostFiles: raw.hostFiles,
        patterns: [...patterns, "all", groups[0]?.name ?? "all"],
        hostQueries: raw.hostQueries,
      };
      if (raw.second === undefined) return fc.constant<GenInventory>({ ...base, second: undefined });
      return inventoryArb(1).map((second): GenInventory => ({ ...base, second }));
    });
}

export const inventoryArbitrary: fc.Arbitrary<GenInventory> = inventoryArb(0);

function iniValue(seed: number): string {
  return INI_VALUES[seed % INI_VALUES.length] ?? "1";
}

function yamlValue(seed: number): string {
  return YAML_VALUES[seed % YAML_VALUES.length] ?? "1";
}

function iniText(inv: GenInventory): string {
  const lines: string[] = ["# generated"];
  const inline = (pairs: readonly [string, number][]): string => pairs.map(([key, seed]) => ` ${key}=${iniValue(seed).replace(/ /g, "_")}`).join("");
  for (const host of inv.ungrouped) lines.push(host);
  for (const group of inv.groups) {
    lines.push(`[${group.name}]`);
    for (const host of group.hosts) lines.push(`${host.name}${inline(host.vars)}`);
    if (group.vars.length > 0 || group.priority !== undefined) {
      lines.push(`[${group.name}:vars]`);
      for (const [key, seed] of group.vars) lines.push(`${key} = ${iniValue(seed + 7)}`);
      if (group.priority !== undefined) lines.push(`ansible_group_priority=${group.priority}`);
    }
    if (group.children.length > 0) lines.push(`[${group.name}:children]`, ...group.children);
  }
  if (inv.allVars.length > 0) lines.push("[all:vars]", ...inv.allVars.map(([key, seed]) => `${key}=${iniValue(seed)}`));
  return `${lines.join("\n")}\n`;
}

function yamlText(inv: GenInventory): string {
  const q = (text: string): string => JSON.stringify(text);
  const mapping = (pairs: readonly [string, number][], indent: string): string[] => pairs.map(([key, seed]) => `${indent}${key}: ${yamlValue(seed)}`);
  const lines = ["all:"];
  if (inv.allVars.length > 0) lines.push("  vars:", ...mapping(inv.allVars, "    "));
  if (inv.ungrouped.length > 0) lines.push("  hosts:", ...inv.ungrouped.map((host) => `    ${q(host)}:`));
  lines.push("  children:");
  for (const group of inv.groups) {
    lines.push(`    ${q(group.name)}:`);
    if (group.hosts.length > 0) {
      lines.push("      hosts:");
      for (const host of group.hosts) {
        lines.push(`        ${q(host.name)}:${host.vars.length === 0 ? "" : ""}`, ...mapping(host.vars, "          "));
      }
    }
    const groupVars: [string, number][] = [...group.vars];
    if (group.vars.length > 0 || group.priority !== undefined) {
      lines.push("      vars:", ...mapping(groupVars, "        "));
      if (group.priority !== undefined) lines.push(`        ansible_group_priority: ${group.priority}`);
    }
    if (group.children.length > 0) lines.push("      children:", ...group.children.map((child) => `        ${q(child)}: {}`));
  }
  return `${lines.join("\n")}\n`;
}

function varsFileText(pairs: readonly [string, number][], json: boolean): string {
  if (json) return `{${pairs.map(([key, seed]) => `${JSON.stringify(key)}: ${JSON_VALUES[seed % JSON_VALUES.length] ?? "1"}`).join(", ")}}\n`;
  return pairs.length === 0 ? "---\n" : `${pairs.map(([key, seed]) => `${key}: ${yamlValue(seed + 3)}`).join("\n")}\n`;
}

function put(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Writes the inventory under `dir`; returns the `-i` sources. */
export function writeInventory(inv: GenInventory, dir: string): string[] {
  const source = join(dir, inv.format === "ini" ? "hosts" : "hosts.yml");
  put(source, inv.format === "ini" ? iniText(inv) : yamlText(inv));
  const files = [...inv.groupFiles.map((file) => ({ ...file, sub: "group_vars" })), ...inv.hostFiles.map((file) => ({ ...file, sub: "host_vars" }))];
  const written = new Set<string>();
  for (const file of files) {
    // One layout per name (a file `web` and a folder `web/` cannot both exist).
    if (/[:[]/.test(file.name) || written.has(`${file.sub}/${file.name}`)) continue;
    written.add(`${file.sub}/${file.name}`);
    const base = join(dir, file.sub, file.name);
    if (file.layout === "/dir") put(join(base, "main.yml"), varsFileText(file.vars, false));
    else put(base + file.layout, varsFileText(file.vars, file.layout === ".json"));
  }
  const second = inv.second === undefined ? [] : writeInventory(inv.second, join(dir, "second"));
  return [source, ...second];
}

export function describeInventory(inv: GenInventory, sources: readonly string[]): string {
  return `${inv.format} inventory, ${inv.groups.length} groups${inv.second === undefined ? "" : ", two sources"}: ${sources.join(" ")}`;
}
