import { isNode } from "yaml";
import { findAddresses } from "../addresses.js";
import { tokenScalarRanges, yamlScalarRanges, type TextRange } from "../scalars.js";
import { positionAt } from "../source.js";
import type { LintDocument, RawFinding, Rule } from "../types.js";

function rangesOf(doc: LintDocument): TextRange[] {
  switch (doc.kind) {
    case "workflow":
    case "action":
      return tokenScalarRanges(doc.source, doc.root);
    case "config": {
      // The lint section lists the networks that are allowed: not infrastructure addresses.
      const lint = doc.yaml.get("lint", true);
      const skip = isNode(lint) && lint.range !== undefined && lint.range !== null ? lint.range : undefined;
      return yamlScalarRanges(doc.yaml).filter((range) => skip === undefined || range.start < skip[0] || range.start >= skip[2]);
    }
    case "ansible":
      return yamlScalarRanges(doc.yaml);
    default:
      return [];
  }
}

export const literalIp: Rule = {
  id: "literal-ip",
  title: "literal IP address outside the inventory",
  category: "infrastructure as code",
  severity: "error",
  securitySeverity: 3.0,
  kinds: ["workflow", "action", "config", "ansible"],
  docs: {
    description:
      "An infrastructure address written into a workflow, runwarden.yml, a playbook, a role or a vars file is a second source of truth next to the inventory: when a host moves, the inventory is updated and the literal keeps pointing at the old machine — or at whatever gets its address next. Every address comes from the inventory (`{{ ansible_host }}`, `{{ prometheus_url }}`, `--limit production`). Loopback and the documentation ranges are allowed by default; `lint.addresses` sets what else is.",
    bad: `steps:
  - run: ssh deploy@10.20.30.40 ./restart.sh`,
    good: `steps:
  - run: ansible production -i inventories/production/hosts -m command -a ./restart.sh`,
  },
  check(doc, { policy }) {
    if (!("source" in doc)) return [];
    const findings: RawFinding[] = [];
    const seen = new Set<number>();
    // runwarden.yml's own validation already reports literal addresses in address fields.
    const reported = new Set(doc.kind === "config" ? doc.problems.map((p) => `${p.location.line ?? 0}:${p.location.col ?? 0}`) : []);
    for (const range of rangesOf(doc)) {
      const text = doc.source.text.slice(range.start, range.end);
      for (const match of findAddresses(text)) {
        const offset = range.start + match.index;
        if (seen.has(offset) || policy.addressAllowed(match.address)) continue;
        seen.add(offset);
        const start = positionAt(doc.source, offset);
        if (reported.has(`${start.line}:${start.col}`)) continue;
        findings.push({
          span: { start, end: positionAt(doc.source, offset + match.address.length) },
          message: `literal IP address '${match.address}': infrastructure addresses come from the inventory (an inventory variable or host pattern), not from this file`,
        });
      }
    }
    return findings;
  },
};
