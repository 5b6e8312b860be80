/** The contract of an inventory sanity check: data in (inventory, selected hosts), findings out. */
import type { SourceLocation } from "../../model/errors.js";
import type { Severity } from "../../model/result.js";
import type { Inventory } from "../inventory.js";

export interface Finding {
  /** The check's id, e.g. `inventory/loopback-target`. */
  readonly id: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: SourceLocation;
  /** The host concerned, when there is one. */
  readonly host?: string;
  readonly hint?: string;
}

export interface CheckInput {
  readonly inventory: Inventory;
  /** The host pattern being checked (`all` when none was given). */
  readonly pattern: string;
  /** The hosts the pattern selects, in Ansible's order. */
  readonly hosts: readonly string[];
  /** Variables every selected host must define (e.g. `prometheus_url`). */
  readonly require: readonly string[];
  /** Why the pattern selects nothing when Ansible cannot resolve it (`web[5]` out of range, a bad regex). */
  readonly patternError?: string;
}

export interface InventoryCheck {
  readonly id: string;
  /** What the check looks for, one line (docs/inventory.md lists every check). */
  readonly title: string;
  /** The most severe finding it reports. */
  readonly severity: Severity;
  run(input: CheckInput): Finding[];
}
