/**
 * docs/lint.md, generated from the rules' metadata (test/lint/docs.test.ts keeps the file in sync;
 * `npm run gen` rewrites it). The prose around the rule list lives here too, next to the code it
 * describes.
 */
import { RULES } from "./rules/index.js";
import type { Rule } from "./types.js";

const INTRO = `# runwarden lint

<!-- Generated from src/lint/rules/*.ts by \`npm run gen\`; edit the rules, not this file. -->

\`runwarden lint [PATH…]\` finds, before they merge, the problems that make deploys from self-hosted
runners fail or leak: deploy jobs without a timeout, a concurrency group or a route; approvals asked
twice; deploys a pull request can start; secrets pasted into scripts or printed; actions on moving
tags; literal IP addresses where the inventory should be; production targets that are the local
machine; a runwarden.yml that does not validate.

With no PATH it reads \`.github/workflows/\`, \`runwarden.yml\` and the inventory runwarden.yml names.
A folder is walked for \`*.yml\`/\`*.yaml\`. What each file is: \`runwarden.yml\` is the config; files
under \`.github/workflows/\` are workflows; \`action.yml\` is an action; any other YAML with \`on:\` and
\`jobs:\` is a workflow, with \`runs:\` an action, and the rest are Ansible playbooks, roles and vars.
Workflows and actions are parsed with GitHub's own parser (\`@actions/workflow-parser\`), so what it
rejects GitHub rejects too; the inventory is read by runwarden's inventory engine, as Ansible reads it.

## Output and exit codes

| option | output |
|---|---|
| \`--format text\` (default) | \`file:line:col: message [rule-id]\`, one finding a line (actionlint's format) |
| \`--format json\` or \`--json\` | \`{threshold, summary, findings[{rule, severity, file, line, col, end_line, end_col, message}], files[]}\` |
| \`--format sarif\` | SARIF 2.1.0 for GitHub code scanning (\`--output FILE\` writes it to a file) |
| inside GitHub Actions | also one annotation per finding, and the Action's \`sarif-file\` output |

\`--jobs N\` sets how many threads parse and check files (default: one per two cores, with 200
distinct files or more). \`--severity error|warning|notice\` (default \`lint.severity\`, else \`warning\`) is the threshold:
findings below it are not listed and do not fail. Exit \`0\`: nothing at or above the threshold;
\`1\`: findings; \`2\`: bad usage, a missing path, or a file that cannot be read or parsed
(\`parse-error\`, which no threshold or suppression hides).

## In GitHub Actions

\`examples/workflows/lint.yml\` lints every pull request with the Action (\`command: lint\`, input
\`severity\`) and uploads the SARIF file named by the step output \`sarif-file\` with
\`github/codeql-action/upload-sarif\` (pinned to a commit SHA); the step output \`findings\` is the
count. Each finding is also an annotation on the pull request's diff.

## Which jobs deploy

Most rules are about jobs that deploy. A job deploys when

- it references a **production environment**: an \`environment\` name matching
  \`lint.production.environments\` (default: \`production\`, \`prod\`, \`prod-*\`, \`production-*\`,
  \`*-prod\`, \`*-production\` and the environments of runwarden.yml; case-insensitive), or a name computed
  by an expression (\`\${{ inputs.environment }}\`), which may be production; or
- its \`runs-on\` names a **production runner label** (\`lint.production.runner_labels\`; default
  \`production\`, \`prod\` and the non-generic labels of runwarden.yml's runner groups) or a **production
  runner group** (\`lint.production.runner_groups\`; default the groups of runwarden.yml), written out
  or among the values of a static \`strategy.matrix\` it reads;

except an **approval job**: one that references production environment E with a deployment while a
job after it (through \`needs\`) references E with \`deployment: false\` — the pattern that asks for
approval once (DESIGN.md §5) — or one that references an approval environment: a
\`guards.approval_environment\` of runwarden.yml, or any environment whose name as written contains
\`approval\` (\`production-approval\`, \`\${{ inputs.environment }}-approval\`). Reusable-workflow calls are not deploy jobs themselves; the called
workflow is linted where it lives.

A pull request "can start" a job when the workflow has that trigger and neither the job's \`if:\` nor
the jobs it needs rule it out. Conditions are read with GitHub's expression parser and evaluated with
what is known for the event (\`github.event_name\`, a pull request's \`github.ref\`, and for forks the
head repository); anything unknown keeps the job reachable.

## Suppressions and configuration

A finding is silenced by a comment at the end of its line, or alone on the line before it:

\`\`\`yaml
- uses: acme/deploy-action@v2 # runwarden-lint: ignore unpinned-action -- our action; tags protected by a ruleset
\`\`\`

The reason after \`--\` is required; a comment without one, or naming an unknown rule, silences
nothing and is reported (\`suppression-invalid\`). In runwarden.yml:

\`\`\`yaml
lint:
  severity: warning              # the threshold
  disable: [secrets-inherit]     # rules not run
  production:
    environments: [production, "prod-*"]
    runner_labels: [production]
    runner_groups: [prod-primary, prod-secondary]
  addresses:
    allow_loopback: true         # 127.0.0.0/8, ::1
    allow_documentation: true    # 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, 0.0.0.0, ::
    allow: []                    # further CIDRs
  trusted_action_owners: [actions, github]
\`\`\`

See docs/config-reference.md for every key.

## Speed

Each workflow is read once and parsed once by GitHub's parser; every rule runs on that one document.
Workflow and action files with the same bytes (a workflow copied between folders, a template
stamped out per service) are parsed and checked once, and the outcome is reused under each name
(only when no finding names the file). With 200 or more distinct files and \`--jobs\` above 1, this
thread takes batches from the same queue as \`--jobs\` − 1 worker threads (each worker costs ~0.5 s of
CPU to start). The default is one thread per two cores: a thread that lints keeps about one and a
half cores busy by itself (V8 collects garbage and compiles on threads of its own), so on 2 cores a
second thread only adds its start-up.

\`npx tsx bench/lint.ts\` lints 1,000 workflows built from the lint corpus (108 files, ~9 copies of
each), and the same 1,000 each made distinct by a trailing comment: wall time of the shipped command,
Node's start-up included. On an idle 2-core machine (load average 1.4, December 2026): copies 0.77 s
(1,304 files/s, 1.1 s of CPU, 88 MiB peak); distinct files 1.66 s (601 files/s, 2.4 s of CPU,
105 MiB peak), ~2.4 ms of CPU per file of which GitHub's parser takes about half. With two threads
on those 2 cores, distinct files took 2.1 s (3.6 s of CPU).
`;

function ruleSection(rule: Rule): string {
  const security = rule.securitySeverity === undefined ? "" : ` · security-severity ${rule.securitySeverity.toFixed(1)}`;
  return [
    `### ${rule.id}`,
    "",
    `**${rule.title}** — ${rule.severity} · ${rule.category} · ${rule.kinds.join(", ")}${security}`,
    "",
    rule.docs.description,
    "",
    "Reported:",
    "",
    "```yaml",
    rule.docs.bad,
    "```",
    "",
    "Fixed:",
    "",
    "```yaml",
    rule.docs.good,
    "```",
    "",
  ].join("\n");
}

export function renderLintDocs(rules: readonly Rule[] = RULES): string {
  const table = [
    "| rule | severity | category | what |",
    "|---|---|---|---|",
    ...rules.map((rule) => `| [\`${rule.id}\`](#${rule.id}) | ${rule.severity} | ${rule.category} | ${rule.title} |`),
  ].join("\n");
  return `${INTRO}\n## Rules\n\n${table}\n\n${rules.map(ruleSection).join("\n")}`;
}
