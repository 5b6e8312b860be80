import type { RawFinding, Rule } from "../types.js";
import { stepsOf } from "../workflow/steps.js";
import { child, literalText, tokenSpan, type TemplateToken } from "../workflow/tokens.js";
import type { LintPolicy } from "../policy.js";

const FULL_SHA = /^[0-9a-f]{40}$/;

/** Why a `uses:` value floats, or undefined when it is pinned, local or trusted. */
export function unpinnedReason(uses: string, policy: LintPolicy): string | undefined {
  if (uses.startsWith("./") || uses.startsWith("../")) return undefined;
  if (uses.startsWith("docker://")) {
    return /@sha256:[0-9a-f]{64}$/i.test(uses)
      ? undefined
      : `container image '${uses.slice("docker://".length)}' is not pinned to a digest: a tag can be pushed again with other content; pin @sha256:<digest>`;
  }
  const at = uses.lastIndexOf("@");
  const name = at === -1 ? uses : uses.slice(0, at);
  const ref = at === -1 ? "" : uses.slice(at + 1);
  const owner = name.split("/")[0] ?? "";
  if (policy.isTrustedOwner(owner) || FULL_SHA.test(ref)) return undefined;
  const what = ref === "" ? `'${uses}' names no ref` : `'${uses}' is not pinned to a commit SHA`;
  return `${what}: a tag can be moved to other code; pin the full 40-character commit SHA (keep the tag in a comment: @<sha> # ${ref === "" ? "v1" : ref})`;
}

export const unpinnedAction: Rule = {
  id: "unpinned-action",
  title: "third-party action not pinned to a full commit SHA",
  category: "supply chain",
  severity: "error",
  securitySeverity: 6.5,
  kinds: ["workflow", "action"],
  docs: {
    description:
      "A tag or a branch (`@v1`, `@main`) can be moved to other code at any time by whoever controls the action's repository — or by whoever steals their credentials — and the next deploy runs it with your secrets. Pin third-party actions and reusable workflows to a full 40-character commit SHA, keeping the tag in a comment so updates stay readable. Actions of the owners in `lint.trusted_action_owners` (default `actions`, `github`) may use tags; container images need a `@sha256:` digest.",
    bad: `steps:
  - uses: acme/deploy-action@v2`,
    good: `steps:
  - uses: acme/deploy-action@8f4b7f84864484a7bf31766abe9204da3cbe65b3 # v2`,
  },
  check(doc, { policy }) {
    if (doc.kind !== "workflow" && doc.kind !== "action") return [];
    const targets: TemplateToken[] = stepsOf(doc).flatMap(({ step }) => (step.uses === undefined ? [] : [step.uses]));
    if (doc.kind === "workflow") for (const job of doc.jobs) if (job.reusable) targets.push(child(job.token, "uses") ?? job.idToken);
    const findings: RawFinding[] = [];
    for (const token of targets) {
      const uses = literalText(token);
      const reason = uses === undefined ? undefined : unpinnedReason(uses, policy);
      if (reason === undefined) continue;
      findings.push({
        span: tokenSpan(doc.source, token),
        message: reason,
      });
    }
    return findings;
  },
};
