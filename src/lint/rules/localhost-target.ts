import { isMap, isPair, isScalar, isSeq, type Node } from "yaml";
import { isLoopback } from "../../inventory/index.js";
import type { LintPolicy } from "../policy.js";
import { positionIn, scriptLines } from "../script-lines.js";
import { positionAt, type SourceText } from "../source.js";
import type { RawFinding, Rule } from "../types.js";
import { deployJobs } from "../workflow/deploys.js";

/** `ansible-playbook -i localhost,`, `--limit 127.0.0.1`, `-c local`, `--connection=local`. */
const ANSIBLE_LOCAL =
  /\bansible(?:-playbook)?\b.*?(?:(?:\s-i\s*|\s--inventory[=\s]\s*|\s-l\s*|\s--limit[=\s]\s*)["']?(localhost|127\.\d+\.\d+\.\d+|::1)\b|(?:\s-c\s*|\s--connection[=\s]\s*)["']?(local)\b)/;

function at(source: SourceText, node: Node | undefined | null): { line: number; col: number } {
  return positionAt(source, node?.range?.[0] ?? 0);
}

function isProductionHosts(pattern: string, policy: LintPolicy): boolean {
  return (
    policy.productionHostPatterns.includes(pattern) ||
    pattern.split(/[:,]/).some((part) => part !== "" && policy.isProductionEnvironment(part.replace(/^[!&]/, "")))
  );
}

/** The group of a `group_vars/<group>.yml` file (or a file in `group_vars/<group>/`), else undefined. */
function groupOfVarsFile(file: string): string | undefined {
  const parts = file.split("/");
  const at = parts.lastIndexOf("group_vars");
  if (at === -1 || at + 1 >= parts.length) return undefined;
  return (parts[at + 1] ?? "").replace(/\.(?:ya?ml|json)$/, "");
}

export const localhostTarget: Rule = {
  id: "localhost-target",
  title: "production target that is the local machine",
  category: "infrastructure as code",
  severity: "error",
  kinds: ["workflow", "config", "ansible"],
  docs: {
    description:
      "A deploy aimed at `localhost`, a loopback address or Ansible's local connection \"succeeds\" on the runner itself and changes nothing in production. Reported: a production environment in runwarden.yml whose `hosts` is loopback; a deploy job's `ansible`/`ansible-playbook` with `-i`/`--limit` on localhost or `-c local`; a play for production hosts with `connection: local`; `ansible_host` on loopback or `ansible_connection: local` in a production group's or host's vars file. Target the inventory's production group instead.",
    bad: `jobs:
  deploy:
    runs-on: [self-hosted, production]
    environment: production
    steps:
      - run: ansible-playbook -i localhost, -c local site.yml`,
    good: `jobs:
  deploy:
    runs-on: [self-hosted, production]
    environment: production
    steps:
      - run: ansible-playbook -i inventories/production/hosts --limit production site.yml`,
  },
  check(doc, { policy }) {
    const findings: RawFinding[] = [];
    if (doc.kind === "workflow") {
      for (const { job } of deployJobs(doc, policy)) {
        for (const step of job.steps) {
          for (const line of scriptLines(doc.source, step.run?.range)) {
            const match = ANSIBLE_LOCAL.exec(line.text);
            if (match === null) continue;
            const target = match[1] ?? match[2] ?? "";
            findings.push({
              span: { start: positionIn(doc.source, line, line.text.indexOf(target, match.index + 1)) },
              message: `job '${job.id}' deploys with Ansible aimed at the runner itself ('${target}'): nothing reaches production; use the inventory's production hosts`,
            });
          }
        }
      }
    } else if (doc.kind === "config") {
      const environments = doc.yaml.get("environments", true);
      if (!isMap(environments)) return [];
      for (const pair of environments.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : "";
        if (!policy.isProductionEnvironment(name) || !isMap(pair.value)) continue;
        const hosts = pair.value.get("hosts", true);
        if (isScalar(hosts) && typeof hosts.value === "string" && hosts.value.split(/[:,]/).some((part) => isLoopback(part))) {
          findings.push({
            span: { start: at(doc.source, hosts) },
            message: `environment '${name}' deploys to '${hosts.value}', the machine running runwarden; use the inventory's production group`,
          });
        }
      }
    } else if (doc.kind === "ansible") {
      const contents = doc.yaml.contents;
      if (isSeq(contents)) {
        for (const play of contents.items) {
          if (!isMap(play)) continue;
          const hosts = play.get("hosts", true);
          const connection = play.get("connection", true);
          if (
            isScalar(hosts) &&
            typeof hosts.value === "string" &&
            isProductionHosts(hosts.value, policy) &&
            isScalar(connection) &&
            String(connection.value) === "local"
          ) {
            findings.push({
              span: { start: at(doc.source, connection) },
              message: `the play for '${hosts.value}' uses connection: local: its tasks run on the controller, not on the production hosts; remove it`,
            });
          }
        }
      }
      const group = groupOfVarsFile(doc.source.file);
      if (group !== undefined && isProductionHosts(group, policy) && isMap(contents)) {
        for (const pair of contents.items) {
          if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) continue;
          const key = String(pair.key.value);
          const value = String(pair.value.value);
          if ((key === "ansible_host" && isLoopback(value)) || (key === "ansible_connection" && value === "local")) {
            findings.push({
              span: { start: at(doc.source, pair.value) },
              message: `production group '${group}' sets ${key}: ${value}: its deploys run on the controller, not on the targets; point it at the real machines`,
            });
          }
        }
      }
    }
    return findings;
  },
};
