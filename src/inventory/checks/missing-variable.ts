/**
 * `inventory/missing-variable`: a variable every selected host needs (`--require prometheus_url`,
 * or the preflight's `require_vars`) is not defined — or is defined empty — after Ansible's
 * precedence. Monitoring is discovered through such variables, so a missing one is an error.
 */
import { textOf } from "../value.js";
import type { Finding, InventoryCheck } from "./types.js";
import { hostLocation } from "./where.js";

export const missingVariable: InventoryCheck = {
  id: "inventory/missing-variable",
  title: "a required variable is missing (or empty) on a selected host",
  severity: "error",
  run({ inventory, hosts, require }) {
    const findings: Finding[] = [];
    const vaulted = inventory.vaultedFiles();
    const maybe = vaulted.length > 0 ? ` (it may be inside the vault-encrypted ${vaulted.join(", ")}, which runwarden does not decrypt)` : "";
    for (const host of hosts) {
      const vars = inventory.hostVars(host);
      for (const name of require) {
        const value = vars?.get(name);
        if (value === undefined) {
          findings.push({
            id: this.id,
            severity: "error",
            host,
            message: `host '${host}' does not define ${name}${maybe}`,
            location: hostLocation(inventory, host),
            hint: `define ${name} in group_vars/all.yml (or the group's vars) of the inventory`,
          });
        } else if (value === null || textOf(value)?.trim() === "") {
          findings.push({
            id: this.id,
            severity: "warning",
            host,
            message: `host '${host}' defines ${name} but leaves it empty`,
            location: hostLocation(inventory, host, name),
          });
        }
      }
    }
    return findings;
  },
};
