/** `inventory/no-hosts`: the pattern selects no host at all — a deploy would do nothing. */
import type { InventoryCheck } from "./types.js";

export const noHosts: InventoryCheck = {
  id: "inventory/no-hosts",
  title: "the host pattern selects no host",
  severity: "error",
  run({ inventory, hosts, pattern, patternError }) {
    if (hosts.length > 0) return [];
    return [
      {
        id: this.id,
        severity: "error",
        message: `the host pattern '${pattern}' selects no host${patternError === undefined ? "" : ` (${patternError})`}`,
        location: { file: inventory.show(inventory.sources[0] ?? "") },
        hint: `compare with: ansible '${pattern}' -i ${inventory.sources.map(inventory.show).join(" -i ")} --list-hosts`,
      },
    ];
  },
};
