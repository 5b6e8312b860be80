/**
 * `inventory/ansible-warning`: what Ansible itself warns about while reading the inventory — keys
 * it skips, duplicate YAML keys (the last one wins), duplicate localhost entries.
 */
import type { InventoryCheck } from "./types.js";

export const ansibleWarning: InventoryCheck = {
  id: "inventory/ansible-warning",
  title: "something Ansible warns about while reading the inventory (skipped keys, duplicate keys)",
  severity: "notice",
  run({ inventory }) {
    return [...inventory.ansibleWarnings, ...inventory.files.warnings].map((warning) => ({
      id: this.id,
      severity: "notice" as const,
      message: warning.message,
      location: warning.location,
    }));
  },
};
