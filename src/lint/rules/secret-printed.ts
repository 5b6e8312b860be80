import { positionIn, scriptLines } from "../script-lines.js";
import type { RawFinding, Rule } from "../types.js";
import { secretEnvNames, stepsOf } from "../workflow/steps.js";

const PRINT = /(?:^\s*|[;&|({]\s*|\b(?:then|do|else)\s+)(echo|printf|print|Write-Host|Write-Output|console\.log|puts)\b/gi;
const DUMP = /(?:^\s*|[;&|]\s*)(printenv|env|set|export\s+-p|declare\s+-p)\s*(?:$|[;&|#])/;
const TRACE = /(?:^\s*|[;&|]\s*)(set\s+-[a-wyz]*x[a-z]*|set\s+-o\s+xtrace|bash\s+-[a-wyz]*x)\b/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The part of a line a print command's output covers: up to the next `;`, `&&`, `||`. */
function segmentAfter(line: string, index: number): string {
  const rest = line.slice(index);
  const end = rest.search(/;|&&|\|\|/);
  return end === -1 ? rest : rest.slice(0, end);
}

export const secretPrinted: Rule = {
  id: "secret-printed",
  title: "secret printed to the log",
  category: "secrets",
  severity: "error",
  securitySeverity: 7.5,
  kinds: ["workflow", "action"],
  docs: {
    description:
      'A script prints a variable that holds a secret (`echo "$TOKEN"`), dumps the whole environment (`env`, `printenv`, `set`) or traces its commands (`set -x`) while secrets are in its environment. The runner masks the exact value only: the same secret base64-encoded, trimmed, split or in a multi-line key reaches the log in clear, and logs are kept and readable by everyone with read access. Write secrets to files or pipes (`echo "$KEY" > key.pem`, `| docker login --password-stdin`), never to the output.',
    bad: `steps:
  - env:
      DEPLOY_TOKEN: \${{ secrets.DEPLOY_TOKEN }}
    run: |
      echo "using token $DEPLOY_TOKEN"
      ./deploy.sh`,
    good: `steps:
  - env:
      DEPLOY_TOKEN: \${{ secrets.DEPLOY_TOKEN }}
    run: |
      echo "deploying"
      ./deploy.sh`,
  },
  check(doc) {
    if (doc.kind !== "workflow" && doc.kind !== "action") return [];
    const findings: RawFinding[] = [];
    for (const context of stepsOf(doc)) {
      const run = context.step.run;
      if (run === undefined) continue;
      const names = secretEnvNames(context);
      const uses = [...names].map((name) => ({
        name,
        pattern: new RegExp(`\\$${escapeRegExp(name)}\\b|\\$\\{${escapeRegExp(name)}\\}|\\$env:${escapeRegExp(name)}\\b|%${escapeRegExp(name)}%`, "i"),
      }));
      for (const line of scriptLines(doc.source, run.range)) {
        const code = line.text.replace(/^\s*#.*$/, "");
        if (code.trim() === "") continue;
        for (const match of code.matchAll(PRINT)) {
          const commandAt = match.index + match[0].length - (match[1] ?? "").length;
          const segment = segmentAfter(code, commandAt);
          if (/::add-mask::/.test(segment) || /(?<![0-9&])>|\|(?!\|)/.test(segment.replace(/2>&1/g, ""))) continue;
          const used = uses.find((u) => u.pattern.test(segment));
          const direct = /\$\{\{\s*(?:secrets\b|github\s*\.\s*token\b)/i.test(segment);
          if (used === undefined && !direct) continue;
          findings.push({
            span: { start: positionIn(doc.source, line, commandAt) },
            message: `${match[1] ?? "echo"} prints ${used === undefined ? "a secret" : `$${used.name}, which holds a secret`}: the runner masks only the exact value; do not print secrets (write them to a file or pipe them)`,
          });
        }
        if (names.size === 0) continue;
        const dump = DUMP.exec(code);
        if (dump !== null) {
          findings.push({
            span: { start: positionIn(doc.source, line, dump.index + dump[0].indexOf(dump[1] ?? "")) },
            message: `'${dump[1] ?? ""}' prints the whole environment, which holds secrets (${[...names].join(", ")}); print only the variables you need`,
          });
        }
        const trace = TRACE.exec(code);
        if (trace !== null) {
          findings.push({
            span: { start: positionIn(doc.source, line, trace.index + trace[0].indexOf(trace[1] ?? "")) },
            message: `'${trace[1] ?? ""}' traces every command with its arguments expanded while secrets are in the environment (${[...names].join(", ")}); remove the tracing`,
          });
        }
      }
    }
    return findings;
  },
};
