import { formatProblem } from "../../output/errors.js";
import type { Rule } from "../types.js";

export const configInvalid: Rule = {
  id: "config-invalid",
  title: "runwarden.yml does not validate",
  category: "config",
  severity: "error",
  kinds: ["config"],
  docs: {
    description:
      "Everything `runwarden config validate` reports: unknown keys, wrong types, invalid durations, templates and host patterns, literal addresses in address fields, missing environments. A configuration that does not validate stops every runwarden command at the start of a deploy; lint finds it in review instead. The message is the validator's, with what was expected and what was found.",
    bad: `inventory: inventories/production/hosts
environments:
  production:
    hosts: production
    runner_groups:
      - name: primary
        labels: [self-hosted, production]
        min_idle: many`,
    good: `inventory: inventories/production/hosts
environments:
  production:
    hosts: production
    runner_groups:
      - name: primary
        labels: [self-hosted, production]
        min_idle: 1`,
  },
  check(doc) {
    if (doc.kind !== "config") return [];
    return doc.problems.map((problem) => ({
      span: { start: { line: problem.location.line ?? 1, col: problem.location.col ?? 1 } },
      message: formatProblem({ ...problem, location: { file: "" } })
        .replace(/^: /, "")
        .replace(/\n\s*hint: /, " — hint: "),
    }));
  },
};
