/** Where to point a finding about a host: the variable's definition, else the host's first mention. */
import type { SourceLocation } from "../../model/errors.js";
import type { Inventory } from "../inventory.js";
import type { PyKey } from "../value.js";

export function hostLocation(inventory: Inventory, host: string, variable?: PyKey): SourceLocation {
  if (variable !== undefined) {
    const origin = inventory.hostVarOrigins(host)?.get(variable);
    if (origin !== undefined) return origin;
  }
  const declared = inventory.host(host)?.declaredAt[0];
  if (declared !== undefined) return declared;
  return { file: inventory.sources.length > 0 ? inventory.show(inventory.sources[0] ?? "") : "(inventory)" };
}
