import type { Rule } from "../types.js";
import { readsSecret, stepsOf } from "../workflow/steps.js";
import { interpolations, spanOf } from "../workflow/tokens.js";

export const secretInRun: Rule = {
  id: "secret-in-run",
  title: "secret interpolated into a run: script",
  category: "secrets",
  severity: "error",
  securitySeverity: 7.5,
  kinds: ["workflow", "action"],
  docs: {
    description:
      "`${{ secrets.X }}` (or `${{ github.token }}`) inside `run:` is pasted into the script's text before the shell starts: the value lands in the script file on the runner, in the process list, and in the shell's syntax — a quote in it breaks the script or runs part of it as a command. Pass the secret through `env:` and use the variable (`\"$X\"`), which the shell treats as data.",
    bad: `steps:
  - run: |
      curl -H "Authorization: Bearer \${{ secrets.API_TOKEN }}" https://api.example.com/deploy`,
    good: `steps:
  - env:
      API_TOKEN: \${{ secrets.API_TOKEN }}
    run: |
      curl -H "Authorization: Bearer $API_TOKEN" https://api.example.com/deploy`,
  },
  check(doc) {
    if (doc.kind !== "workflow" && doc.kind !== "action") return [];
    return stepsOf(doc).flatMap(({ step }) =>
      interpolations(step.run)
        .filter((i) => readsSecret(i.expression))
        .map((i) => ({
          span: spanOf(doc.source, i.range),
          message: `secret interpolated into a run: script ('\${{ ${i.expression.trim()} }}'): it becomes part of the script's text; pass it through env: and use the variable instead`,
        })),
    );
  },
};
