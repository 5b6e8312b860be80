import type { Rule } from "../types.js";
import { child, literalText, tokenSpan } from "../workflow/tokens.js";

export const secretsInherit: Rule = {
  id: "secrets-inherit",
  title: "reusable workflow called with secrets: inherit",
  category: "secrets",
  severity: "warning",
  securitySeverity: 5.0,
  kinds: ["workflow"],
  docs: {
    description:
      "`secrets: inherit` hands every secret the caller can read — of the repository, the organisation and the environment — to the called workflow, whatever it needs. A change to that workflow (or to the ref it is called at) can then use any of them. Pass the secrets it needs by name.",
    bad: `jobs:
  deploy:
    uses: acme/workflows/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567
    secrets: inherit`,
    good: `jobs:
  deploy:
    uses: acme/workflows/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567
    secrets:
      DEPLOY_KEY: \${{ secrets.DEPLOY_KEY }}`,
  },
  check(doc) {
    if (doc.kind !== "workflow") return [];
    return doc.jobs.flatMap((job) => {
      const secrets = child(job.token, "secrets");
      if (!job.reusable || literalText(secrets) !== "inherit") return [];
      return [
        {
          span: tokenSpan(doc.source, secrets),
          message: `job '${job.id}' passes every secret to the reusable workflow (secrets: inherit); pass the ones it needs by name`,
        },
      ];
    });
  },
};
