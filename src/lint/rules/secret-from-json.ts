import type { Rule } from "../types.js";
import { expressionsUnder, spanOf } from "../workflow/tokens.js";

const FROM_JSON_SECRET = /\bfromjson\s*\(\s*secrets\b/i;

export const secretFromJson: Rule = {
  id: "secret-from-json",
  title: "value taken out of a JSON secret with fromJSON()",
  category: "secrets",
  severity: "error",
  securitySeverity: 7.0,
  kinds: ["workflow", "action"],
  docs: {
    description:
      "The runner masks a secret's whole value as it was stored. `fromJSON(secrets.X).password` is a piece of that value, which the runner never registered: it is printed in clear wherever it appears in a log. Store each credential as its own secret, or register the piece with `::add-mask::` before anything else uses it.",
    bad: `steps:
  - env:
      DB_PASSWORD: \${{ fromJSON(secrets.DATABASE).password }}
    run: ./migrate.sh`,
    good: `steps:
  - env:
      DB_PASSWORD: \${{ secrets.DATABASE_PASSWORD }}
    run: ./migrate.sh`,
  },
  check(doc) {
    if (doc.kind !== "workflow" && doc.kind !== "action") return [];
    return [...expressionsUnder(doc.root)]
      .filter(({ interpolation }) => FROM_JSON_SECRET.test(interpolation.expression))
      .map(({ interpolation }) => ({
        span: spanOf(doc.source, interpolation.range),
        message: `'\${{ ${interpolation.expression.trim()} }}' takes a value out of a JSON secret: the runner does not mask the piece; store it as a secret of its own`,
      }));
  },
};
