/**
 * `inventory/conflicting-duplicate`: the same host (or group) defined in more than one inventory
 * file with different values for a variable. Ansible silently keeps one (the last file read — or,
 * for a `host:port`, the first), so which machine a deploy reaches depends on file order.
 */
import { formatLocation, type SourceLocation } from "../../model/errors.js";
import type { Assignment } from "../model.js";
import { keyText, pyEqual, type PyKey, type PyValue } from "../value.js";
import type { Finding, InventoryCheck } from "./types.js";

interface Written {
  readonly value: PyValue;
  readonly origin: SourceLocation;
}

function conflicts(assignments: readonly Assignment[]): Map<PyKey, Written[]> {
  const byKey = new Map<PyKey, Written[]>();
  for (const { key, value, origin } of assignments) {
    const list = byKey.get(key) ?? [];
    list.push({ value, origin });
    byKey.set(key, list);
  }
  const out = new Map<PyKey, Written[]>();
  for (const [key, list] of byKey) {
    const files = new Set(list.map((item) => item.origin.file));
    if (files.size < 2) continue;
    const first = list[0];
    if (first !== undefined && list.some((item) => !pyEqual(item.value, first.value))) out.set(key, list);
  }
  return out;
}

function shown(value: PyValue): string {
  const text =
    typeof value === "string"
      ? value
      : JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item instanceof Map ? Object.fromEntries(item) : item));
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export const conflictingDuplicate: InventoryCheck = {
  id: "inventory/conflicting-duplicate",
  title: "a host or group defined in several inventory files with conflicting variables",
  severity: "warning",
  run({ inventory }) {
    const findings: Finding[] = [];
    const report = (scope: "host" | "group", name: string, assignments: readonly Assignment[]): void => {
      for (const [key, list] of conflicts(assignments)) {
        const where = list.map((item) => `${shown(item.value)} at ${formatLocation(item.origin)}`).join("; ");
        findings.push({
          id: this.id,
          severity: "warning",
          ...(scope === "host" ? { host: name } : {}),
          message: `${scope} '${name}' is defined in several inventory files with different ${keyText(key)}: ${where}`,
          location: list[list.length - 1]?.origin ?? { file: "(inventory)" },
          hint: "define the host once (or make the values agree): Ansible keeps one of them silently, depending on file order",
        });
      }
    };
    for (const name of inventory.hostNames()) report("host", name, inventory.host(name)?.assignments ?? []);
    for (const name of inventory.groupNames()) report("group", name, inventory.group(name)?.assignments ?? []);
    return findings;
  },
};
