/**
 * `inventory/literal-ip`: literal IP addresses where a name or a variable should be — a host named
 * by its IP, an IP inside a variable such as `prometheus_url: http://192.168.0.200:9090`. Findings,
 * not errors: Ansible works, but the address is hardcoded where the runbook says it must not be.
 * An IP as the whole `ansible_host` is the inventory variable doing its job: a notice only.
 */
import { keyText, PyDate, UnsafeText, VaultValue, type PyValue } from "../value.js";
import { ipLiterals, isIpLiteral, isLoopback } from "./addresses.js";
import type { Finding, InventoryCheck } from "./types.js";

function strings(value: PyValue, out: string[], depth = 0): void {
  if (depth > 50 || value instanceof VaultValue || value instanceof PyDate || value === null) return;
  if (typeof value === "string") out.push(value);
  else if (value instanceof UnsafeText) out.push(value.text);
  else if (value instanceof Map) for (const item of value.values()) strings(item, out, depth + 1);
  else if (Array.isArray(value)) for (const item of value) strings(item, out, depth + 1);
}

export const literalIp: InventoryCheck = {
  id: "inventory/literal-ip",
  title: "a literal IP address where a host name or a variable should be",
  severity: "warning",
  run({ inventory }) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const name of inventory.hostNames()) {
      if (!isIpLiteral(name)) continue;
      const location = inventory.host(name)?.declaredAt[0] ?? { file: "(inventory)" };
      findings.push({
        id: this.id,
        severity: "warning",
        host: name,
        message: `host '${name}' is named by a literal IP address`,
        location,
        hint: "name the host (e.g. web1.example.internal) and keep the address in ansible_host, or better, in DNS",
      });
    }
    for (const definition of inventory.definitions()) {
      const texts: string[] = [];
      strings(definition.value, texts);
      const ips = [...new Set(texts.flatMap(ipLiterals))];
      if (ips.length === 0) continue;
      const key = keyText(definition.key);
      const site = `${definition.origin.file}:${definition.origin.line ?? 0}:${key}`;
      if (seen.has(site)) continue;
      seen.add(site);
      const whole = key === "ansible_host" && texts.length === 1 && isIpLiteral(texts[0] ?? "");
      const loopback = ips.some(isLoopback) ? " (loopback)" : "";
      findings.push({
        id: this.id,
        severity: whole ? "notice" : "warning",
        ...(definition.scope === "host" ? { host: definition.name } : {}),
        message: `${definition.scope} '${definition.name}': ${key} holds the literal IP address ${ips.join(", ")}${loopback}`,
        location: definition.origin,
        hint: whole
          ? "a DNS name in ansible_host survives re-addressing"
          : "use a DNS name, or refer to the host's variable (e.g. {{ hostvars['prom1'].ansible_host }}) instead of repeating the address",
      });
    }
    return findings;
  },
};
