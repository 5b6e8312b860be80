/** The inventory runwarden.yml names, loaded with runwarden's inventory engine (as Ansible reads it). */
import type { Inventory } from "../inventory/index.js";

export interface InventoryDocument {
  readonly kind: "inventory";
  readonly inventory: Inventory;
  /** The sources as runwarden.yml lists them, for messages. */
  readonly sources: readonly string[];
}
