/**
 * `inventory/vaulted-file`: a whole vars file that applies to the selected hosts is encrypted with
 * Ansible Vault. runwarden never decrypts vault data, so the variables in it are unknown to every
 * other check — and Ansible itself, without a vault password, stops on the file. An error: a
 * deploy must not go ahead on variables nobody checked.
 */
import type { InventoryCheck } from "./types.js";

export const vaultedFile: InventoryCheck = {
  id: "inventory/vaulted-file",
  title: "a vault-encrypted vars file applies to the selected hosts (its variables are opaque to runwarden)",
  severity: "error",
  run({ inventory, hosts }) {
    return inventory.vaultedFilesFor(hosts).map((file) => ({
      id: this.id,
      severity: "error" as const,
      message: `${file} is encrypted with Ansible Vault: runwarden does not decrypt it, so its variables are not checked (Ansible without a vault password stops on it)`,
      location: { file, line: 1 },
      hint: "encrypt single values instead (ansible-vault encrypt_string): the variable names stay visible and are checked, the values stay secret",
    }));
  },
};
