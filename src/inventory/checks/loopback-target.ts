/**
 * `inventory/loopback-target`: a selected host that is the Ansible controller itself —
 * `ansible_connection: local`, or an address (`ansible_host`, else the name) on loopback
 * (`localhost`, 127.0.0.0/8, ::1). A deploy to it "succeeds" and reaches nothing.
 */
import { textOf } from "../value.js";
import { isLoopback } from "./addresses.js";
import type { Finding, InventoryCheck } from "./types.js";
import { hostLocation } from "./where.js";

export const loopbackTarget: InventoryCheck = {
  id: "inventory/loopback-target",
  title: "a selected host runs on the Ansible controller (ansible_connection=local, or a loopback address)",
  severity: "error",
  run({ inventory, hosts, pattern }) {
    const findings: Finding[] = [];
    for (const host of hosts) {
      const vars = inventory.hostVars(host);
      const connection = textOf(vars?.get("ansible_connection"));
      const explicit = textOf(vars?.get("ansible_host"));
      const address = explicit ?? host;
      const hint = "point the host at the real machine (a DNS name in ansible_host) or remove it from the pattern";
      if (connection === "local") {
        findings.push({
          id: this.id,
          severity: "error",
          host,
          message: `host '${host}' (pattern '${pattern}') uses ansible_connection=local: its tasks run on the machine running Ansible, not on a target`,
          location: hostLocation(inventory, host, "ansible_connection"),
          hint,
        });
      } else if (!address.includes("{{") && isLoopback(address)) {
        findings.push({
          id: this.id,
          severity: "error",
          host,
          message: `host '${host}' (pattern '${pattern}') resolves to loopback (${address}): the deploy would reach the machine running Ansible, not production`,
          location: hostLocation(inventory, host, explicit === undefined ? undefined : "ansible_host"),
          hint,
        });
      }
    }
    return findings;
  },
};
