/**
 * `inventory/vaulted-file`: a whole vars file is encrypted with Ansible Vault. runwarden never
 * decrypts vault data, so the variables in it are unknown to every other check.
 */
import type { InventoryCheck } from "./types.js";

export const vaultedFile: InventoryCheck = {
  id: "inventory/vaulted-file",
  title: "a vault-encrypted vars file (its variables are opaque to runwarden)",
  severity: "notice",
  run({ inventory, hosts }) {
    for (const host of hosts) inventory.hostVars(host);
    return inventory.vaultedFiles().map((file) => ({
      id: this.id,
      severity: "notice" as const,
      message: `${file} is encrypted with Ansible Vault; runwarden does not decrypt it, so its variables are not checked`,
      location: { file, line: 1 },
    }));
  },
};
