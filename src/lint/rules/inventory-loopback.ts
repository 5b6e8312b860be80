import { checkInventory } from "../../inventory/index.js";
import type { RawFinding, Rule } from "../types.js";

export const inventoryLoopback: Rule = {
  id: "inventory-loopback",
  title: "production inventory group resolves to loopback",
  category: "infrastructure as code",
  severity: "error",
  kinds: ["inventory"],
  docs: {
    description:
      "A host that a production environment's `hosts` pattern selects resolves to the machine running Ansible: `ansible_connection=local`, or an `ansible_host` (else the host's name) on loopback. The deploy then runs against the runner and reports success while production is untouched. The inventory is read as Ansible reads it, variables and precedence included; the pattern is each production environment's `hosts` in runwarden.yml.",
    bad: `[production]
web1 ansible_host=127.0.0.1`,
    good: `[production]
web1 ansible_host=web1.internal.example.com`,
  },
  check(doc, { policy }) {
    if (doc.kind !== "inventory") return [];
    const findings: RawFinding[] = [];
    for (const pattern of policy.productionHostPatterns) {
      for (const found of checkInventory(doc.inventory, { pattern, only: ["inventory/loopback-target"] })) {
        // Ansible's implicit localhost has no file: localhost-target reports the pattern in runwarden.yml.
        if (found.location.line === undefined && found.location.file.startsWith("(")) continue;
        findings.push({
          file: found.location.file,
          span: { start: { line: found.location.line ?? 1, col: found.location.col ?? 1 } },
          message: found.message,
        });
      }
    }
    return findings;
  },
};
