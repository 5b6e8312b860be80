import type { Rule } from "../types.js";

/** Reported by the linter itself when it reads suppression comments. */
export const suppressionInvalid: Rule = {
  id: "suppression-invalid",
  title: "suppression comment without a reason or with an unknown rule",
  category: "lint",
  severity: "error",
  kinds: ["workflow", "action", "config", "inventory", "ansible"],
  docs: {
    description:
      "A finding is silenced with a comment on its line, or alone on the line before it: `# runwarden-lint: ignore <rule-id>[,<rule-id>] -- <reason>`. The reason is required — it is what a reviewer reads when deciding whether the exception still holds — and the rule ids must exist. A comment without a reason, or naming an unknown rule, silences nothing and is reported itself.",
    bad: `steps:
  - uses: acme/deploy-action@v2 # runwarden-lint: ignore unpinned-action`,
    good: `steps:
  - uses: acme/deploy-action@v2 # runwarden-lint: ignore unpinned-action -- our own action, tags are protected by a ruleset`,
  },
  check() {
    return [];
  },
};
